import { addUsage, NO_USAGE, type Usage } from '../shapes/usage.js';

export interface Spend {
  usage: Usage;
  /** USD; null when any review's model has no price. */
  cost: number | null;
  /** Models without a price, for the message. */
  unpriced: string[];
}

/** What a set of reviews spent. Reused reviews cost nothing again: they carry zero usage and cost 0. */
export function spendOf(reviews: readonly { model: string; usage: Usage; cost: number | null }[]): Spend {
  const usage = reviews.reduce((sum, r) => addUsage(sum, r.usage), NO_USAGE);
  const unpriced = [...new Set(reviews.filter((r) => r.cost === null).map((r) => r.model))];
  const cost = unpriced.length ? null : reviews.reduce((sum, r) => sum + (r.cost ?? 0), 0);
  return { usage, cost, unpriced };
}

export function formatUsd(usd: number): string {
  return usd === 0 ? '$0' : usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** "12,345 input, 0 cache-write, 0 cache-read, 1,200 output tokens; $0.0184" — or why the cost is unknown. */
export function describeSpend(spend: Spend): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const u = spend.usage;
  const tokens = `${n(u.inputTokens)} input, ${n(u.cacheWriteTokens)} cache-write, ${n(u.cacheReadTokens)} cache-read, ${n(u.outputTokens)} output tokens`;
  const cost = spend.cost === null ? `cost unknown (no price for ${spend.unpriced.join(', ')}: add one in a \`models:\` file, see README: The model table)` : formatUsd(spend.cost);
  return `${tokens}; ${cost}`;
}
