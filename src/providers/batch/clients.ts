import type { Config } from '../../config.js';
import { credentialsFor } from '../resolve.js';
import { ANTHROPIC_BATCH_LIMIT, anthropicBatches, type BatchResult, type BatchStatus } from './anthropic.js';
import { OPENAI_BATCH_LIMIT, openaiBatches } from './openai.js';

/** What panel needs of a provider's batch API. */
export interface BatchApi {
  submit(requests: { custom_id: string; params: Record<string, unknown> }[]): Promise<string>;
  status(providerId: string): Promise<BatchStatus>;
  results(providerId: string): Promise<Map<string, BatchResult>>;
}

/** The provider's batch API: Anthropic Message Batches, or OpenAI files + batches. */
export async function batchApi(config: Config, provider: 'anthropic' | 'openai', fetch?: typeof globalThis.fetch): Promise<BatchApi> {
  const what = provider === 'anthropic' ? 'The Anthropic Message Batches API' : 'The OpenAI Batch API';
  const options = { ...credentialsFor(config, provider, what), timeoutMs: config.timeoutMs, ...(fetch ? { fetch } : {}) };
  return provider === 'anthropic' ? anthropicBatches(options) : openaiBatches(options);
}

/** Requests per provider batch: `batch_limit:` in the config, else the provider's documented limit. */
export function batchLimit(config: Config, provider: 'anthropic' | 'openai'): number {
  return config.batchLimit ?? (provider === 'anthropic' ? ANTHROPIC_BATCH_LIMIT : OPENAI_BATCH_LIMIT);
}
