import pLimit, { type LimitFunction } from 'p-limit';
import type { Tool } from '../catalog/tool-schema.js';
import type { Budget } from '../cost/budget.js';
import { estimateCalls } from '../cost/estimate.js';
import type { Price } from '../cost/prices.js';
import { formatUsd } from '../cost/spend.js';
import { buildPrompt } from '../review/prompt.js';
import type { Persona } from '../personas/persona.js';
import type { Provider } from '../providers/provider.js';
import type { CallParams } from '../providers/wire.js';
import { NO_USAGE } from '../shapes/usage.js';
import type { ReviewRecord } from '../runs/record.js';
import { inputHashes } from './inputs.js';
import { fingerprint } from '../shapes/input-hashes.js';
import { reviewPersona } from './review-persona.js';
import { AdaptiveThrottle } from './throttle.js';

/** Per-persona progress, for the live display. */
export interface ProgressSink {
  queued(tool: string, persona: string): void;
  started(tool: string, persona: string): void;
  finished(tool: string, record: ReviewRecord): void;
}

/**
 * Shared by every panel of one command: one cap on reviews under way and on
 * HTTP attempts in flight (`--concurrency`; the attempts' limit adapts to the
 * server's throttling, never above it), and one stop switch. A fatal provider error (bad key, no quota) stops the calls not
 * yet started, since they would fail the same way.
 */
export class Scheduler {
  private readonly controller = new AbortController();
  stoppedBecause: string | undefined;
  /** HTTP attempts in flight, adapted to the server's throttling, never above the cap. */
  readonly throttle: AdaptiveThrottle;

  readonly limit: LimitFunction;
  /** --max-cost, when given. */
  budget: Budget | undefined;

  constructor(cap: number, outer?: AbortSignal, budget?: Budget) {
    this.budget = budget;
    this.limit = pLimit(cap);
    this.throttle = new AdaptiveThrottle({ cap });
    outer?.addEventListener('abort', () => this.stop('interrupted'), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(reason: string): void {
    if (this.stoppedBecause !== undefined) return;
    this.stoppedBecause = reason;
    this.controller.abort();
  }
}

export interface PanelJob {
  tool: Tool;
  personas: readonly Persona[];
  provider: Provider;
  /** The parameters for one persona (its model may differ). */
  paramsFor(persona: Persona): CallParams;
  /** The price of a model, when the table has it. */
  priceFor?: (model: string) => Price | undefined;
  scheduler: Scheduler;
  progress?: ProgressSink;
  /** Awaited for each review before it counts as done: the checkpoint write. */
  onReview?: (record: ReviewRecord) => Promise<void>;
}

/** A review that did not complete (cancelled by Ctrl-C, or never started): resume re-issues it. */
export function isIncomplete(record: ReviewRecord): boolean {
  return record.error?.kind === 'cancelled' || record.error?.kind === 'not_attempted';
}

/** Every persona of one tool's panel, in parallel under the shared cap; results in panel order. */
export function runPanel(job: PanelJob): Promise<ReviewRecord[]> {
  const { tool, scheduler, progress } = job;
  return Promise.all(
    job.personas.map(async (persona) => {
      progress?.queued(tool.slug, persona.id);
      const record = await scheduler.limit(async () => {
        const params = job.paramsFor(persona);
        if (scheduler.stoppedBecause !== undefined) return notAttempted(job, persona, params, scheduler.stoppedBecause);
        const price = job.priceFor?.(params.model);
        // A persona may be asked twice (the re-ask): reserve for both.
        if (scheduler.budget && !price) {
          scheduler.stop(`--max-cost needs a price for ${params.model}: add it to prices.yaml or to your \`prices:\` table`);
          return notAttempted(job, persona, params, scheduler.stoppedBecause!);
        }
        const estimate = scheduler.budget && price ? 2 * estimateCallCost(job, persona, params, price) : 0;
        if (scheduler.budget && !scheduler.budget.tryReserve(estimate)) {
          scheduler.stop(`the --max-cost budget of ${formatUsd(scheduler.budget.maxUsd)} would be exceeded (spent ${formatUsd(scheduler.budget.spentUsd)} so far)`);
          return notAttempted(job, persona, params, scheduler.stoppedBecause!);
        }
        progress?.started(tool.slug, persona.id);
        const done = await reviewPersona({
          tool,
          persona,
          provider: job.provider,
          params,
          signal: scheduler.signal,
          throttle: scheduler.throttle,
          ...(price ? { price } : {}),
        });
        scheduler.budget?.settle(estimate, done.cost ?? 0);
        // Stop before this slot frees, so no queued call starts after a bad key or an exhausted quota.
        if (done.error?.kind === 'provider_fatal') scheduler.stop(done.error.message);
        return done;
      });
      // Checkpointed outside the call slot: the next call need not wait for this fsync.
      if (!isIncomplete(record)) await job.onReview?.(record);
      progress?.finished(tool.slug, record);
      return record;
    }),
  );
}

/** One call's cost before it is made, estimated as regen --dry-run estimates (cost/estimate.ts). */
function estimateCallCost(job: PanelJob, persona: Persona, params: CallParams, price: Price): number {
  const request = job.provider.wire.buildRequest(buildPrompt(job.tool, persona), params);
  const call = { model: params.model, requestChars: JSON.stringify(request).length, maxTokens: params.maxTokens };
  return estimateCalls([call], () => price).cost ?? 0;
}

function notAttempted(job: PanelJob, persona: Persona, params: CallParams, reason: string): ReviewRecord {
  const inputs = inputHashes(job.tool, persona, job.provider.wire.id, params);
  return {
    persona: persona.id,
    personaName: persona.name,
    model: params.model,
    inputs,
    fingerprint: fingerprint(inputs),
    status: 'failed',
    error: { kind: 'not_attempted', message: `not attempted: ${reason}` },
    exchanges: [],
    usage: NO_USAGE,
    cost: 0, // nothing was sent
    latencyMs: 0,
    attempts: 0,
  };
}
