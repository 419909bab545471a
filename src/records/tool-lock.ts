import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Who holds a tool: written into the lock file, read by anyone who finds it taken. */
const ownerSchema = z.object({ pid: z.number(), host: z.string(), since: z.string(), command: z.string() });
export type LockOwner = z.output<typeof ownerSchema>;

/**
 * One writer per tool: `runs/.work/<slug>/lock` is created exclusively (an
 * atomic create, so two processes cannot both take it) and holds the owner's
 * pid and host. A lock whose process is gone (same host, pid not alive) is
 * stale and is broken by renaming it aside first, so two processes breaking
 * it at once cannot both win. A lock from another host is never broken: its
 * process cannot be checked from here.
 */
export class ToolLock {
  private constructor(private readonly path: string) {}

  static async tryAcquire(workDir: string, slug: string, command: string): Promise<ToolLock | { heldBy: LockOwner | undefined }> {
    const dir = join(workDir, slug);
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'lock');
    const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
    for (let tries = 0; tries < 3; tries++) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(JSON.stringify(me));
        await handle.close();
        return new ToolLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await readOwner(path);
      if (owner && !(owner.host === me.host && !isAlive(owner.pid))) return { heldBy: owner };
      // Unreadable: a process killed between creating the lock and writing it, unless it is still that young.
      if (!owner && Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) < 2000) return { heldBy: undefined };
      await breakStale(path, owner);
    }
    return { heldBy: await readOwner(path) };
  }

  /**
   * Take the lock, waiting while another live process holds it; `onWait` is
   * told once who holds it. Resolves undefined when `signal` aborts first.
   */
  static async acquire(
    workDir: string,
    slug: string,
    command: string,
    options: { onWait: (owner: LockOwner | undefined) => void; signal?: AbortSignal; pollMs?: number },
  ): Promise<ToolLock | undefined> {
    let told = false;
    for (;;) {
      const got = await ToolLock.tryAcquire(workDir, slug, command);
      if (got instanceof ToolLock) return got;
      if (!told) options.onWait(got.heldBy);
      told = true;
      if (options.signal?.aborted) return undefined;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
    }
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(() => {});
  }
}

/**
 * Move a stale lock aside and delete it. If what was moved is not the stale
 * lock that was read (another process broke it and took the tool in between),
 * put it back.
 */
async function breakStale(path: string, stale: LockOwner | undefined): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readOwner(aside);
  if (moved && stale && (moved.pid !== stale.pid || moved.since !== stale.since)) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
