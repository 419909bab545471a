import type { Price, PriceTable } from '../cost/prices.js';
import { priceOf } from '../cost/prices.js';
import type { ModelEntry, ModelTable } from './model-table.js';

/** What panel knows of one model id: its table entry (or its provider's safe defaults), and its price. */
export interface ModelInfo {
  id: string;
  /** The table key that matched; undefined when the model is not in the table. */
  key: string | undefined;
  entry: ModelEntry;
  price: Price | undefined;
}

/** Safe defaults for a model the table does not know: what every current model of the API accepts. */
const PROVIDER_DEFAULTS: Record<'anthropic' | 'openai', ModelEntry> = {
  // API version 2026-10-21 rejects every sampling parameter; forced tool use
  // is the one structured-output method every Claude model before the 5.5
  // generation accepts.
  anthropic: { provider: 'anthropic', maker: 'Anthropic', structured_output: 'forced_tool', sampling: [], max_tokens: 4096 },
  openai: { provider: 'openai', maker: 'unknown', structured_output: 'json_schema', sampling: ['temperature', 'top_p'], max_tokens: 4096 },
};

/**
 * A model by id: the exact entry, else its dated snapshot's model
 * (`claude-haiku-4-5-20251001` → `claude-haiku-4-5`, `gpt-5.4-mini-2026-03-17`
 * → `gpt-5.4-mini`), else a family whose `match:` pattern fits. Prices from a
 * `prices:` table of the user's replace the table's.
 */
export function lookupModel(table: ModelTable, id: string, provider: 'anthropic' | 'openai', prices?: PriceTable): ModelInfo {
  const key = keyOf(table, id);
  const entry = key ? table.models[key]! : PROVIDER_DEFAULTS[provider];
  const price = (prices && priceOf(prices, id)) ?? entry.price;
  return { id, key, entry, price };
}

function keyOf(table: ModelTable, id: string): string | undefined {
  if (table.models[id] && !table.models[id]!.match) return id;
  const undated = id.replace(/-(\d{8}|\d{4}-\d\d-\d\d)$/, '');
  if (undated !== id && table.models[undated] && !table.models[undated]!.match) return undated;
  const lower = id.toLowerCase();
  return Object.entries(table.models).find(([, e]) => e.match?.some((p) => globMatch(p.toLowerCase(), lower)))?.[0];
}

function globMatch(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
}

/** A retirement date's standing on `today`: retired, retiring within 30 days, or neither. */
export function retirement(entry: ModelEntry, today: Date): 'retired' | 'retiring' | undefined {
  if (!entry.retires) return undefined;
  const days = (Date.parse(`${entry.retires}T00:00:00Z`) - today.getTime()) / 86_400_000;
  return days <= 0 ? 'retired' : days <= 30 ? 'retiring' : undefined;
}
