import { UsageError } from '../errors.js';
import { HOW_TO_CONFIGURE, planProvider } from '../providers/resolve.js';
import type { ProgressSink } from './ask-panel.js';
import { budgetFor } from './budget-check.js';
import { executeLive } from './execute-live.js';
import { submitBatch, type BatchSubmission } from './execute-batch.js';
import type { RunResult } from './outcome.js';
import { Planner } from './plan.js';
import { executeReplay } from './replay.js';
import { Scheduler } from './scheduler.js';
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
  // The SDK loads while the tool files are read and checked.
  const [provider, tools] = await Promise.all([
    planProvider(session.config, { ...(session.fetch ? { fetch: session.fetch } : {}), onNotice: session.notice }),
    loadTools(session, options.tools),
  ]);
  const planner = new Planner(session, provider.kind === 'live');
  if (provider.kind === 'replay') {
    if (options.batch) throw new UsageError(`Batch mode submits to a provider's batch API and none is configured. ${HOW_TO_CONFIGURE}`);
    return { mode: 'replay', ...(await executeReplay(session, tools, planner, { strict: provider.strict, ...(options.progress ? { progress: options.progress } : {}) })) };
  }
  const wire = provider.provider.wire;
  const plans = tools.map((tool) => planner.plan(tool, undefined, wire, { all: true }));
  if (options.batch) return { mode: 'batch', submission: await submitBatch(session, plans, 'review', wire.id) };
  await session.store.assertWritable();
  const scheduler = new Scheduler(session.config.concurrency, session.signal, budgetFor(session, options.maxCostUsd, plans));
  const result = await executeLive(session, plans, provider.provider, {
    scheduler,
    command: 'review',
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { mode: 'live', ...result };
}
