import { hashOf } from '../util/hash.js';
import { ProviderCallError, keepHeaders } from './http-error.js';
import type { Throttle } from './provider.js';
import type { Exchange } from '../shapes/exchange.js';
import { withRetries, type RetryPolicy } from './retry.js';

/** Settings every live provider takes. */
export interface LiveOptions {
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Injected in tests and by `panel/testing`; defaults to the global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * Send one request body through an SDK call that resolves to the raw HTTP
 * Response, with panel's retries, and keep the exchange as the run record
 * stores it: the body as sent, the body as received, allowlisted headers.
 */
export async function liveExchange(
  request: Record<string, unknown>,
  send: () => Promise<Response>,
  classify: (error: unknown) => ProviderCallError,
  options: LiveOptions,
  signal?: AbortSignal,
  throttle?: Throttle,
): Promise<Exchange> {
  const now = options.now ?? Date.now;
  const started = now();
  const { value: response, attempts } = await withRetries(
    async () => {
      const res = await (throttle ? throttle.run(send) : send());
      const text = await res.text();
      try {
        return { res, body: JSON.parse(text) as unknown };
      } catch {
        throw new ProviderCallError(`the API answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`, {
          status: res.status,
          kind: 'retry',
          body: text.slice(0, 2000),
        });
      }
    },
    classify,
    options.retry,
    signal,
  );
  return {
    request,
    requestHash: hashOf(request),
    response: { status: response.res.status, headers: keepHeaders(response.res.headers), body: response.body },
    latencyMs: now() - started,
    attempts,
  };
}
