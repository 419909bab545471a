import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { reviewRecordSchema, type ReviewRecord } from '../shapes/run-record.js';
import { pickRecordSchema } from '../shapes/comparison-record.js';
import type { WriteFault } from './write-fault.js';

/**
 * The checkpoint of an unfinished run: `runs/.work/<slug>/<runId>.jsonl`, one
 * header line, then one line per completed answer (a review, or a head-to-head
 * pick under `runs/.work/.comparisons/<pair>/`), each appended and fsynced as
 * soon as it arrives. An answer counts as completed only once it is here, so
 * a crash (kill -9, power cut) loses at most the calls in flight. Only the
 * process holding the subject's lock (tool-lock.ts) writes one.
 */
const headerSchema = z.object({ checkpoint: z.literal(1), runId: z.string(), slug: z.string(), createdAt: z.string() });
export type CheckpointHeader = z.output<typeof headerSchema>;

/** A line that could not be read: where it is and why. */
export interface DamagedLine {
  line: number;
  reason: string;
}

export interface FoundCheckpoint<T = ReviewRecord> {
  /** Undefined when the header line itself is damaged; its answers are still read. */
  header: CheckpointHeader | undefined;
  /** The run id from the file's name, which the header repeats. */
  runId: string;
  reviews: T[];
  damaged: DamagedLine[];
  path: string;
}

/** What a checkpoint's lines hold: reviews by default, picks for a head-to-head. */
export interface EntrySchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

