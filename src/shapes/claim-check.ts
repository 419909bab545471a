import { z } from 'zod';
import { callFields } from './call-fields.js';
import { reviewFailureSchema } from './failure.js';

const CLAIM_STATUSES = ['supported', 'contradicted', 'not_in_material'] as const;

/** One factual claim a quote makes about the tool, and what the tool's material says of it. */
const claimSchema = z.object({
  claim: z.string(),
  status: z.enum(CLAIM_STATUSES),
  /** The material's words that support or contradict it; empty when the material does not say. */
  evidence: z.string(),
});
export type Claim = z.output<typeof claimSchema>;

/**
 * The checker's answer: one entry per quote it was asked about. The request's
 * schema names the personas asked about as an enum, so a model cannot invent
 * one; the answer is validated against the same list.
 */
export function claimAnswerSchema(personas: readonly [string, ...string[]]) {
  return z.object({ quotes: z.array(z.object({ persona: z.enum(personas), claims: z.array(claimSchema) })) });
}
export type ClaimAnswer = { quotes: { persona: string; claims: Claim[] }[] };

/** A quote as checked: whose, which words (by hash), and its claims. */
const checkedQuoteSchema = z.object({ persona: z.string(), quote: z.string(), claims: z.array(claimSchema) });
export type CheckedQuote = z.output<typeof checkedQuoteSchema>;

export const CLAIM_CHECK_SCHEMA_VERSION = 1;

/**
 * One claim check of a tool's quotes: `runs/.checks/<slug>/<runId>.json` (a
 * dot folder beside the comparisons). It keeps the checker's request and
 * answer whole, so it replays by request hash; a quote is identified by its
 * key (the persona, the quote's words and the material's hash), so a quote
 * carried by regen keeps its check and a changed description checks it again.
 */
export const claimCheckRecordSchema = z.object({
  schemaVersion: z.literal(CLAIM_CHECK_SCHEMA_VERSION),
  kind: z.literal('claim-check'),
  runId: z.string(),
  createdAt: z.string(),
  slug: z.string(),
  /** The review run whose quotes were checked. */
  reviewRun: z.string(),
  /** Hash of the material the quotes were checked against, and of the checker's instructions. */
  material: z.string(),
  checker: z.object({ provider: z.string(), api: z.enum(['anthropic', 'openai']), model: z.string() }),
  fingerprint: z.string(),
  status: z.enum(['ok', 'failed']),
  quotes: z.array(checkedQuoteSchema),
  error: reviewFailureSchema.optional(),
  ...callFields,
});
export type ClaimCheckRecord = z.output<typeof claimCheckRecordSchema>;
