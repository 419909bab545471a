import { UsageError } from '../errors.js';
import { HOW_TO_CONFIGURE } from '../providers/resolve.js';
import { batchApiOf } from './batch/execute-batch.js';
import { runMode } from './plan/run-mode.js';
import { liveRoutes } from './plan/routes.js';
import type { ProgressSink } from './kinds/ask-panel.js';
import { budgetFor } from './plan/budget-check.js';
import { executeLive } from './live/execute-live.js';
import { checkClaims, checkerRoutes, checkSpend, judgesOf } from './live/check-claims.js';
import { spendOf } from '../cost/spend.js';
import { submitBatch, type BatchSubmission } from './batch/execute-batch.js';
import type { RunResult } from './outcome.js';
import { Planner } from './plan/plan.js';
import { executeReplay } from './replay/replay.js';
import { Scheduler } from './ask/scheduler.js';
import { loadTools, openSession, type Session, type SessionOptions } from './session.js';

export interface ReviewOptions {
  /** Tool slugs in the catalog, or paths to tool files. */
  tools: readonly string[];
  /** Accepted for scripts written before panel picked up unfinished runs by itself; it changes nothing. */
  resume?: boolean;
  /** Stop starting calls before spending more than this many US dollars. */
  maxCostUsd?: number;
  /** Submit to the provider's batch API instead of calling now (`panel batch collect` finishes it). */
  batch?: boolean;
  progress?: ProgressSink;
}

export type ReviewResult = ({ mode: 'live' | 'replay' } & RunResult) | { mode: 'batch'; submission: BatchSubmission };

/**
 * `panel review`: every persona of each tool's panel, live when a provider is
 * configured, else replayed from the tool's recordings (nothing written).
 */
export async function review(options: ReviewOptions & SessionOptions): Promise<ReviewResult> {
  return reviewIn(await openSession(options), options);
}

export async function reviewIn(session: Session, options: ReviewOptions): Promise<ReviewResult> {
  if (options.tools.length === 0) throw new UsageError('Name at least one tool: `panel review <tool...>`. `panel tools` lists the catalog.');
  const mode = runMode(session.config);
  const toolsReady = loadTools(session, options.tools);
  if (mode.kind === 'replay') {
    if (options.batch) throw new UsageError(`Batch mode submits to a provider's batch API and none is configured. ${HOW_TO_CONFIGURE}`);
    const planner = new Planner(session, false);
    return { mode: 'replay', ...(await executeReplay(session, await toolsReady, planner, { strict: mode.strict, ...(options.progress ? { progress: options.progress } : {}) })) };
  }
  const judges = judgesOf(session);
  const { tools, routes } = await liveRoutes(session, toolsReady, mode.defaultProvider, ...(judges ? [judges] : []));
  const planner = new Planner(session, true);
  const plans = tools.map((tool) => planner.plan(tool, undefined, { all: true, route: routes.routeOf(tool) }));
  if (options.batch) {
    const checking = judges ? { route: checkerRoutes(session, routes.routeOf), planner } : undefined;
    return { mode: 'batch', submission: await submitBatch(session, plans, 'review', batchApiOf(plans, checking), checking) };
  }
  await session.store.assertWritable();
  const scheduler = new Scheduler(session.config.concurrency, session.signal, budgetFor(session, options.maxCostUsd, plans));
  const result = await executeLive(session, plans, routes.providers, {
    scheduler,
    command: 'review',
    ...(options.progress ? { progress: options.progress } : {}),
  });
  if (!judges) return { mode: 'live', ...result };
  // The claim check, once each tool's quotes are in: on the same scheduler, so --max-cost and the spend line count it.
  const written = result.outcomes.flatMap((o) => (o.record ? [{ tool: o.plan.tool, record: () => Promise.resolve(o.record) }] : []));
  const checks = await checkClaims(session, written, { scheduler, providers: routes.providers, planner, route: checkerRoutes(session, routes.routeOf) });
  return { mode: 'live', ...result, checks, stoppedBecause: scheduler.stoppedBecause, spend: spendOf([...result.outcomes.flatMap((o) => o.paid), ...checks.flatMap((c) => c.paid.map(checkSpend))]) };
}