export class Checkpoint<T = ReviewRecord> {
  /** Lines waiting for the next write, and the promise of that write. */
  private pending: string[] = [];
  private flushing: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly fault: WriteFault | undefined,
  ) {}

  /**
   * Start the checkpoint of a run, holding the reviews already kept from
   * earlier checkpoints of the tool. Written to a temporary file, fsynced and
   * renamed into place, so the kept reviews are never in no file at all.
   */
  static async create<T = ReviewRecord>(workDir: string, header: CheckpointHeader, kept: readonly T[], fault?: WriteFault): Promise<Checkpoint<T>> {
    const dir = join(workDir, header.slug);
    await ensureDir(dir);
    const path = join(dir, `${header.runId}.jsonl`);
    const injected = fault?.(path);
    if (injected) throw injected;
    const temp = `${path}.${process.pid}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.appendFile([header, ...kept].map((line) => `${JSON.stringify(line)}\n`).join(''));
      if (kept.length > 0) await handle.sync();
      await rename(temp, path);
    } catch (error) {
      await handle.close().catch(() => {});
      await unlink(temp).catch(() => {});
      throw error;
    }
    return new Checkpoint<T>(path, handle, fault);
  }

  /**
   * Append one completed review; resolves once it is fsynced. Reviews that
   * arrive while a write is under way go out together in the next write and
   * share its fsync (group commit): the five reviews of a panel often land
   * within a millisecond of each other.
   */
  add(review: T): Promise<void> {
    this.pending.push(`${JSON.stringify(review)}\n`);
    this.flushing ??= this.chain.then(async () => {
      this.flushing = undefined;
      const lines = this.pending.join('');
      this.pending = [];
      const injected = this.fault?.(this.path);
      if (injected) throw injected;
      await this.handle.appendFile(lines);
      await this.handle.sync();
    });
    // A failed write fails the reviews it carried (their callers keep them elsewhere); the next write tries again.
    this.chain = this.flushing.catch(() => {});
    return this.flushing;
  }

  /** The run was written whole: the checkpoint is no longer needed. */
  async finish(): Promise<void> {
    await this.close();
    await unlink(this.path).catch(() => {});
  }

  /** Keep the checkpoint for the next run of the tool. */
  async close(): Promise<void> {
    await this.chain.catch(() => {});
    await this.handle.close().catch(() => {});
  }
}

const CHECKPOINT_FILE = /^(.+)\.jsonl$/;

/**
 * Every checkpoint of a tool, newest first. Each line is validated: a line
 * that cannot be read (a torn write, NUL bytes, garbage) is reported with its
 * number and the valid lines are kept. A file that holds nothing is removed.
 */
export async function findCheckpoints<T = ReviewRecord>(workDir: string, slug: string, schema: EntrySchema<T> = reviewRecordSchema as unknown as EntrySchema<T>): Promise<FoundCheckpoint<T>[]> {
  const dir = join(workDir, slug);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: FoundCheckpoint<T>[] = [];
  for (const name of names
    .filter((n) => CHECKPOINT_FILE.test(n))
    .sort()
    .reverse()) {
    const path = join(dir, name);
    const checkpoint = readCheckpoint(await readFile(path, 'utf8'), path, CHECKPOINT_FILE.exec(name)![1]!, slug, schema);
    if (checkpoint.reviews.length === 0 && checkpoint.damaged.length === 0) {
      await unlink(path).catch(() => {}); // a header and nothing more: no answer to keep
      continue;
    }
    found.push(checkpoint);
  }
  return found;
}

/** Read one checkpoint's text, line by line. Pure. */
function readCheckpoint<T = ReviewRecord>(text: string, path: string, runId: string, slug: string, schema: EntrySchema<T> = reviewRecordSchema as unknown as EntrySchema<T>): FoundCheckpoint<T> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const damaged: DamagedLine[] = [];
  const reviews: T[] = [];
  let header: CheckpointHeader | undefined;
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      damaged.push({ line: i + 1, reason: line.includes('\u0000') ? 'NUL bytes (a write cut off by a crash or a full disk)' : 'not JSON (a torn or damaged write)' });
      return;
    }
    if (i === 0) {
      const parsed = headerSchema.safeParse(value);
      if (parsed.success && parsed.data.slug === slug) header = parsed.data;
      else damaged.push({ line: 1, reason: 'not a checkpoint header for this tool' });
      return;
    }
    const review = schema.safeParse(value);
    if (review.success) reviews.push(review.data);
    else damaged.push({ line: i + 1, reason: `not an answer panel wrote (${review.error.issues[0]?.path.map(String).join('.') || 'shape'}: ${review.error.issues[0]?.message})` });
  });
  return { header, runId: header?.runId ?? runId, reviews, damaged, path };
}

/**
 * Put a checkpoint with damaged lines aside as `<name>.damaged`, once its valid
 * lines are safe in a newer checkpoint: `panel check` reports it until it is
 * read and deleted. One that was whole is removed.
 */
export async function retireCheckpoint(found: FoundCheckpoint<unknown>): Promise<void> {
  if (found.damaged.length > 0) await rename(found.path, `${found.path}.damaged`).catch(() => {});
  else await unlink(found.path).catch(() => {});
}

/** Checkpoints put aside with damaged lines, for `panel check`. */
export async function damagedCheckpoints(workDir: string): Promise<{ path: string; damaged: DamagedLine[] }[]> {
  const out: { path: string; damaged: DamagedLine[] }[] = [];
  let slugs: string[];
  try {
    slugs = (await readdir(workDir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'batches').map((d) => d.name);
  } catch {
    return out;
  }
  // Head-to-head picks sit one level down, under `.comparisons/<pair>/`.
  const pairs = (await readdir(join(workDir, '.comparisons')).catch(() => [] as string[])).map((pair) => ({
    folder: join('.comparisons', pair),
    slug: pair,
    schema: pickRecordSchema as EntrySchema<unknown>,
  }));
  const subjects = [...slugs.filter((s) => s !== '.comparisons').map((slug) => ({ folder: slug, slug, schema: reviewRecordSchema as EntrySchema<unknown> })), ...pairs];
  for (const { folder, slug, schema } of subjects) {
    for (const name of await readdir(join(workDir, folder)).catch(() => [] as string[])) {
      const path = join(workDir, folder, name);
      const live = CHECKPOINT_FILE.exec(name);
      const aside = /^(.+)\.jsonl\.damaged$/.exec(name);
      if (!live && !aside) continue;
      const found = readCheckpoint(await readFile(path, 'utf8'), path, (live ?? aside)![1]!, slug, schema);
      if (found.damaged.length > 0) out.push({ path, damaged: found.damaged });
    }
  }
  return out;
}

/** mkdir -p, once per folder per process: a catalog run would otherwise ask again for every tool. */
const madeDirs = new Set<string>();
async function ensureDir(dir: string): Promise<void> {
  if (madeDirs.has(dir)) return;
  await mkdir(dir, { recursive: true });
  madeDirs.add(dir);
}
