import { join } from 'node:path';
import { WorkError } from '../errors.js';
import type { Provider } from '../providers/provider.js';
import { Checkpoint, findCheckpoints } from '../runs/checkpoint.js';
import type { ReviewRecord, RunRecord } from '../runs/record.js';
import { newRunRecord, reuseReview } from '../runs/record-factory.js';
import { fingerprint } from '../shapes/input-hashes.js';
import { askPanel, isIncomplete, type ProgressSink } from './ask-panel.js';
import { inputHashes } from './inputs.js';
import type { ToolOutcome } from './outcome.js';
import { needsCall, type ToolPlan } from './plan.js';
import type { Scheduler } from './scheduler.js';
import type { Session } from './session.js';

export interface LiveRunOptions {
  scheduler: Scheduler;
  progress?: ProgressSink;
  /** Continue the newest unfinished run of the tool, keeping its completed reviews. */
  resume: boolean;
  command: RunRecord['writtenBy']['command'];
}

/**
 * One tool's live run, crash-safe: every completed review is checkpointed
 * under `runs/.work/` before it counts as done; the run record is written
 * whole (temp file, fsync, rename) when every review is in, and the
 * checkpoint is then dropped. Reviews the plan carries over are read from the
 * latest run now (plans keep no records). With `resume`, the newest
 * checkpoint's reviews whose inputs still match are kept and only the rest are called.
 */
export async function runTool(session: Session, plan: ToolPlan, provider: Provider, options: LiveRunOptions): Promise<ToolOutcome> {
  const { tool } = plan;
  const { store } = session;
  const latest = plan.latest && plan.items.some((i) => !needsCall(i)) ? await store.read(store.pathOf(tool.slug, plan.latest.runId)) : undefined;
  const carried = new Map<string, ReviewRecord>();
  for (const item of plan.items.filter((i) => !needsCall(i))) {
    carried.set(item.persona.id, reuseReview(latest!.reviews.find((r) => r.persona === item.persona.id)!, latest!.runId));
  }

  const workDir = join(store.dir, '.work');
  const unfinished = await findCheckpoints(workDir, tool.slug);
  const resumed = options.resume ? unfinished[0] : undefined;
  if (!options.resume && unfinished.length > 0) {
    session.notice(`${tool.slug} has an unfinished run (${unfinished[0]!.header.runId}); this starts a new one. Add --resume to continue it instead.`);
  }
  const runId = resumed?.header.runId ?? session.newRunId();
  const createdAt = resumed?.header.createdAt ?? session.now().toISOString();
  const checkpoint = await Checkpoint.open(workDir, { checkpoint: 1, runId, slug: tool.slug, createdAt }, resumed !== undefined);
  if (!checkpoint) throw new WorkError(`Another panel process is running ${tool.slug} (run ${runId}); wait for it to finish.`);

  const kept = new Map<string, ReviewRecord>();
  for (const item of resumed ? plan.items.filter(needsCall) : []) {
    const today = fingerprint(inputHashes(tool, item.persona, provider.wire.id, item.params));
    const done = resumed!.reviews.find((r) => r.persona === item.persona.id && r.fingerprint === today);
    if (done) kept.set(item.persona.id, done);
  }
  if (resumed) session.notice(`resuming ${tool.slug} run ${runId}: ${kept.size} of ${plan.items.filter(needsCall).length} reviews already done.`);

  const todo = plan.items.filter((i) => needsCall(i) && !kept.has(i.persona.id));
  let fresh: ReviewRecord[];
  try {
    fresh = await askPanel({
      tool,
      calls: todo,
      provider,
      priceFor: session.priceFor,
      scheduler: options.scheduler,
      ...(options.progress ? { progress: options.progress } : {}),
      onReview: (review) => checkpoint.add(review),
    });
  } catch (error) {
    await checkpoint.close();
    throw error;
  }
  const byPersona = new Map([...carried, ...kept, ...fresh.map((r) => [r.persona, r] as const)]);
  const reviews = plan.items.map((i) => byPersona.get(i.persona.id)!);
  const failed = fresh.some((r) => r.status === 'failed');

  if (reviews.some(isIncomplete) && options.scheduler.stoppedBecause === 'interrupted') {
    await checkpoint.close();
    const done = reviews.filter((r) => !isIncomplete(r) && !r.reusedFrom).length;
    const unfinishedRun = { checkpoint: store.shown(checkpoint.path), kept: done, of: plan.items.filter(needsCall).length };
    return { plan, record: undefined, runFile: null, replayedFrom: [], paid: fresh, failed, unfinished: unfinishedRun };
  }
  // A resumed run keeps the id and the start time it began with.
  const record = newRunRecord({ tool, provider: provider.wire.id, config: session.config, reviews, runId, createdAt, command: options.command });
  const path = await store.write(record);
  await checkpoint.finish();
  return { plan, record, runFile: store.shown(path), replayedFrom: [], paid: fresh, failed };
}
