/**
 * `editorial-panel/testing/msw`: msw handlers that answer the Anthropic
 * Messages and OpenAI Chat Completions endpoints from run records, matched by
 * request hash. msw is an optional peer dependency: install it to use this.
 */
import { http, HttpResponse } from 'msw';
import type { RunRecord } from '../shapes/run-record.js';
import { replayResponse } from './index.js';

export interface ReplayHandlerOptions {
  /** Called with every request body received, for assertions on what was sent. */
  onRequest?: (request: { url: string; headers: Headers; body: Record<string, unknown> }) => void;
  /** Called with the hash of a body no recording answers (answered 404, never passed to the network). */
  onMiss?: (hash: string) => void;
}

export function replayHandlers(records: readonly RunRecord[], options: ReplayHandlerOptions = {}) {
  const answer = replayResponse(records);
  const resolver = async ({ request }: { request: Request }) => {
    const body = (await request.clone().json()) as Record<string, unknown>;
    options.onRequest?.({ url: request.url, headers: request.headers, body });
    const result = answer(body);
    if (result instanceof Response) return result;
    options.onMiss?.(result.miss);
    // Returning nothing would let msw pass the request through to the real network.
    return HttpResponse.json({ type: 'error', error: { type: 'not_found_error', message: `panel replay: no recorded response for this request (body hash ${result.miss})` } }, { status: 404 });
  };
  return [http.post('*/v1/messages', resolver), http.post('*/v1/chat/completions', resolver)];
}
