import { copyFile, link, lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { replaceControlCharacters } from '../util/control-characters.js';

/**
 * The folder `panel publish` writes: panel owns only the files it wrote there,
 * listed in a manifest beside them. Anything else in the folder (CNAME,
 * .nojekyll, a .git for a Pages branch, an editor's own files) is carried
 * into every new version of the site untouched.
 */
const MARKER = '.panel-site.json';

interface Manifest {
  writtenBy: 'panel publish';
  files: string[];
  /** Each page's inputs, hashed: a page whose inputs are unchanged is carried into the next version of the site, not written again. */
  keys?: Record<string, string>;
}

/** A page of the site: its text, and the hash of what it was made from (when it has one), so the next publish can carry it over unchanged. */
export interface SitePage {
  text: string | undefined;
  key?: string;
}

/** A folder publish must never replace, and what it is, for the message. */
export interface Protected {
  path: string;
  what: string;
  /** Folders whose inside is also off limits (runs, catalog, personas); the project folder is not (public/ lives there). */
  inside: boolean;
}

/** What publish found at the target before writing. */
export interface SiteTarget {
  out: string;
  /** The files an earlier publish wrote there (relative, `/`-separated), from its manifest or recognised. */
  owned: Set<string>;
  /** A site published before the marker existed, recognised by its files. */
  adopted: boolean;
  /** The page keys its manifest lists: a page whose key is the same need not be rendered again. */
  keys: ReadonlyMap<string, string>;
}

/** Files a folder may hold and still count as empty for publishing: hosting settings, never content. */
const HOUSEKEEPING = /^(\..*|CNAME|README(\..*)?|LICENSE(\..*)?)$/i;

/** Resolve symlinks in the part of `path` that exists, so `public/../runs` and a link to runs are seen as runs. */
async function real(path: string): Promise<string> {
  const parts: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(await realpath(at), ...parts.reverse());
    } catch {
      const up = dirname(at);
      if (up === at) return resolve(path);
      parts.push(basename(at));
      at = up;
    }
  }
}

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/**
 * Check the target before anything is written: never the project, its
 * config, runs, catalog or personas, nor a folder holding one of them; never
 * a file; never a non-empty folder panel did not publish.
 */
export async function inspectTarget(out: string, guarded: Protected[], shown: (p: string) => string): Promise<SiteTarget> {
  const target = await real(out);
  for (const g of guarded) {
    const p = await real(g.path);
    if (within(p, target)) {
      throw new UsageError(
        `panel publish will not write to ${shown(out)}: ${target === p ? `it is ${g.what}` : `it contains ${g.what} (${shown(g.path)})`}, and publishing replaces the folder. ` +
          'Name a folder of its own for the site, e.g. `--out public`.',
      );
    }
    if (g.inside && within(target, p)) {
      throw new UsageError(`panel publish will not write to ${shown(out)}: it is inside ${g.what} (${shown(g.path)}). Name a folder of its own for the site, e.g. \`--out public\`.`);
    }
  }
  let entries: string[];
  try {
    const stat = await lstat(out);
    if (stat.isSymbolicLink()) {
      throw new UsageError(
        `panel publish will not write to ${shown(out)}: it is a symbolic link, and publishing swaps the folder whole, which would replace the link. Name the folder it points to instead.`,
      );
    }
    if (!stat.isDirectory()) throw new UsageError(`panel publish will not write to ${shown(out)}: it is a file, not a folder. Name a folder for the site, e.g. \`--out public\`.`);
    entries = await readdir(out);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { out, owned: new Set(), adopted: false, keys: new Map() };
    if (code === 'ENOTDIR') throw new UsageError(`panel publish cannot write ${shown(out)}: a part of that path is a file, not a folder. Name a folder for the site, e.g. \`--out public\`.`);
    throw new UsageError(`panel publish cannot read ${shown(out)} (${code ?? String(error)}). Make it readable, or name another folder.`);
  }
  if (entries.includes(MARKER)) return { out, ...(await readManifest(out, shown)), adopted: false };
  const content = entries.filter((e) => !HOUSEKEEPING.test(e));
  if (content.length === 0) return { out, owned: new Set(), adopted: false, keys: new Map() };
  const earlier = await recognise(out, entries);
  if (earlier) return { out, owned: earlier, adopted: true, keys: new Map() };
  throw new UsageError(
    `panel publish will not write to ${shown(out)}: the folder holds files (${content.slice(0, 3).join(', ')}${content.length > 3 ? ', …' : ''}) and is not a site panel published (it has no ${MARKER}). ` +
      'publish replaces only a new or empty folder or one it wrote before. Name another folder, e.g. `--out public`, or empty this one.',
  );
}

