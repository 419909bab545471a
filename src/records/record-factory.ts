import { randomBytes } from 'node:crypto';
import type { Tool } from '../shapes/tool.js';
import type { Config } from '../config.js';
import { spendOf } from '../cost/spend.js';
import type { Review } from '../shapes/answers.js';
import type { Exchange } from '../shapes/exchange.js';
import type { ReviewFailure } from '../shapes/failure.js';
import { fingerprint, type InputHashes } from '../shapes/input-hashes.js';
import { NO_USAGE, type Usage } from '../shapes/usage.js';
import { RUN_SCHEMA_VERSION, type ReviewRecord, type RunRecord } from '../shapes/run-record.js';
import { scorePanel } from '../aggregate/score.js';

/**
 * A run id sorts by time: the ISO timestamp (colons made file-safe) and a
 * short random suffix. Every id panel writes (runs, pending batches) is made here.
 */
export function newRunId(date: Date, suffix: string = randomSuffix()): string {
  return `${date.toISOString().replace(/:/g, '-')}-${suffix}`;
}

export function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}

/** Who a review is by and what it was asked with: the part every review record shares. */
export interface ReviewSubject {
  persona: string;
  personaName: string;
  model: string;
  inputs: InputHashes;
  /** The configured provider's name and its API (schema 3). */
  provider?: string;
  api?: 'anthropic' | 'openai';
  /** Which sample of the persona, from 1. */
  sample?: number;
}

/** What the review's calls cost and took. */
export interface ReviewCalls {
  exchanges: Exchange[];
  usage: Usage;
  /** USD; null when the model has no price, never 0 for a paid call. */
  cost: number | null;
  latencyMs: number;
  attempts: number;
}

const NO_CALLS: ReviewCalls = { exchanges: [], usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 };

/** The one way a review record is made: its subject, its result (a review or a failure), and its calls. */
export function newReviewRecord(subject: ReviewSubject, result: { review: Review } | { error: ReviewFailure } | { recused: string }, calls: ReviewCalls = NO_CALLS): ReviewRecord {
  const outcome =
    'review' in result
      ? { status: 'ok' as const, review: result.review }
      : 'recused' in result
        ? { status: 'recused' as const, recusal: result.recused }
        : { status: 'failed' as const, error: result.error };
  return { ...subject, fingerprint: fingerprint(subject.inputs), ...outcome, ...calls };
}

/**
 * A review carried unchanged into a new run: it keeps its answer and its
 * exchanges (so the record replays on its own) and names the run that paid
 * for it; in the new run it costs nothing, so sums count each call once.
 */
export function reuseReview(review: ReviewRecord, runId: string): ReviewRecord {
  return { ...review, reusedFrom: review.reusedFrom ?? runId, usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 };
}

/** A run record from a panel's reviews; the score and usage totals are derived here, once. */
export function newRunRecord(input: {
  tool: Tool | RunRecord['tool'];
  provider: RunRecord['provider'];
  config: Pick<Config, 'concurrency' | 'timeoutMs' | 'attempts'>;
  reviews: ReviewRecord[];
  runId: string;
  createdAt: string;
  command: RunRecord['writtenBy']['command'];
  origin?: RunRecord['origin'];
  samples?: number;
}): RunRecord {
  const { file: _file, ...snapshot } = input.tool as Tool;
  const spend = spendOf(input.reviews);
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    runId: input.runId,
    createdAt: input.createdAt,
    writtenBy: { command: input.command },
    samples: input.samples ?? 1,
    origin: input.origin ?? { kind: 'live' },
    tool: snapshot,
    provider: input.provider,
    config: { concurrency: input.config.concurrency, timeoutMs: input.config.timeoutMs, attempts: input.config.attempts },
    reviews: input.reviews,
    score: scorePanel(input.reviews),
    usage: spend.usage,
    cost: spend.cost,
  };
}
