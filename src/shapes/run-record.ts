import { z } from 'zod';
import { callFields } from './call-fields.js';
import { toolSnapshotSchema } from './tool.js';
import { reviewSchema } from './answers.js';
import { reviewFailureSchema } from './failure.js';
import { inputHashesSchema } from './input-hashes.js';
import { usageSchema } from './usage.js';

export type { InputHashes } from './input-hashes.js';
export type { ReviewFailure } from './failure.js';

export const RUN_SCHEMA_VERSION = 4;

export const reviewRecordSchema = z.object({
  persona: z.string(),
  personaName: z.string(),
  model: z.string(),
  inputs: inputHashesSchema,
  fingerprint: z.string(),
  /** `recused`: the self-preference guard kept this persona off a tool its model's maker made (schema 3). */
  status: z.enum(['ok', 'failed', 'recused']),
  /** The provider the review ran on, as configured (`anthropic`, `openai`, or a name under `providers:`), and its API (schema 3). */
  provider: z.string().optional(),
  api: z.enum(['anthropic', 'openai']).optional(),
  /** Which of the persona's repeated samples this is, from 1 (schema 3; absent means 1). */
  sample: z.number().int().min(1).optional(),
  /** Why the persona was recused, in words a reader can see. */
  recusal: z.string().optional(),
  review: reviewSchema.optional(),
  error: reviewFailureSchema.optional(),
  ...callFields,
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
  /** Personas whose samples split evenly: counted as neither ship nor skip (schema 3). */
  ties: z.number().optional(),
  /** Personas whose verdict was not unanimous across their samples (schema 3). */
  contested: z.number().optional(),
  /** Personas kept off the panel by the self-preference guard (schema 3). */
  recused: z.array(z.string()).optional(),
});
export type Score = z.output<typeof scoreSchema>;

export const runRecordSchema = z.object({
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  runId: z.string(),
  createdAt: z.string(),
  /** The command that wrote the run (schema 2). */
  writtenBy: z.object({ command: z.enum(['review', 'regen', 'seed-runs']) }),
  /** Samples asked of each persona (schema 3; absent means 1). */
  samples: z.number().int().min(1).optional(),
  /** `transcribed` records were built from a published page, not from live calls. */
  origin: z.object({
    kind: z.enum(['live', 'transcribed']),
    source: z.string().optional(),
    note: z.string().optional(),
  }),
  tool: toolSnapshotSchema,
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
