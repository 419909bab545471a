import type { LiveOptions } from './live.js';

/** What every SDK client needs: where, with which key, how long, through which fetch. */
export type ClientOptions = Pick<LiveOptions, 'apiKey' | 'baseURL' | 'timeoutMs' | 'fetch'>;

/**
 * The SDK clients, built in one place and loaded only when used (the SDKs
 * cost 0.2–0.4 s to import). Live calls pass maxRetries 0: panel's own retry
 * layer counts every try. Batch bookkeeping calls keep a couple of SDK
 * retries, since nothing else retries them.
 */
export async function anthropicClient(options: ClientOptions, maxRetries: number) {
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    maxRetries,
    timeout: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export async function openaiClient(options: ClientOptions, maxRetries: number) {
  const { default: OpenAI } = await import('openai');
  return new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries,
    timeout: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
