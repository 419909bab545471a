import { scorePanel } from './score.js';
import type { Tool } from '../catalog/tool-schema.js';
import type { Config } from '../config.js';
import { spendOf } from '../cost/spend.js';
import { NO_USAGE } from '../shapes/usage.js';
import { RUN_SCHEMA_VERSION, type ReviewRecord, type RunRecord } from './record.js';
import { newRunId } from './store.js';

/** A complete run record from a panel's reviews; the score and usage totals are derived here, once. */
export function newRunRecord(input: {
  tool: Tool;
  provider: RunRecord['provider'];
  config: Pick<Config, 'concurrency' | 'timeoutMs' | 'attempts'>;
  reviews: ReviewRecord[];
  now: Date;
  /** Set when finishing a resumed run, which keeps the id it started with. */
  runId?: string;
  command: RunRecord['writtenBy']['command'];
}): RunRecord {
  const { file: _file, ...snapshot } = input.tool;
  const spend = spendOf(input.reviews);
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    runId: input.runId ?? newRunId(input.now),
    createdAt: input.now.toISOString(),
    writtenBy: { command: input.command },
    origin: { kind: 'live' },
    tool: snapshot,
    provider: input.provider,
    config: { concurrency: input.config.concurrency, timeoutMs: input.config.timeoutMs, attempts: input.config.attempts },
    reviews: input.reviews,
    score: scorePanel(input.reviews),
    usage: spend.usage,
    cost: spend.cost,
  };
}

/**
 * A review carried unchanged into a new run: it keeps its answer and its
 * exchanges (so the record replays on its own) and names the run that paid
 * for it; in the new run it costs nothing, so sums count each call once.
 */
export function reuseReview(review: ReviewRecord, runId: string): ReviewRecord {
  return { ...review, reusedFrom: review.reusedFrom ?? runId, usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 };
}
