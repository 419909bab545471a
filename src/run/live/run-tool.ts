import { join } from 'node:path';
import type { Provider } from '../../providers/provider.js';
import { Checkpoint, findCheckpoints, retireCheckpoint, type FoundCheckpoint } from '../../records/checkpoint.js';
import type { ReviewRecord, RunRecord } from '../../shapes/run-record.js';
import { newReviewRecord, newRunRecord, reuseReview } from '../../records/record-factory.js';
import { keepAside, keptAsideDir } from '../../records/kept-aside.js';
import { ToolLock } from '../../records/tool-lock.js';
import { isWriteFailure } from '../../records/write-fault.js';
import { askPanel, isIncomplete, type ProgressSink } from '../ask/ask-panel.js';
import type { ToolOutcome } from '../outcome.js';
import { needsCall, needsRun, sampleSlot, type ToolPlan } from '../plan/plan.js';
import type { Scheduler } from '../ask/scheduler.js';
import type { Session } from '../session.js';

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
  const key = (item: { persona: { id: string } | string; sample?: number }) => sampleSlot(typeof item.persona === 'string' ? item.persona : item.persona.id, item.sample);
  const reusable = plan.items.filter((i) => !needsCall(i) && !i.recused);
  const latest = plan.latest && reusable.length ? await store.read(store.pathOf(tool.slug, plan.latest.runId)) : undefined;
  const carried = new Map<string, ReviewRecord>();
  for (const item of reusable) {
    carried.set(
      key(item),
      reuseReview(
        latest!.reviews.find((r) => key(r) === key(item))!,
        latest!.runId,
      ),
    );
  }
  for (const item of plan.items.filter((i) => i.recused)) {
    const subject = { persona: item.persona.id, personaName: item.persona.name, model: item.params.model, provider: item.provider, api: item.api, sample: 1 };
    carried.set(key(item), newReviewRecord({ ...subject, inputs: item.inputs }, { recused: item.recused! }));
  }

  const recorded = new Set(await store.runIds(tool.slug));
  // Answers kept aside when the runs folder could not take them count as checkpointed.
  const found = [...(await findCheckpoints(workDir, tool.slug)), ...(await findCheckpoints(keptAsideDir(store.dir), tool.slug))].sort((a, b) => (a.runId < b.runId ? 1 : -1));
  for (const f of found) reportDamage(session, f);
  const unfinished = found.filter((f) => !recorded.has(f.runId)); // the rest were written whole just before a crash
  const owed = plan.items.filter(needsCall);
  const kept = new Map<string, ReviewRecord>();
  for (const item of owed) {
    const done = unfinished.flatMap((f) => f.reviews).find((r) => key(r) === key(item) && r.fingerprint === item.fingerprint);
    if (done) kept.set(key(item), done);
  }
  const stale = unfinished.flatMap((f) => f.reviews).filter((r) => kept.get(key(r)) !== r).length;

  // Continue the newest unfinished run under its id, unless a record has it or a newer record exists: a run never sorts below a newer one.
  const resumable =
    unfinished[0]?.header && unfinished[0].damaged.length === 0 && kept.size > 0 && !recorded.has(unfinished[0].runId) && ![...recorded].some((id) => id > unfinished[0]!.runId)
      ? unfinished[0]
      : undefined;
  const runId = resumable?.runId ?? session.newRunId();
  const createdAt = resumable?.header?.createdAt ?? session.now().toISOString();
  if (kept.size > 0) session.notice(`resuming ${tool.slug} run ${runId}: ${kept.size} of ${owed.length} reviews already done (kept from its checkpoint; no call is made for them).`);
  if (stale > 0) session.notice(`${tool.slug}: discarded ${stale} checkpointed review${stale === 1 ? '' : 's'} whose inputs have changed since.`);

  const header = { checkpoint: 1 as const, runId, slug: tool.slug, createdAt };
  const checkpoint = await Checkpoint.create(workDir, header, [...kept.values()], store.fault);
  // The kept reviews are safe in the new checkpoint: the old files can go (damaged ones are put aside for `panel check`).
  for (const f of found) if (f.path !== checkpoint.path) await retireCheckpoint(f);

  const todo = owed.filter((i) => !kept.has(key(i)));
  let writeFailure: NodeJS.ErrnoException | undefined;
  let keptAside: string | undefined;
  /** Checkpoint a paid answer; if the runs folder will not take it, stop starting calls and keep it aside. */
  const keep = async (review: ReviewRecord) => {
    for (let attempt = 0; !writeFailure && attempt < 3; attempt++) {
      try {
        return await checkpoint.add(review);
      } catch (error) {
        if (!isWriteFailure(error)) throw error;
        if (attempt === 0) options.scheduler.stopStarting(`the runs folder ${store.shown(store.dir)} cannot be written (${error.code})`);
        if (attempt === 2) writeFailure = error;
        else await new Promise((r) => setTimeout(r, 100));
      }
    }
    keptAside = await keepAside(store.dir, header, review);
  };
  let fresh: ReviewRecord[];
  try {
    fresh = await askPanel({
      tool,
      calls: todo,
      providers,
      priceFor: session.priceFor,
      scheduler: options.scheduler,
      ...(options.progress ? { progress: options.progress } : {}),
      onReview: keep,
    });
  } catch (error) {
    await checkpoint.close();
    throw error;
  }
  const byKey = new Map([...carried, ...kept, ...fresh.map((r) => [key(r), r] as const)]);
  const reviews = plan.items.map((i) => byKey.get(key(i))!);
  const failed = fresh.some((r) => r.status === 'failed');

  const stopped = options.scheduler.stoppedBecause === 'interrupted' || writeFailure !== undefined || options.scheduler.stoppedBecause?.startsWith('the runs folder');
  if (writeFailure || (reviews.some(isIncomplete) && stopped)) {
    await checkpoint.close();
    const done = reviews.filter((r) => !isIncomplete(r) && !r.reusedFrom).length;
    return {
      plan,
      record: undefined,
      runFile: null,
      replayedFrom: [],
      paid: fresh,
      failed,
      unfinished: { checkpoint: store.shown(checkpoint.path), kept: done, of: owed.length },
      ...(writeFailure ? { writeFailure: { code: writeFailure.code ?? 'error', message: writeFailure.message, keptAside } } : {}),
    };
  }
  const record = newRunRecord({ tool, provider: mainApi(plan), config: session.config, reviews, runId, createdAt, command: options.command, samples: Math.max(...plan.items.map((i) => i.sample)) });
  let path: string;
  try {
    path = await store.write(record);
  } catch (error) {
    await checkpoint.close(); // every review is in it: the next run writes the record
    throw error;
  }
  await checkpoint.finish();
  return { plan, record, runFile: store.shown(path), replayedFrom: [], paid: fresh, failed };
}

/** The API most of the plan's personas use: what a run record names as its provider. */
function mainApi(plan: ToolPlan): 'anthropic' | 'openai' {
  const anthropic = plan.items.filter((i) => i.api === 'anthropic').length;
  return anthropic * 2 >= plan.items.length ? 'anthropic' : 'openai';
}

function reportDamage(session: Session, found: FoundCheckpoint): void {
  if (found.damaged.length === 0) return;
  const lines = found.damaged.map((d) => `line ${d.line}: ${d.reason}`).join('; ');
  session.notice(
    `${session.store.shown(found.path)} has damaged lines (${lines}); its ${found.reviews.length} valid review${found.reviews.length === 1 ? ' is' : 's are'} kept, ` +
      'and the file is set aside as .damaged for `panel check` to report until you delete it.',
  );
}
