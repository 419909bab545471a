import { WorkError } from '../errors.js';

/** Response headers worth keeping; everything else (cookies, auth echoes, org ids) is dropped. */
const KEPT_HEADERS = /^(request-id|x-request-id|anthropic-request-id|openai-processing-ms|retry-after|retry-after-ms|x-ratelimit-.*|anthropic-ratelimit-.*)$/i;

export function keepHeaders(headers: Headers | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  headers?.forEach((value, key) => {
    if (KEPT_HEADERS.test(key)) kept[key.toLowerCase()] = value;
  });
  return kept;
}

/** Strip what could identify an account (key-like strings, org ids, bearer tokens) from error text before it is stored. */
function redactText(text: string): string {
  return text
    .replace(/\bsk-[A-Za-z0-9_*-]{6,}/g, '[redacted-key]')
    .replace(/\borg-[A-Za-z0-9]{6,}/g, '[redacted-org]')
    .replace(/\b(org(?:anization)?(?: id)?[:=]\s*)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '$1[redacted-org]')
    .replace(/\b(Bearer\s+)[A-Za-z0-9._-]+/gi, '$1[redacted]');
}

function redact(value: unknown): unknown {
  return JSON.parse(redactText(JSON.stringify(value ?? null)));
}

export type ErrorClass = 'retry' | 'fatal' | 'fail' | 'cancelled';

/**
 * A call that got no usable HTTP answer. `retryable` errors are retried by
 * the retry layer; `fatal` ones (bad key, no quota) stop the whole run,
 * since every other call would fail the same way.
 */
export class ProviderCallError extends WorkError {
  readonly status: number | undefined;
  readonly kind: ErrorClass;
  readonly retryAfterMs: number | undefined;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(message: string, init: { status?: number; kind: ErrorClass; retryAfterMs?: number; body?: unknown; headers?: Record<string, string>; cause?: unknown }) {
    super(redactText(message), { cause: init.cause });
    this.status = init.status;
    this.kind = init.kind;
    this.retryAfterMs = init.retryAfterMs;
    this.body = init.body === undefined ? undefined : redact(init.body);
    this.headers = init.headers ?? {};
  }
}

interface SdkErrorLike {
  status?: unknown;
  headers?: unknown;
  error?: unknown;
  message?: string;
  name?: string;
}

/**
 * Classify an error thrown by either SDK (both use the same Stainless error
 * shapes: `status`, `headers`, `error`). Connection errors carry no status.
 */
export function fromSdkError(error: unknown, provider: 'anthropic' | 'openai', keyVar: string): ProviderCallError {
  if (error instanceof ProviderCallError) return error;
  const e = (error ?? {}) as SdkErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.headers instanceof Headers ? e.headers : undefined;
  const kept = keepHeaders(headers);
  const body = e.error;
  const apiMessage = errorMessage(body) ?? e.message ?? String(error);
  const base = { ...(status !== undefined ? { status } : {}), body, headers: kept, cause: error };

  if (status === undefined) {
    const aborted = e.name === 'AbortError' || /abort/i.test(e.constructor?.name ?? '') || /aborted/i.test(apiMessage);
    if (aborted && !/timed? ?out/i.test(apiMessage)) return new ProviderCallError('the call was cancelled', { ...base, kind: 'cancelled' });
    return new ProviderCallError(`could not reach the ${provider} API: ${apiMessage}`, { ...base, kind: 'retry' });
  }
  const retryAfterMs = parseRetryAfter(headers);
  const withRetry = retryAfterMs !== undefined ? { retryAfterMs } : {};
  if (isQuotaError(body, apiMessage)) {
    return new ProviderCallError(`${provider} says the account is out of quota or over its spend limit (${status}: ${apiMessage}). Add credit or raise the limit, then run again.`, {
      ...base,
      kind: 'fatal',
    });
  }
  if (status === 401 || status === 403) {
    return new ProviderCallError(`${provider} rejected the credentials (${status}: ${apiMessage}). Check ${keyVar}.`, { ...base, kind: 'fatal' });
  }
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    return new ProviderCallError(`${provider} answered ${status}: ${apiMessage}`, { ...base, ...withRetry, kind: 'retry' });
  }
  if (status === 404) {
    return new ProviderCallError(`${provider} answered 404: ${apiMessage}. Check the model name and the base URL.`, { ...base, kind: 'fail' });
  }
  return new ProviderCallError(`${provider} answered ${status}: ${apiMessage}`, { ...base, kind: 'fail' });
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body; // some OpenAI-compatible servers send {"error": "text"}
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { message?: unknown; error?: { message?: unknown } };
  const m = b.error?.message ?? b.message;
  return typeof m === 'string' ? m : undefined;
}

function isQuotaError(body: unknown, message: string): boolean {
  const text = JSON.stringify(body ?? '') + message;
  return /insufficient_quota|billing_hard_limit|credit balance is too low|spend limit|usage limit/i.test(text);
}

/** `retry-after-ms` first, then `retry-after` (seconds or an HTTP date). */
function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
