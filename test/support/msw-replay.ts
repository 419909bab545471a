/**
 * msw for the project's own tests: the exported replay handlers
 * (`editorial-panel/testing/msw`) plus a server that errors on anything no
 * handler answers.
 */
import { setupServer } from 'msw/node';
import type { RunRecord } from '../../src/shapes/run-record.js';
import { replayHandlers } from '../../src/testing/msw.js';

export interface Sent {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Replay handlers that also collect what was sent and what no recording answered. */
export function recordedHandlers(records: readonly RunRecord[], sent: Sent[] = [], misses: string[] = []) {
  return replayHandlers(records, { onRequest: (r) => sent.push(r), onMiss: (hash) => misses.push(hash) });
}

/** An msw server that errors on any request no handler answers (data: URLs aside, see DEVELOPERS.md, the msw passthrough trap). */
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
