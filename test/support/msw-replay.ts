/**
 * msw handlers built from run records: a request to either API is answered
 * with the recorded response whose request hash matches the body received,
 * whatever the call order. A body with no recording is left unhandled, so
 * `onUnhandledRequest: 'error'` reports it.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { RunRecord } from '../../src/runs/record.js';
import { indexExchanges } from '../../src/runs/exchange-index.js';
import { hashOf } from '../../src/util/hash.js';

export interface Sent {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
}

export function recordedHandlers(records: readonly RunRecord[], sent: Sent[] = [], misses: string[] = []) {
  const index = indexExchanges(records);
  const resolver = async ({ request }: { request: Request }) => {
    const body = (await request.clone().json()) as Record<string, unknown>;
    sent.push({ url: request.url, headers: request.headers, body });
    const hit = index.get(hashOf(body));
    if (!hit) {
      const hash = hashOf(body);
      misses.push(hash);
      return HttpResponse.json(
        { type: 'error', error: { type: 'not_found_error', message: `no recording matches this request (hash ${hash})` } },
        { status: 404 },
      );
    }
    const { status, headers, body: responseBody } = hit.exchange.response;
    return HttpResponse.json(responseBody as Record<string, unknown>, { status, headers });
  };
  return [http.post('*/v1/messages', resolver), http.post('*/v1/chat/completions', resolver)];
}

/** An msw server that errors on any request no handler answers (data: URLs aside, see platform-notes). */
export function strictServer(...handlers: Parameters<typeof setupServer>) {
  const server = setupServer(...handlers);
  const unhandled: string[] = [];
  return {
    server,
    unhandled,
    listen() {
      server.listen({
        onUnhandledRequest(request, print) {
          if (request.url.startsWith('data:')) return;
          unhandled.push(`${request.method} ${request.url}`);
          print.error();
        },
      });
    },
  };
}
