import { createHash } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReviewRecord } from '../shapes/run-record.js';

/**
 * Where answers go when the runs folder cannot take them (a full disk, a
 * read-only mount): a folder in the system temp folder named for the runs
 * folder, laid out like `runs/.work/` (`<slug>/<runId>.jsonl`, a header line
 * then reviews), so the next run of the tool picks them up as it picks up a
 * checkpoint, without paying for them again.
 */
export function keptAsideDir(runsDir: string): string {
  return join(tmpdir(), `panel-kept-${createHash('sha256').update(runsDir).digest('hex').slice(0, 12)}`);
}

/** Append one review to the tool's file of answers kept aside; fsynced before it resolves. Returns the file's path. */
export async function keepAside(runsDir: string, header: { runId: string; slug: string; createdAt: string }, review: ReviewRecord | object): Promise<string> {
  const dir = join(keptAsideDir(runsDir), header.slug);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${header.runId}.jsonl`);
  const handle = await open(path, 'a');
  try {
    if ((await handle.stat()).size === 0) await handle.appendFile(`${JSON.stringify({ checkpoint: 1, ...header })}\n`);
    await handle.appendFile(`${JSON.stringify(review)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}