async function readManifest(out: string, shown: (p: string) => string): Promise<{ owned: Set<string>; keys: Map<string, string> }> {
  const file = join(out, MARKER);
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest>;
    if (data.writtenBy === 'panel publish' && Array.isArray(data.files) && data.files.every((f) => typeof f === 'string' && safeRelative(f))) {
      const owned = new Set(data.files);
      const keys = new Map(Object.entries(data.keys && typeof data.keys === 'object' ? data.keys : {}).filter(([f, k]) => owned.has(f) && typeof k === 'string'));
      return { owned, keys };
    }
  } catch {
    // fall through to the error below
  }
  throw new UsageError(`${shown(file)} is damaged, so panel cannot tell which files in ${shown(out)} it wrote. Restore it from git, or empty the folder and publish again.`);
}

/** A site published before the manifest existed: index.html from panel's layout and a feed.xml. Its panel files are the ones panel's layout names. */
async function recognise(out: string, entries: string[]): Promise<Set<string> | undefined> {
  if (!entries.includes('index.html') || !entries.includes('feed.xml')) return undefined;
  const index = await readFile(join(out, 'index.html'), 'utf8').catch(() => '');
  if (!index.includes('<section class="site-index">')) return undefined;
  const owned = new Set(['index.html', 'feed.xml', 'digest.html', 'digest.md'].filter((f) => entries.includes(f)));
  for (const folder of ['tools', 'compare']) {
    const names = await readdir(join(out, folder)).catch(() => [] as string[]);
    for (const n of names) if (n.endsWith('.html')) owned.add(`${folder}/${n}`);
  }
  return owned;
}

const safeRelative = (p: string) => p.length > 0 && !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '' || s === '.');

/**
 * Write the site beside the target, carry the target's files panel did not
 * write into it (hard links: nothing is moved, so a failure loses nothing),
 * then swap it in. A reader sees the old site or the new one; no temporary
 * folder is left behind, whatever fails.
 */
/**
 * Write the site beside `out` and swap it in whole. A page given without text
 * (its key unchanged) is carried from the current site by a hard link (a copy
 * where links fail), so a publish after one tool changed writes that tool's
 * page, the index and the feed, not 10,000 pages.
 */
export async function replaceSite(target: SiteTarget, files: Map<string, SitePage>, shown: (p: string) => string): Promise<void> {
  const { out } = target;
  const parent = dirname(out);
  const temp = join(parent, `.${basename(out)}.panel-publish-${process.pid}`);
  const old = join(parent, `.${basename(out)}.panel-old-${process.pid}`);
  const foreign = await foreignFiles(out, target.owned);
  const clash = foreign.find((f) => files.has(f));
  if (clash) throw new UsageError(`${shown(join(out, clash))} was not written by panel, and this publish would replace it. Move it out of ${shown(out)} (or rename it), then publish again.`);
  try {
    await mkdir(parent, { recursive: true });
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp);
    const folders = new Set<string>();
    for (const [path, page] of files) {
      const folder = dirname(join(temp, path));
      if (!folders.has(folder)) await mkdir(folder, { recursive: true });
      folders.add(folder);
      if (page.text === undefined) await carry(join(out, path), join(temp, path));
      else await writeFile(join(temp, path), replaceControlCharacters(page.text));
    }
    const keys = Object.fromEntries([...files].flatMap(([path, page]) => (page.key ? [[path, page.key]] : [])).sort((x, y) => (x[0]! < y[0]! ? -1 : 1)));
    const manifest: Manifest = { writtenBy: 'panel publish', files: [...files.keys()].sort(), keys };
    await writeFile(join(temp, MARKER), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const f of foreign) await carry(join(out, f), join(temp, f));
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    if (error instanceof UsageError) throw error;
    throw writeError(error, parent, out, shown);
  }
  let moved = false;
  try {
    try {
      await rename(out, old);
      moved = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(temp, out);
  } catch (error) {
    if (moved) await rename(old, out).catch(() => {});
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    throw writeError(error, parent, out, shown);
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

function writeError(error: unknown, parent: string, out: string, shown: (p: string) => string): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const why =
    code === 'EBUSY' || code === 'EXDEV'
      ? `it cannot be replaced in one step (${code}: it may be a mount point). Publish into a folder inside it, e.g. --out ${shown(join(out, 'site'))}`
      : `${code}: ${(error as Error).message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}. publish writes the new site beside ${shown(out)} and swaps it in, so it needs write access to ${shown(parent) || '.'}; make it writable or name another folder`;
  return new UsageError(`panel publish could not write ${shown(out)}: ${why}. The site there is unchanged and nothing was left behind.`);
}

/** Files (and links) under `out` that panel did not write, as `/`-separated paths. Folders are walked; `.git` is carried file by file like the rest. */
async function foreignFiles(out: string, owned: Set<string>): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const e of entries) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (rel === MARKER) continue;
      if (e.isDirectory()) await walk(join(dir, e.name), rel);
      else if (!owned.has(rel)) found.push(rel);
    }
  };
  await walk(out, '');
  return found;
}

async function carry(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const stat = await lstat(from);
  if (stat.isSymbolicLink()) return symlink(await readlink(from), to);
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** For messages: a path relative to cwd. */
export function shownFrom(cwd: string): (p: string) => string {
  return (p) => relative(cwd, p) || '.';
}
