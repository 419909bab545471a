import type { Prompt } from '../review/prompt.js';
import { reviewJsonSchema } from '../review/schema.js';

/**
 * Anthropic prompt caching for a panel: the shared prefix (the review tool,
 * the shared rules, the tool block) is identical in all of a panel's
 * requests, so marking it with cache_control lets every persona after the
 * first read it from the cache. Below the model's minimum cacheable length the
 * mark does nothing but cost a cache write, so it is left off.
 */
export function minCacheableTokens(model: string): number {
  return /haiku/i.test(model) ? 4096 : 1024;
}

let schemaChars: number | undefined;

/** The shared prefix's size in tokens, estimated at about 4 characters a token: no offline tokenizer exists for every model. */
export function sharedPrefixTokens(prompt: Pick<Prompt, 'system' | 'toolBlock'>): number {
  schemaChars ??= JSON.stringify(reviewJsonSchema()).length;
  return Math.ceil((schemaChars + prompt.system.length + prompt.toolBlock.length) / 4);
}
