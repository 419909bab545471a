import { z } from 'zod';
import { parseYamlWith, readUtf8 } from '../util/yaml-file.js';
import type { Usage } from '../shapes/usage.js';

const perMillion = z.number({ error: 'must be US dollars per million tokens' }).min(0, 'must be 0 or more');

export const priceSchema = z.strictObject({
  input: perMillion,
  output: perMillion,
  /** Anthropic cache writes; OpenAI has none. */
  cache_write: perMillion.optional(),
  cache_read: perMillion.optional(),
  date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  source: z.string().min(1, 'say where the price comes from'),
  /** A price tier the model has beyond this one, in words (panel's prompts stay in the first). */
  tier: z.string().optional(),
});
export type Price = z.output<typeof priceSchema>;

const priceTableSchema = z.strictObject({ models: z.record(z.string(), priceSchema) });
export type PriceTable = z.output<typeof priceTableSchema>;

export async function loadPrices(path: string, shownAs: string): Promise<PriceTable> {
  return parseYamlWith(await readUtf8(path, shownAs), priceTableSchema, shownAs);
}

/**
 * The price of a model: an exact entry, else the longest entry that prefixes it
 * (a dated snapshot such as claude-haiku-4-5-20251001 takes claude-haiku-4-5's).
 */
export function priceOf(table: PriceTable, model: string): Price | undefined {
  const exact = table.models[model];
  if (exact) return exact;
  const key = Object.keys(table.models)
    .filter((k) => model.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? table.models[key] : undefined;
}

/** USD for one call's usage. Cache tokens without a cache price are priced as plain input. */
export function costOf(usage: Usage, price: Price): number {
  const usd =
    usage.inputTokens * price.input + usage.outputTokens * price.output + usage.cacheWriteTokens * (price.cache_write ?? price.input) + usage.cacheReadTokens * (price.cache_read ?? price.input);
  return usd / 1_000_000;
}
