import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Tool, ToolFile } from '../shapes/tool.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Bumped whenever what a tool file may hold changes: an index from another contract is rebuilt. */
const INDEX_VERSION = 1;

interface IndexEntry {
  /** SHA-256 of the file's bytes: the key. */
  hash: string;
  /** The file's inode, size, modification and change times when it last hashed to `hash`; absent while those times were too recent to trust. */
  stat?: string;
  tool: ToolFile;
}

interface IndexFile {
  version: number;
  /** The persona ids the tools were checked against (`panel:` must name one). */
  personas: string;
  tools: Record<string, IndexEntry>;
}

/**
 * Every catalog tool's parsed, validated content in one file
 * (`runs/.work/catalog-index.json`, derived data), keyed by the hash of each
 * tool file's bytes: a weekly command over 10,000 tools reads this file once
 * and parses only the tool files whose content changed. A file whose inode,
 * size, modification and change times are those it had when it last hashed
 * to its key is not read at all; any other is read and hashed, so a changed
 * file is always seen (the change time moves with every write and cannot be
 * set back). A missing, damaged or outdated index is rebuilt; deleting it
 * loses nothing.
 */
export class CatalogIndex {
  private dirty = false;

  private constructor(
    readonly path: string,
    private readonly personas: string,
    private readonly entries: Map<string, IndexEntry>,
    private readonly now: () => number,
  ) {}

  /** The index at `path` for these personas; empty (to be rebuilt) when missing, damaged or made for other personas or another version. */
  static open(path: string, personaIds: readonly string[], now: () => number = Date.now): CatalogIndex {
    const personas = [...personaIds].sort().join(','); // the set, in any order
    let entries = new Map<string, IndexEntry>();
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<IndexFile>;
      if (data.version === INDEX_VERSION && data.personas === personas && data.tools && typeof data.tools === 'object') entries = new Map(Object.entries(data.tools));
    } catch {
      // missing or damaged: every tool is parsed from its file, and the index written again
    }
    return new CatalogIndex(path, personas, entries, now);
  }

  /**
   * A tool from its file: the indexed parse when the file's bytes hash to its
   * key, else `parse` (every check, every error) and the index updated.
   */
  async load(slug: string, file: string, parse: () => Promise<Tool>): Promise<Tool> {
    const entry = this.entries.get(slug);
    const facts = statSync(file, { bigint: true, throwIfNoEntry: false });
    const stat = facts && statKey(facts, this.now());
    // Unchanged since it was hashed: the same inode, size and times (the change time cannot be set back, unlike the modification time).
    if (entry?.stat && entry.stat === stat && entry.tool && typeof entry.tool === 'object') return { ...entry.tool, slug, file };
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return parse(); // says what is wrong with the file
    }
    const hash = hashBytes(bytes);
    if (entry && entry.hash === hash && entry.tool && typeof entry.tool === 'object') {
      if (entry.stat !== stat) this.remember(slug, { ...entry, stat });
      return { ...entry.tool, slug, file };
    }
    const tool = await parse();
    const { slug: _slug, file: _file, latest: _latest, ...content } = tool;
    this.remember(slug, { hash, stat, tool: content });
    return tool;
  }

  private remember(slug: string, entry: { hash: string; stat: string | undefined; tool: ToolFile }): void {
    const { stat, ...rest } = entry;
    this.entries.set(slug, stat ? { ...rest, stat } : rest);
    this.dirty = true;
  }

  /** Whether the index holds, for a tool parsed afresh from its file, what that parse gave (or nothing for the file's content): `panel check`. */
  agrees(tool: Tool): boolean {
    const entry = this.entries.get(tool.slug);
    let bytes: Buffer;
    try {
      bytes = readFileSync(tool.file);
    } catch {
      return true;
    }
    if (!entry || entry.hash !== hashBytes(bytes)) return true; // not indexed for this content: it is parsed when read
    const { slug: _slug, file: _file, latest: _latest, ...content } = tool;
    return JSON.stringify(entry.tool) === JSON.stringify(content);
  }

  /** Write the index when anything changed, keeping only the tools still in the catalog. Best effort: only speed is lost when it cannot be written. */
  async save(slugs: ReadonlySet<string> | undefined): Promise<void> {
    if (slugs) {
      for (const slug of this.entries.keys()) {
        if (!slugs.has(slug)) {
          this.entries.delete(slug);
          this.dirty = true;
        }
      }
    }
    if (!this.dirty) return;
    const data: IndexFile = { version: INDEX_VERSION, personas: this.personas, tools: Object.fromEntries(this.entries) };
    await writeFileAtomic(this.path, JSON.stringify(data)).catch(() => {});
    this.dirty = false;
  }
}

/**
 * A file's identity by its metadata, or undefined while its times are too
 * recent to trust: a write in the same clock tick as the last one can leave
 * the times as they were (git's "racy" case), so a file touched in the last
 * two seconds is hashed again next time rather than known by its times.
 */
function statKey(facts: BigIntStats, now: number): string | undefined {
  const recent = BigInt(now - 2000) * 1_000_000n;
  if (facts.mtimeNs > recent || facts.ctimeNs > recent) return undefined;
  return `${facts.ino}:${facts.size}:${facts.mtimeNs}:${facts.ctimeNs}`;
}

function hashBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
