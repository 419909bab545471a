import type { Prompt } from '../review/prompt.js';
import { reviewJsonSchema } from '../review/schema.js';

/**
 * Anthropic prompt caching for a panel: the shared prefix (the review tool,
 * the shared rules, the tool block) is identical in all of a panel's
 * requests, so marking it with cache_control lets every persona after the
 * first read it from the cache. Below the model's minimum cacheable length
 * (models.yaml `cache_min_tokens`) the mark does nothing but cost a cache
 * write, so it is left off.
 */
export const DEFAULT_CACHE_MIN_TOKENS = 1024; // the smallest minimum Anthropic publishes (Sonnet and Opus)

let schemaChars: number | undefined;

/** The shared prefix's size in tokens, estimated from the model's characters per token (no offline tokenizer covers every model). */
export function sharedPrefixTokens(prompt: Pick<Prompt, 'system' | 'toolBlock'>, charsPerToken: number): number {
  schemaChars ??= JSON.stringify(reviewJsonSchema()).length;
  return Math.ceil((schemaChars + prompt.system.length + prompt.toolBlock.length) / charsPerToken);
}
