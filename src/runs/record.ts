import { z } from 'zod';
import { toolFileSchema } from '../catalog/tool-schema.js';
import { reviewSchema } from '../review/schema.js';
import { exchangeSchema } from '../shapes/exchange.js';
import { reviewFailureSchema } from '../shapes/failure.js';
import { inputHashesSchema } from '../shapes/input-hashes.js';
import { usageSchema } from '../shapes/usage.js';

export type { InputHashes } from '../shapes/input-hashes.js';
export type { ReviewFailure } from '../shapes/failure.js';

export const RUN_SCHEMA_VERSION = 2;

export const reviewRecordSchema = z.object({
  persona: z.string(),
  personaName: z.string(),
  model: z.string(),
  inputs: inputHashesSchema,
  fingerprint: z.string(),
  status: z.enum(['ok', 'failed']),
  review: reviewSchema.optional(),
  error: reviewFailureSchema.optional(),
  exchanges: z.array(exchangeSchema),
  usage: usageSchema,
  /** USD; null while the price is unknown. */
  cost: z.number().nullable(),
  latencyMs: z.number(),
  attempts: z.number(),
  reusedFrom: z.string().optional(),
});
export type ReviewRecord = z.output<typeof reviewRecordSchema>;

export const scoreSchema = z.object({
  ship: z.number(),
  skip: z.number(),
  valid: z.number(),
  failed: z.array(z.string()),
  /** Whole percent of valid reviews that ship; null when none is valid. */
  percent: z.number().nullable(),
  /** At least 3 valid reviews. */
  complete: z.boolean(),
});
export type Score = z.output<typeof scoreSchema>;

export const runRecordSchema = z.object({
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  runId: z.string(),
  createdAt: z.string(),
  /** The command that wrote the run (schema 2). */
  writtenBy: z.object({ command: z.enum(['review', 'regen', 'seed-runs']) }),
  /** `transcribed` records were built from a published page, not from live calls. */
  origin: z.object({
    kind: z.enum(['live', 'transcribed']),
    source: z.string().optional(),
    note: z.string().optional(),
  }),
  tool: toolFileSchema.extend({ slug: z.string() }),
  provider: z.enum(['anthropic', 'openai']),
  config: z.object({
    concurrency: z.number(),
    timeoutMs: z.number(),
    attempts: z.number(),
  }),
  reviews: z.array(reviewRecordSchema),
  score: scoreSchema,
  usage: usageSchema,
  /** USD the run spent (reused reviews count 0); null when a model had no price. Absent in early schema-2 records. */
  cost: z.number().nullable().optional(),
});
export type RunRecord = z.output<typeof runRecordSchema>;

/**
 * What planning needs of a run: everything but the exchanges. Parsing a
 * record against this schema drops the request and response bodies, which are
 * most of its size, so a catalog's latest runs can be compared cheaply.
 */
export const runSummarySchema = runRecordSchema.pick({ runId: true, createdAt: true, tool: true, provider: true, score: true }).extend({
  reviews: z.array(reviewRecordSchema.omit({ exchanges: true })),
});
export type RunSummary = z.output<typeof runSummarySchema>;
