import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { sourceSnapshotSchema, type SourceSnapshot } from '../shapes/source.js';
import { isSlug } from '../shapes/names.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** The snapshot file's size and time, or '-' when it has none: part of the key of what is derived from it. */
export function snapshotFacts(runsDir: string, slug: string): string {
  const facts = statSync(snapshotPath(runsDir, slug), { throwIfNoEntry: false });
  return facts ? `${facts.size}:${facts.mtimeMs}` : '-';
}

/** `runs/.sources/<slug>.json`: what each of a tool's sources said at the last `panel watch` (committed with the runs). */
function snapshotPath(runsDir: string, slug: string): string {
  if (!isSlug(slug)) throw new InputError(slug, [{ message: 'is not a tool slug' }]);
  return join(runsDir, '.sources', `${slug}.json`);
}

export async function readSnapshot(runsDir: string, slug: string, shown: (path: string) => string = (p) => p): Promise<SourceSnapshot | undefined> {
  const path = snapshotPath(runsDir, slug);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(shown(path), [{ message: 'is not valid JSON', fix: 'restore it from git, or delete it and run `panel watch` again' }]);
  }
  const parsed = sourceSnapshotSchema.safeParse(data);
  if (!parsed.success)
    throw new InputError(shown(path), [
      ...parsed.error.issues.slice(0, 5).map((i) => ({ field: i.path.join('.'), message: i.message })),
      { message: 'this source snapshot is damaged', fix: 'restore it from git, or delete it and run `panel watch` again' },
    ]);
  return parsed.data;
}

/** Written whole (temporary file, fsync, rename): a reader sees the last snapshot or the new one. */
export async function writeSnapshot(runsDir: string, snapshot: SourceSnapshot): Promise<string> {
  const path = snapshotPath(runsDir, snapshot.slug);
  await writeFileAtomic(path, `${JSON.stringify(snapshot, null, 2)}\n`);
  return path;
}
