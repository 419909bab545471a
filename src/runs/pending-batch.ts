import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToolFile } from '../catalog/tool-schema.js';
import type { ReviewRecord, RunRecord } from './record.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** One request of a submitted batch: what it is for, and the body as sent. */
export interface BatchEntry {
  slug: string;
  persona: string;
  personaName: string;
  model: string;
  inputs: ReviewRecord['inputs'];
  fingerprint: string;
  request: Record<string, unknown>;
  requestHash: string;
}

/** The tools a batch will complete: each run's id, the reviews carried over, and the panel's order. */
export interface BatchTool {
  runId: string;
  createdAt: string;
  tool: ToolFile & { slug: string; file: string };
  personas: string[];
  carried: ReviewRecord[];
}

/**
 * A submitted batch, persisted under runs/.work/batches/ before panel returns,
 * so a crash or a closed terminal loses nothing: `panel batch collect` (or the
 * same command run again) picks it up instead of submitting again.
 */
export interface PendingBatch {
  version: 1;
  id: string;
  provider: 'anthropic' | 'openai';
  command: RunRecord['writtenBy']['command'];
  createdAt: string;
  /** The provider's batch ids, and which entries each carries (batches are split by size). */
  batches: { providerId: string; customIds: string[] }[];
  entries: Record<string, BatchEntry>;
  tools: Record<string, BatchTool>;
}

export function batchDir(runsDir: string): string {
  return join(runsDir, '.work', 'batches');
}

export async function savePending(runsDir: string, batch: PendingBatch): Promise<string> {
  const path = join(batchDir(runsDir), `${batch.id}.json`);
  await writeFileAtomic(path, `${JSON.stringify(batch)}\n`);
  return path;
}

export async function listPending(runsDir: string): Promise<PendingBatch[]> {
  let names: string[];
  try {
    names = await readdir(batchDir(runsDir));
  } catch {
    return [];
  }
  const batches = await Promise.all(
    names.filter((n) => n.endsWith('.json')).sort().map(async (n) => JSON.parse(await readFile(join(batchDir(runsDir), n), 'utf8')) as PendingBatch),
  );
  return batches.filter((b) => b.version === 1);
}

export async function dropPending(runsDir: string, id: string): Promise<void> {
  await unlink(join(batchDir(runsDir), `${id}.json`)).catch(() => {});
}
