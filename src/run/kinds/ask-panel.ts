import type { Tool } from '../../shapes/tool.js';
import type { Provider } from '../../providers/provider.js';
import type { ReviewRecord } from '../../shapes/run-record.js';
import type { PlannedCall } from '../plan/plan.js';
import { askCalls, type CallProgress } from './call-kind.js';
import { reviewCalls } from './review-calls.js';
import type { Scheduler } from '../ask/scheduler.js';
import type { Price } from '../../cost/prices.js';

/** Per-persona progress, for the live display. */
export interface ProgressSink {
  queued(tool: string, persona: string): void;
  started(tool: string, persona: string): void;
  finished(tool: string, record: ReviewRecord): void;
}

export interface PanelJob {
  tool: Tool;
  /** The calls to make, each with its persona, parameters and provider. */
  calls: readonly PlannedCall[];
  /** The live (or replaying) provider of each configured provider name. */
  providers: ReadonlyMap<string, Provider>;
  /** The price of a model; without one a review's cost is unknown (null). */
  priceFor?: (model: string) => Price | undefined;
  scheduler: Scheduler;
  progress?: ProgressSink;
  /** Awaited for each review before it counts as done: the checkpoint write. */
  onReview?: (record: ReviewRecord) => Promise<void>;
}

/** The live display's per-persona lines, as hooks on one tool's review calls. */
export function reviewProgress(tool: Tool, sink: ProgressSink | undefined): CallProgress<PlannedCall, ReviewRecord> | undefined {
  return (
    sink && {
      queued: (call) => sink.queued(tool.slug, call.persona.id),
      started: (call) => sink.started(tool.slug, call.persona.id),
      finished: (_call, record) => sink.finished(tool.slug, record),
    }
  );
}

/**
 * Ask each planned persona of one tool, in parallel under the command's
 * shared cap; results in the calls' order. A failed persona is a result, never
 * a throw. No call starts once the scheduler has stopped or the budget is spent.
 */
export function askPanel(job: PanelJob): Promise<ReviewRecord[]> {
  const progress = reviewProgress(job.tool, job.progress);
  return askCalls(reviewCalls(job.tool), job.calls, {
    providers: job.providers,
    scheduler: job.scheduler,
    ...(job.priceFor ? { priceFor: job.priceFor } : {}),
    ...(job.onReview ? { keep: job.onReview } : {}),
    ...(progress ? { progress } : {}),
  });
}
