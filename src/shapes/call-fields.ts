import { z } from 'zod';
import { exchangeSchema } from './exchange.js';
import { usageSchema } from './usage.js';

/** What every record of a model call keeps of its calls, whatever the kind: each exchange whole, what it used and cost, and how long and how many tries it took. */
export const callFields = {
  exchanges: z.array(exchangeSchema),
  usage: usageSchema,
  /** USD; null while the price is unknown. */
  cost: z.number().nullable(),
  latencyMs: z.number(),
  attempts: z.number(),
};
