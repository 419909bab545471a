import { join } from 'node:path';
import type { Tool } from '../catalog/tool-schema.js';
import type { Config } from '../config.js';
import { WorkError } from '../errors.js';
import type { Price } from '../cost/prices.js';
import type { Persona } from '../personas/persona.js';
import type { Provider } from '../providers/provider.js';
import type { CallParams } from '../providers/wire.js';
import { Checkpoint, findCheckpoints } from '../runs/checkpoint.js';
import { newRunRecord } from '../runs/record-factory.js';
import type { ReviewRecord, RunRecord } from '../runs/record.js';
import { newRunId, type RunStore } from '../runs/store.js';
import { inputHashes } from './inputs.js';
import { fingerprint } from '../shapes/input-hashes.js';
import { isIncomplete, runPanel, type ProgressSink, type Scheduler } from './execute-live.js';

export interface PanelSlot {
  persona: Persona;
  params: CallParams;
  /** A review carried over unchanged (regen); no call is made for it. */
  carried?: ReviewRecord;
}

export interface ToolRunResult {
  reviews: ReviewRecord[];
  /** Reviews made by calls in this process. */
  fresh: ReviewRecord[];
  /** The run record, once every review completed. */
  record?: RunRecord;
  path?: string;
  /** Set when interrupted: the checkpoint kept for --resume. */
  unfinished?: { checkpoint: string; kept: number; of: number };
}

/**
 * One tool's live run, crash-safe: every completed review is checkpointed
 * under `runs/.work/` before it counts as done; the run record is written
 * whole (temp file, fsync, rename) when every review is in, and the
 * checkpoint is then dropped. With `resume`, the newest checkpoint's reviews
 * whose inputs still match are kept and only the rest are called.
 */
export async function runToolPanel(input: {
  tool: Tool;
  slots: PanelSlot[];
  provider: Provider;
  scheduler: Scheduler;
  progress?: ProgressSink;
  store: RunStore;
  config: Pick<Config, 'concurrency' | 'timeoutMs' | 'attempts'>;
  now: Date;
  resume: boolean;
  command: RunRecord['writtenBy']['command'];
  priceFor?: (model: string) => Price | undefined;
  notice: (message: string) => void;
}): Promise<ToolRunResult> {
  const { tool, slots, provider, store } = input;
  const workDir = join(store.dir, '.work');
  const unfinished = await findCheckpoints(workDir, tool.slug);
  const resumed = input.resume ? unfinished[0] : undefined;
  if (!input.resume && unfinished.length > 0) {
    input.notice(`${tool.slug} has an unfinished run (${unfinished[0]!.header.runId}); this starts a new one. Add --resume to continue it instead.`);
  }
  const runId = resumed?.header.runId ?? newRunId(input.now);
  const createdAt = resumed?.header.createdAt ?? input.now.toISOString();
  const checkpoint = await Checkpoint.open(workDir, { checkpoint: 1, runId, slug: tool.slug, createdAt }, resumed !== undefined);
  if (!checkpoint) throw new WorkError(`Another panel process is running ${tool.slug} (run ${runId}); wait for it to finish.`);

  const kept = new Map<string, ReviewRecord>();
  for (const slot of resumed ? slots : []) {
    const today = fingerprint(inputHashes(tool, slot.persona, provider.wire.id, slot.params));
    const done = resumed?.reviews.find((r) => r.persona === slot.persona.id && r.fingerprint === today);
    if (done) kept.set(slot.persona.id, done);
  }
  if (resumed) input.notice(`resuming ${tool.slug} run ${runId}: ${kept.size} of ${slots.length} reviews already done.`);

  const todo = slots.filter((s) => !s.carried && !kept.has(s.persona.id));
  let fresh: ReviewRecord[];
  try {
    fresh = await runPanel({
      tool,
      personas: todo.map((s) => s.persona),
      provider,
      paramsFor: (persona) => todo.find((s) => s.persona.id === persona.id)!.params,
      scheduler: input.scheduler,
      ...(input.progress ? { progress: input.progress } : {}),
      onReview: (review) => checkpoint.add(review),
      ...(input.priceFor ? { priceFor: input.priceFor } : {}),
    });
  } catch (error) {
    await checkpoint.close();
    throw error;
  }
  const reviews = slots.map((s) => s.carried ?? kept.get(s.persona.id) ?? fresh.find((r) => r.persona === s.persona.id)!);

  if (reviews.some(isIncomplete) && input.scheduler.stoppedBecause === 'interrupted') {
    await checkpoint.close();
    const done = reviews.filter((r) => !isIncomplete(r) && !r.reusedFrom).length;
    const owed = slots.filter((s) => !s.carried).length;
    return { reviews, fresh, unfinished: { checkpoint: store.shown(checkpoint.path), kept: done, of: owed } };
  }
  // A resumed run keeps the id and the start time it began with.
  const record = newRunRecord({ tool, provider: provider.wire.id, config: input.config, reviews, now: new Date(createdAt), runId, command: input.command });
  const path = await store.write(record);
  await checkpoint.finish();
  return { reviews, fresh, record, path: store.shown(path) };
}
