import { z } from 'zod';
import { callFields } from './call-fields.js';
import { toolSnapshotSchema } from './tool.js';
import { pickSchema } from './answers.js';
import { inputHashesSchema } from './input-hashes.js';
import { reviewFailureSchema } from './failure.js';
import { usageSchema } from './usage.js';

export const COMPARISON_SCHEMA_VERSION = 1;

/** Every input of one head-to-head request, hashed one by one: a review's inputs, with the tool shown first and the one shown second in place of one tool. */
const pickInputsSchema = inputHashesSchema.omit({ tool: true }).extend({ first: z.string(), second: z.string() });
export type PickInputs = z.output<typeof pickInputsSchema>;

/** One persona's pick in one order: `AB` shows the pair's first tool first. */
export const pickRecordSchema = z.object({
  persona: z.string(),
  personaName: z.string(),
  order: z.enum(['AB', 'BA']),
  model: z.string(),
  provider: z.string(),
  api: z.enum(['anthropic', 'openai']),
  inputs: pickInputsSchema,
  fingerprint: z.string(),
  status: z.enum(['ok', 'failed', 'recused']),
  /** The answer as given (A or B is a position), and the slug it names. */
  pick: pickSchema.optional(),
  slug: z.string().optional(),
  error: reviewFailureSchema.optional(),
  recusal: z.string().optional(),
  ...callFields,
});
export type PickRecord = z.output<typeof pickRecordSchema>;

const snapshot = toolSnapshotSchema;

/**
 * A head-to-head comparison run: `runs/.comparisons/<a>--<b>/<runId>.json`
 * (a dot folder, so no tool slug can collide with it). Each persona is asked
 * in both orders; every request and answer is kept, so it replays by hash.
 */
export const comparisonRecordSchema = z.object({
  schemaVersion: z.literal(COMPARISON_SCHEMA_VERSION),
  kind: z.literal('comparison'),
  runId: z.string(),
  createdAt: z.string(),
  pair: z.string(),
  tools: z.tuple([snapshot, snapshot]),
  picks: z.array(pickRecordSchema),
  usage: usageSchema,
  cost: z.number().nullable(),
});
export type ComparisonRecord = z.output<typeof comparisonRecordSchema>;

export function pairKey(a: string, b: string): string {
  return `${a}--${b}`;
}
