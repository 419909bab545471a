import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { toolSnapshotSchema } from '../shapes/tool.js';
import { InputError } from '../errors.js';
import { inputHashesSchema } from '../shapes/input-hashes.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { reviewRecordSchema } from '../shapes/run-record.js';
import type { RunStore } from './store.js';
import type { CallParams } from '../providers/wire.js';

/** One request of a submitted batch: what it is for, and the body as sent. */
const batchEntrySchema = z.object({
  slug: z.string(),
  persona: z.string(),
  personaName: z.string(),
  model: z.string(),
  inputs: inputHashesSchema,
  request: z.record(z.string(), z.unknown()),
  requestHash: z.string(),
  sample: z.number().int().min(1).optional(),
});
export type BatchEntry = z.output<typeof batchEntrySchema>;

/** Where a tool's claim checker runs, fixed at submission: the check of its new quotes is submitted once its reviews are collected. */
const batchCheckerSchema = z.object({
  provider: z.string(),
  api: z.enum(['anthropic', 'openai']),
  model: z.string(),
  params: z.custom<CallParams>((v) => typeof v === 'object' && v !== null && typeof (v as CallParams).model === 'string' && typeof (v as CallParams).maxTokens === 'number', {
    error: 'must be call parameters with a model and maxTokens',
  }),
});

/** One claim check of a batch: the planned check whole (its quotes, where it runs, its identity) and the body as sent. */
const checkEntrySchema = z.object({
  call: batchCheckerSchema.extend({
    slug: z.string(),
    quotes: z.array(z.object({ persona: z.string(), quote: z.string() })),
    reviewRun: z.string(),
    inputs: inputHashesSchema,
    fingerprint: z.string(),
  }),
  request: z.record(z.string(), z.unknown()),
  requestHash: z.string(),
});
export type CheckEntry = z.output<typeof checkEntrySchema>;

/** The tools a batch will complete: each run's id, the reviews carried over, and the panel's order. */
const batchToolSchema = z.object({
  runId: z.string(),
  createdAt: z.string(),
  tool: toolSnapshotSchema.extend({ file: z.string() }),
  personas: z.array(z.string()),
  carried: z.array(reviewRecordSchema),
  /** With `grounding: on`: where the claim check of the run's new quotes goes once the run is collected. */
  checker: batchCheckerSchema.optional(),
});

/**
 * A submitted batch, persisted under runs/.work/batches/ before panel returns,
 * so a crash or a closed terminal loses nothing: `panel batch collect` (or the
 * same command run again) picks it up instead of submitting again.
 */
const pendingBatchSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  provider: z.enum(['anthropic', 'openai']),
  command: z.enum(['review', 'regen', 'seed-runs']),
  createdAt: z.string(),
  /** The provider's batch ids, and which entries each carries (batches are split by size). */
  batches: z.array(z.object({ providerId: z.string(), customIds: z.array(z.string()) })),
  entries: z.record(z.string(), batchEntrySchema),
  /** Claim checks (`grounding: on`) of runs already written, keyed like entries. */
  checks: z.record(z.string(), checkEntrySchema).optional(),
  tools: z.record(z.string(), batchToolSchema),
});
export type PendingBatch = z.output<typeof pendingBatchSchema>;

function batchDir(store: RunStore): string {
  return join(store.dir, '.work', 'batches');
}

export async function savePending(store: RunStore, batch: PendingBatch): Promise<string> {
  const path = join(batchDir(store), `${batch.id}.json`);
  await writeFileAtomic(path, `${JSON.stringify(batch)}\n`);
  return path;
}

/** Every pending batch, oldest first; a file that cannot be read is reported by name, with what to do. */
export async function listPending(store: RunStore): Promise<PendingBatch[]> {
  let names: string[];
  try {
    names = await readdir(batchDir(store));
  } catch {
    return [];
  }
  return Promise.all(
    names
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => readPending(store, join(batchDir(store), n))),
  );
}

async function readPending(store: RunStore, path: string): Promise<PendingBatch> {
  const shown = store.shown(path);
  const fix = 'if its batches were collected, delete the file; else restore it from a backup (the provider still holds the results)';
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(shown, [{ message: `cannot be read as JSON (${(error as Error).message})`, fix }]);
  }
  const parsed = pendingBatchSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new InputError(shown, [
    ...parsed.error.issues.slice(0, 5).map((i) => ({ field: i.path.map(String).join('.') || '(top level)', message: i.message })),
    { message: 'this pending batch record is damaged', fix },
  ]);
}

export async function dropPending(store: RunStore, id: string): Promise<void> {
  await unlink(join(batchDir(store), `${id}.json`)).catch(() => {});
}
