import { z } from 'zod';

/** One HTTP exchange as recorded: the body as sent and the body as received. */
export const exchangeSchema = z.object({
  request: z.record(z.string(), z.unknown()),
  /** SHA-256 of the request body's canonical JSON; replay matches on it. */
  requestHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
  response: z.object({
    status: z.number(),
    /** Only allowlisted headers (request id, retry-after, rate limits). */
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  }),
  latencyMs: z.number(),
  /** HTTP tries it took, retries included. */
  attempts: z.number(),
  /** Set when the answer came from a recording, with the run it came from. */
  replayedFrom: z.string().optional(),
});
export type Exchange = z.output<typeof exchangeSchema>;
