import type { Tool } from '../../shapes/tool.js';
import { estimateCalls } from '../../cost/estimate.js';
import type { Provider } from '../../providers/provider.js';
import type { ReviewRecord } from '../../shapes/run-record.js';
import { newReviewRecord } from '../../records/record-factory.js';
import { isIncompleteFailure } from '../../shapes/failure.js';
import { estimatedCall, type PlannedCall } from '../plan/plan.js';
import { reviewPersona } from './review-persona.js';
import type { Scheduler } from './scheduler.js';
import { askScheduled } from './scheduled-call.js';
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

/** A review that did not complete (cancelled by Ctrl-C, or never started): resume re-issues it. */
export function isIncomplete(record: ReviewRecord): boolean {
  return isIncompleteFailure(record.error);
}

/**
 * Ask each planned persona of one tool, in parallel under the command's
 * shared cap; results in the calls' order. A failed persona is a result, never
 * a throw. No call starts once the scheduler has stopped or the budget is spent.
 */
export function askPanel(job: PanelJob): Promise<ReviewRecord[]> {
  const { tool, scheduler, progress } = job;
  return Promise.all(
    job.calls.map(async (call) => {
      progress?.queued(tool.slug, call.persona.id);
      const provider = job.providers.get(call.provider)!;
      const price = job.priceFor?.(call.params.model);
      const record = await askScheduled(scheduler, {
        provider: call.provider,
        estimate: () => (price ? estimateCalls([estimatedCall(tool, call)], () => price).cost : 0),
        notAttempted: (reason) => notAttempted(job, call, provider, reason),
        onStart: () => progress?.started(tool.slug, call.persona.id),
        ask: (signal, throttle) =>
          reviewPersona({
            tool,
            persona: call.persona,
            provider,
            params: call.params,
            signal,
            throttle,
            ...(price ? { price } : {}),
            providerName: call.provider,
            inputs: call.inputs,
            sample: call.sample,
          }),
      });
      // Checkpointed outside the call slot: the next call need not wait for this fsync.
      if (!isIncomplete(record)) await job.onReview?.(record);
      progress?.finished(tool.slug, record);
      return record;
    }),
  );
}

function notAttempted(job: PanelJob, call: PlannedCall, provider: Provider, reason: string): ReviewRecord {
  const { persona, params } = call;
  return newReviewRecord(
    {
      persona: persona.id,
      personaName: persona.name,
      model: params.model,
      inputs: call.inputs,
      provider: call.provider,
      api: provider.wire.id,
      sample: call.sample,
    },
    { error: { kind: 'not_attempted', message: `not attempted: ${reason}` } },
  );
}
