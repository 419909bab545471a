import { open, readdir, readFile, mkdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { reviewRecordSchema, type ReviewRecord } from './record.js';

/**
 * The checkpoint of an unfinished run: `runs/.work/<slug>/<runId>.jsonl`, one
 * header line, then one line per completed review, each appended and fsynced
 * as soon as the review arrives. A review counts as completed only once it is
 * here, so a crash (kill -9, power cut) loses at most the calls in flight.
 * A lock file beside it keeps two processes from resuming the same run.
 */
export interface CheckpointHeader {
  checkpoint: 1;
  runId: string;
  slug: string;
  createdAt: string;
}

export interface FoundCheckpoint {
  header: CheckpointHeader;
  reviews: ReviewRecord[];
  path: string;
}

export class Checkpoint {
  /** Lines waiting for the next write, and the promise of that write. */
  private pending: string[] = [];
  private flushing: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly lockPath: string | undefined,
  ) {}

  /**
   * Create the checkpoint of a new run, or reopen an unfinished one to resume
   * it. A new run's id is unique, so its file is created exclusively and needs
   * no lock; resuming takes a lock file, and returns undefined when another
   * live process holds it.
   */
  static async open(workDir: string, header: CheckpointHeader, resume: boolean): Promise<Checkpoint | undefined> {
    const dir = join(workDir, header.slug);
    await ensureDir(dir);
    const path = join(dir, `${header.runId}.jsonl`);
    if (!resume) {
      const handle = await open(path, 'wx');
      // The header reaches the disk with the first review's fsync: a file with no review holds nothing to lose.
      await handle.appendFile(`${JSON.stringify(header)}\n`);
      return new Checkpoint(path, handle, undefined);
    }
    const lockPath = join(dir, `${header.runId}.lock`);
    if (!(await takeLock(lockPath))) return undefined;
    return new Checkpoint(path, await open(path, 'a'), lockPath);
  }

  /**
   * Append one completed review; resolves once it is fsynced. Reviews that
   * arrive while a write is under way go out together in the next write and
   * share its fsync (group commit): the five reviews of a panel often land
   * within a millisecond of each other.
   */
  add(review: ReviewRecord): Promise<void> {
    this.pending.push(`${JSON.stringify(review)}\n`);
    this.flushing ??= this.chain.then(async () => {
      this.flushing = undefined;
      const lines = this.pending.join('');
      this.pending = [];
      await this.handle.appendFile(lines);
      await this.handle.sync();
    });
    this.chain = this.flushing;
    return this.flushing;
  }

  /** The run was written whole: the checkpoint is no longer needed. */
  async finish(): Promise<void> {
    await this.close();
    await unlink(this.path).catch(() => {});
  }

  /** Keep the checkpoint for a later --resume. */
  async close(): Promise<void> {
    await this.chain.catch(() => {});
    await this.handle.close();
    if (this.lockPath) await unlink(this.lockPath).catch(() => {});
  }
}

/** Every checkpoint of a tool, newest first. A torn last line (a crash mid-write) is ignored. */
export async function findCheckpoints(workDir: string, slug: string): Promise<FoundCheckpoint[]> {
  const dir = join(workDir, slug);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: FoundCheckpoint[] = [];
  for (const name of names.filter((n) => n.endsWith('.jsonl')).sort().reverse()) {
    const path = join(dir, name);
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    const [first, ...rest] = lines;
    let header: CheckpointHeader;
    try {
      header = JSON.parse(first ?? '') as CheckpointHeader;
    } catch {
      continue;
    }
    if (header.checkpoint !== 1 || header.slug !== slug) continue;
    const reviews = rest.flatMap((line) => {
      try {
        const parsed = reviewRecordSchema.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
    found.push({ header, reviews, path });
  }
  return found;
}

/** mkdir -p, once per folder per process: a catalog run would otherwise ask again for every tool. */
const madeDirs = new Set<string>();
async function ensureDir(dir: string): Promise<void> {
  if (madeDirs.has(dir)) return;
  await mkdir(dir, { recursive: true });
  madeDirs.add(dir);
}

async function takeLock(lockPath: string): Promise<boolean> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(await readFile(lockPath, 'utf8').catch(() => ''));
      if (pid && pid !== process.pid && isAlive(pid)) return false;
      await unlink(lockPath).catch(() => {}); // stale: its process is gone
    }
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
