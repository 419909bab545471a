import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { RunStore } from './store.js';

type Depends = 'runs and decisions' | 'runs' | 'folder';

interface Entry<T> {
  /** What else the value depends on (a plan's calls), compared as it is. */
  key: string;
  /** The tool's newest run, and the file facts the value was derived under (store.runFacts). */
  runId: string;
  facts: string;
  value: T;
}

/**
 * Values derived from each tool's newest run and decisions (a plan that
 * needed nothing, a catalog row), kept in one file under `runs/.work/` so a
 * command over 10,000 tools reads one file instead of a run per tool. An
 * entry counts while the tool's run folder, that run's record and its
 * decisions file have the size and times it was derived under (panel writes
 * a record once under a new name, so a new run changes the folder; two runs
 * of one tool are never written in the same clock tick, one writer holding
 * the tool's lock for a whole run, so the folder's time is trusted as soon as
 * it is read, unlike a hand-edited tool file's). Derived
 * data: a missing, damaged or stale entry is derived again; deleting the
 * file loses nothing.
 */
export class DerivedByRun<T> {
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly version: number,
    private readonly entries: Map<string, Entry<T>>,
    private readonly depends: Depends,
  ) {}

  /**
   * The file at `path`, or an empty one when it is missing, damaged or of
   * another version. `depends` says what the values are derived from, and so
   * which file facts key them: the tool's runs and decisions (the default),
   * its runs alone (a catalog row), or only which runs it has (its newest
   * run's id: the run folder's time).
   */
  static open<T>(path: string, version: number, options: { depends?: Depends } = {}): DerivedByRun<T> {
    let entries = new Map<string, Entry<T>>();
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as { version?: number; tools?: Record<string, Entry<T>> };
      if (data.version === version && data.tools && typeof data.tools === 'object') entries = new Map(Object.entries(data.tools));
    } catch {
      // missing or damaged: derived again
    }
    return new DerivedByRun(path, version, entries, options.depends ?? 'runs and decisions');
  }

  /** The value derived for this key, while the tool's newest run and decisions are as they were (`decisions`: the decisions file's facts, when the caller has them). */
  get(store: RunStore, slug: string, key = '', decisions?: string): T | undefined {
    const entry = this.entries.get(slug);
    if (!entry || entry.key !== key || typeof entry.runId !== 'string') return undefined;
    return this.factsOf(store, slug, entry.runId, decisions) === entry.facts ? entry.value : undefined;
  }

  /**
   * Derive a value from the tool's files and remember it, when nothing moved
   * while it was derived: the same newest run, folder and decisions before
   * and after. A tool with no run yet is derived every time.
   */
  async derive(store: RunStore, slug: string, derive: () => Promise<T>, key = '', keep: (value: T) => boolean = () => true): Promise<T> {
    const [runId] = await store.runIds(slug);
    const before = runId && this.factsOf(store, slug, runId);
    const value = await derive();
    const after = runId ? this.factsOf(store, slug, runId) : undefined;
    if (runId && before && before === after && keep(value)) {
      this.entries.set(slug, { key, runId, facts: after, value });
      this.dirty = true;
    } else if (this.entries.delete(slug)) this.dirty = true;
    return value;
  }

  private factsOf(store: RunStore, slug: string, runId: string, decisions?: string): string | undefined {
    if (this.depends === 'folder') return store.folderFacts(slug);
    return store.runFacts(slug, runId, this.depends === 'runs' ? 'not a key' : decisions);
  }

  /**
   * Remember a value for a run this process has just written, when the
   * tool's decisions are as they were when the value was worked out
   * (`decisions`, from store.decisionsFacts): a decision appended meanwhile
   * leaves the value to be derived again.
   */
  remember(store: RunStore, slug: string, runId: string, value: T, key: string, decisions: string): void {
    const facts = store.runFacts(slug, runId);
    if (!facts || store.decisionsFacts(slug) !== decisions || !facts.endsWith(`:${decisions}`)) return;
    this.entries.set(slug, { key, runId, facts, value });
    this.dirty = true;
  }

  /** Write the file when anything changed, keeping only `slugs` when given. Best effort: only speed is lost when it cannot be written. */
  async save(slugs?: ReadonlySet<string>): Promise<void> {
    if (slugs) for (const slug of [...this.entries.keys()]) if (!slugs.has(slug) && this.entries.delete(slug)) this.dirty = true;
    if (!this.dirty) return;
    this.dirty = false;
    await writeFileAtomic(this.path, JSON.stringify({ version: this.version, tools: Object.fromEntries(this.entries) })).catch(() => {});
  }
}
