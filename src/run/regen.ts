import pLimit from 'p-limit';
import { listSlugs } from '../catalog/catalog.js';
import type { Estimate } from '../cost/estimate.js';
import { UsageError } from '../errors.js';
import { HOW_TO_CONFIGURE, planProvider } from '../providers/resolve.js';
import { WIRES } from '../providers/wires.js';
import type { ProgressSink } from './ask-panel.js';
import { budgetFor } from './budget-check.js';
import { submitBatch, type BatchSubmission } from './execute-batch.js';
import { executeLive } from './execute-live.js';
import type { RunResult } from './outcome.js';
import { estimatePlans, needsCall, Planner, type ToolPlan } from './plan.js';
import { Scheduler } from './scheduler.js';
import { loadTools, openSession, type Session, type SessionOptions } from './session.js';

export interface RegenOptions {
  /** Tool slugs or paths; the whole catalog when empty. */
  tools?: readonly string[];
  /** Re-review every persona, changed or not. */
  force?: boolean;
  /** Accepted for scripts written before panel picked up unfinished runs by itself; it changes nothing. */
  resume?: boolean;
  /** Plan and estimate only: no call, nothing written, no provider needed. */
  dryRun?: boolean;
  maxCostUsd?: number;
  batch?: boolean;
  progress?: ProgressSink;
}

export type RegenResult =
  | { mode: 'dry-run'; plans: ToolPlan[]; estimate: Estimate; /** No provider: compared against each recording's own provider and model. */ asRecorded: boolean }
  | { mode: 'batch'; plans: ToolPlan[]; submission: BatchSubmission }
  | ({ mode: 'live'; plans: ToolPlan[] } & RunResult);

/**
 * `panel regen`: re-review only the (tool, persona) pairs whose inputs changed
 * since the tool's latest run, that are new, or that failed last time; carry
 * the rest into the new run as `reusedFrom`. A tool with nothing to do gets no new run.
 */
export async function regen(options: RegenOptions & SessionOptions): Promise<RegenResult> {
  return regenIn(await openSession(options), options);
}

export async function regenIn(session: Session, options: RegenOptions): Promise<RegenResult> {
  const slugs = options.tools?.length ? options.tools : await listSlugs(session.config.catalog);
  // The SDK loads while the catalog is read and planned.
  const [provider, tools] = await Promise.all([
    planProvider(session.config, { ...(session.fetch ? { fetch: session.fetch } : {}), onNotice: session.notice }),
    loadTools(session, slugs),
  ]);
  if (provider.kind === 'replay' && !options.dryRun) {
    throw new UsageError(
      provider.strict
        ? 'regen makes new reviews, which replay cannot; name a live provider, or use --dry-run to see what would change.'
        : `regen calls a model and none is configured. ${HOW_TO_CONFIGURE} (--dry-run works without one.)`,
    );
  }
  const live = provider.kind === 'live' ? provider.provider : undefined;
  const planner = new Planner(session, live !== undefined && !options.dryRun);
  const files = pLimit(32); // a catalog of thousands must not open thousands of files at once
  const plans = await Promise.all(
    tools.map((tool) =>
      files(async () => {
        const latest = await session.store.latestSummary(tool.slug);
        // Without a provider (dry run only), compare against the recording's own provider and model.
        const wire = live?.wire ?? WIRES[latest?.provider ?? 'anthropic'];
        const recorded = (persona: string) => latest?.reviews.find((r) => r.persona === persona)?.model;
        return planner.plan(tool, latest, wire, { all: Boolean(options.force), ...(live ? {} : { fallbackModel: recorded }) });
      }),
    ),
  );

  if (options.dryRun) {
    const estimate = estimatePlans(session, plans, (plan) => live?.wire ?? WIRES[plan.latest?.provider ?? 'anthropic']);
    return { mode: 'dry-run', plans, estimate, asRecorded: live === undefined };
  }
  if (options.batch) return { mode: 'batch', plans, submission: await submitBatch(session, plans, 'regen', live!.wire.id) };
  await session.store.assertWritable();
  const scheduler = new Scheduler(session.config.concurrency, session.signal, budgetFor(session, options.maxCostUsd, plans));
  const result = await executeLive(session, plans, live!, {
    scheduler,
    // Once a tool's lock is held, plan it again if another process wrote a run meanwhile.
    replan: async (plan) => planner.plan(plan.tool, await session.store.latestSummary(plan.tool.slug), live!.wire, { all: Boolean(options.force) }),
    command: 'regen',
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { mode: 'live', plans, ...result };
}

