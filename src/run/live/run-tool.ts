import { join } from 'node:path';
import type { Provider } from '../../providers/provider.js';
import type { ReviewRecord, RunRecord } from '../../shapes/run-record.js';
import { newRunRecord, reuseReview } from '../../records/record-factory.js';
import { ToolLock } from '../../records/tool-lock.js';
import { isWriteFailure } from '../../records/write-fault.js';
import { reviewProgress, type ProgressSink } from '../kinds/ask-panel.js';
import { reviewCalls } from '../kinds/review-calls.js';
import type { ToolOutcome } from '../outcome.js';
import { needsCall, needsRun, type ToolPlan } from '../plan/plan.js';
import type { Scheduler } from '../ask/scheduler.js';
import type { Session } from '../session.js';
import { runCalls } from './run-calls.js';

export interface LiveRunOptions {
  scheduler: Scheduler;
  progress?: ProgressSink;
  command: RunRecord['writtenBy']['command'];
  /** The tool's plan again, against its latest run as it is now (another process may have run it meanwhile). */
  replan?: (plan: ToolPlan) => Promise<ToolPlan>;
}

/**
 * One tool's live run, crash-safe and with one writer per tool:
 * - the tool's lock is taken first (waiting, and saying so, while another
 *   process holds it), and the plan is made again if the tool's latest run
 *   changed meanwhile, so no answer is bought twice;
 * - reviews kept in checkpoints of earlier, unfinished runs whose inputs still
 *   match are used, not paid for again; the rest of those checkpoints are
 *   discarded, saying so; damaged lines are reported by file and line;
 * - every completed review is checkpointed before it counts as done; the run
 *   record is written whole when every review is in, then the checkpoint is
 *   dropped (a checkpoint whose run already has a record is finished).
 */
export async function runTool(session: Session, planned: ToolPlan, providers: ReadonlyMap<string, Provider>, options: LiveRunOptions): Promise<ToolOutcome> {
  const { tool } = planned;
  const { store } = session;
  const workDir = join(store.dir, '.work');
  const lock = await ToolLock.acquire(workDir, tool.slug, options.command, {
    onWait: (owner) => session.notice(`waiting for ${tool.slug}: another panel process${owner ? ` (pid ${owner.pid} on ${owner.host}, ${owner.command}, since ${owner.since})` : ''} is running it.`),
    ...(session.signal ? { signal: session.signal } : {}),
  });
  if (!lock) return { plan: planned, record: undefined, runFile: null, replayedFrom: [], paid: [], failed: false, unfinished: { checkpoint: '', kept: 0, of: planned.items.filter(needsCall).length } };
  try {
    const [newest] = await store.runIds(tool.slug);
    const plan = options.replan && newest !== planned.latest?.runId ? await options.replan(planned) : planned;
    if (!needsRun(plan)) {
      session.notice(`${tool.slug} was reviewed by another panel process meanwhile; nothing left to do.`);
      return { plan, record: undefined, runFile: null, replayedFrom: [], paid: [], failed: false };
    }
    return await runLocked(session, plan, providers, options, workDir);
  } catch (error) {
    if (!isWriteFailure(error)) throw error;
    // The checkpoint or the record could not be written: whatever was answered is in a checkpoint or kept aside.
    options.scheduler.stopStarting(`the runs folder ${session.store.shown(session.store.dir)} cannot be written (${error.code})`);
    const owed = planned.items.filter(needsCall).length;
    return {
      plan: planned,
      record: undefined,
      runFile: null,
      replayedFrom: [],
      paid: [],
      failed: false,
      unfinished: { checkpoint: '', kept: 0, of: owed },
      writeFailure: { code: error.code ?? 'error', message: error.message, keptAside: undefined },
    };
  } finally {
    await lock.release();
  }
}

async function runLocked(session: Session, plan: ToolPlan, providers: ReadonlyMap<string, Provider>, options: LiveRunOptions, workDir: string): Promise<ToolOutcome> {
  const { tool } = plan;
  const { store } = session;
  const kind = reviewCalls(tool);
  const reusable = plan.items.filter((i) => !needsCall(i) && !i.recused);
  const latest = plan.latest && reusable.length ? await store.read(store.pathOf(tool.slug, plan.latest.runId)) : undefined;
  const carried = new Map<string, ReviewRecord>();
  for (const item of reusable) {
    const slot = kind.slot(item);
    carried.set(
      slot,
      reuseReview(
        latest!.reviews.find((r) => kind.slot(r) === slot)!,
        latest!.runId,
      ),
    );
  }
  const recorded = new Set(await store.runIds(tool.slug));
  const progress = reviewProgress(tool, options.progress);
  const run = await runCalls(session, {
    kind,
    subject: tool.slug,
    workDir,
    keptAsideRoot: store.dir,
    calls: plan.items,
    carried,
    recorded,
    // Continue the newest unfinished run under its id, unless a record has it or a newer record exists: a run never sorts below a newer one.
    resume: (newest, kept) =>
      newest?.header && newest.damaged.length === 0 && kept > 0 && !recorded.has(newest.runId) && ![...recorded].some((id) => id > newest.runId)
        ? { runId: newest.runId, createdAt: newest.header.createdAt }
        : undefined,
    writesIncomplete: true,
    scheduler: options.scheduler,
    providers,
    priceFor: session.priceFor,
    ...(progress ? { progress } : {}),
  });
  if (!run.done) {
    const { paid, unfinished, writeFailure } = run;
    return { plan, record: undefined, runFile: null, replayedFrom: [], paid, failed: paid.some((r) => r.status === 'failed'), unfinished, ...(writeFailure ? { writeFailure } : {}) };
  }
  const { runId, createdAt } = run.header;
  const record = newRunRecord({
    tool,
    provider: mainApi(plan),
    config: session.config,
    reviews: run.entries,
    runId,
    createdAt,
    command: options.command,
    samples: Math.max(...plan.items.map((i) => i.sample)),
  });
  const path = await run.commit(() => store.write(record));
  // Once written, a command keeps the run without its exchanges: they are in the file, and a 10,000-tool regen held 500 MB of them to the end.
  const written = { ...record, reviews: record.reviews.map(withoutExchanges) };
  return { plan, record: written, runFile: store.shown(path), replayedFrom: [], paid: run.paid.map(withoutExchanges), failed: run.paid.some((r) => r.status === 'failed') };
}

function withoutExchanges(review: ReviewRecord): ReviewRecord {
  return review.exchanges.length ? { ...review, exchanges: [] } : review;
}

/** The API most of the plan's personas use: what a run record names as its provider. */
function mainApi(plan: ToolPlan): 'anthropic' | 'openai' {
  const anthropic = plan.items.filter((i) => i.api === 'anthropic').length;
  return anthropic * 2 >= plan.items.length ? 'anthropic' : 'openai';
}
