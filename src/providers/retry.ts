import type { ProviderCallError } from './http-error.js';

export interface RetryPolicy {
  /** Tries per call, the first included. */
  attempts: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * panel's one retry layer (the SDKs' own retries are off, so every try is
 * counted here). Retries only what `ProviderCallError.kind` says is
 * retryable, with exponential backoff and full jitter, and never sooner than
 * the server's retry-after.
 */
export async function withRetries<T>(fn: () => Promise<T>, classify: (error: unknown) => ProviderCallError, policy: RetryPolicy, signal?: AbortSignal): Promise<{ value: T; attempts: number }> {
  const base = policy.baseDelayMs ?? 500;
  const cap = policy.maxDelayMs ?? 30_000;
  const sleep = policy.sleep ?? abortableSleep;
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(), attempts: attempt };
    } catch (raw) {
      const error = classify(raw);
      if (error.kind !== 'retry' || attempt >= policy.attempts || signal?.aborted) {
        // The tries spent are part of the failure: the run record counts them.
        throw Object.assign(error, { attempts: attempt });
      }
      const backoff = random() * Math.min(cap, base * 2 ** (attempt - 1));
      await sleep(Math.max(backoff, error.retryAfterMs ?? 0), signal);
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
