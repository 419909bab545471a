import { statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, UsageError, type Problem } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatRecord, joinParts, partsDirOf, splitParts, writeParts } from './prompt-parts.js';
import { readUtf8 } from '../util/yaml-file.js';
import { isRunId, isSlug, RUN_ID } from '../shapes/names.js';
import { migrateRunRecord, NewerRecordError } from './migrate.js';
import type { z } from 'zod';
import { isComplete } from '../aggregate/completeness.js';
import { strangerReviewers } from './panel-members.js';
import { comparisonRecordSchema, type ComparisonRecord } from '../shapes/comparison-record.js';
import { claimCheckRecordSchema, type ClaimCheckRecord } from '../shapes/claim-check.js';
import type { WriteFault } from './write-fault.js';
import { runRecordSchema, runSummarySchema, type RunRecord, type RunSummary } from '../shapes/run-record.js';

const RUN_FILE = new RegExp(`${RUN_ID.source.slice(0, -1)}\\.json$`);

/** The only module that reads and writes the runs folder. */
export class RunStore {
  constructor(
    readonly dir: string,
    private readonly cwd: string,
    /** Tests of a full or read-only disk fail writes here. */
    readonly fault?: WriteFault,
  ) {}

  /**
   * Check, before any call, that the runs folder can be written: a run whose
   * answers cannot be kept must not be paid for.
   */
  async assertWritable(): Promise<void> {
    const probe = join(this.dir, '.work', `.probe-${process.pid}`);
    try {
      await mkdir(join(this.dir, '.work'), { recursive: true });
      await writeFile(probe, 'x', { flag: 'wx' });
      await unlink(probe);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      await unlink(probe).catch(() => {});
      throw new UsageError(
        `panel cannot write to the runs folder ${this.shown(this.dir)} (${e.code ?? 'error'}: ${e.message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}): no call was made, so nothing was paid for. ` +
          'Make the folder writable (or free space on its disk, or point `runs:` in panel.config.yaml at another folder), then run the same command again.',
      );
    }
  }

  pathOf(slug: string, runId: string): string {
    return join(this.folderOf(slug), `${runId}.json`);
  }

  /** A tool's log of editors' decisions, beside its runs. */
  decisionsPath(slug: string): string {
    return join(this.folderOf(slug), 'decisions.jsonl');
  }

  /**
   * What changes whenever a tool's runs or decisions do, from file facts
   * alone (no file read): its run folder's time (a run written, renamed or
   * deleted), the given record's size and time, and its decisions file's. The
   * key of derived data about a tool's latest run; undefined when the folder
   * or the record is gone.
   */
  runFacts(slug: string, runId: string, decisions = this.decisionsFacts(slug)): string | undefined {
    const folder = statSync(this.folderOf(slug), { throwIfNoEntry: false });
    const record = folder && statSync(this.pathOf(slug, runId), { throwIfNoEntry: false });
    if (!folder || !record) return undefined;
    return `${folder.mtimeMs}:${record.size}:${record.mtimeMs}:${decisions}`;
  }

  /** The run folder's time: a run written, renamed or deleted in it changes it. */
  folderFacts(slug: string): string | undefined {
    const folder = statSync(this.folderOf(slug), { throwIfNoEntry: false });
    return folder ? String(folder.mtimeMs) : undefined;
  }

  /** The decisions file's size and time ('-' when there is none): an appended decision changes them. */
  decisionsFacts(slug: string): string {
    const decisions = statSync(this.decisionsPath(slug), { throwIfNoEntry: false });
    return decisions ? `${decisions.size}:${decisions.mtimeMs}` : '-';
  }

  /** The claim checks folder's time ('-' when there is none): a check written changes it. Part of the key of what pages derive from checks. */
  checksFacts(slug: string): string {
    return String(statSync(this.checkDir(slug), { throwIfNoEntry: false })?.mtimeMs ?? '-');
  }

  /** Every record of a tool, newest first, without the exchanges (their reviews' exchanges empty): what pages, feeds, digests, the desk, history and stats read, with no prompt part read. */
  async history(slug: string): Promise<RunRecord[]> {
    const ids = await this.runIds(slug);
    const withoutExchanges = (data: unknown) => {
      const record = migrateRunRecord(data) as { reviews?: unknown };
      if (!Array.isArray(record?.reviews)) return record;
      return { ...record, reviews: record.reviews.map((r: unknown) => (r && typeof r === 'object' ? { ...r, exchanges: [] } : r)) };
    };
    return Promise.all(ids.map((id) => this.readWith(this.pathOf(slug, id), runRecordSchema, withoutExchanges)));
  }

  /** A tool's runs folder. A name that is not a slug is refused: no name leads outside the runs folder. */
  private folderOf(slug: string): string {
    if (!isSlug(slug)) throw new UsageError(`\`${slug}\` is not a tool slug (letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit).`);
    return join(this.dir, slug);
  }

  /** A folder's entries; none when it does not exist. Any other failure is the user's to fix, never a reason to plan a tool as new and pay for it. */
  private async list(dir: string): Promise<string[]> {
    try {
      return await readdir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      const why = code === 'ENOTDIR' ? 'it is a file, not a folder' : `${code ?? 'error'}: it cannot be listed`;
      throw new UsageError(`panel cannot read ${this.shown(dir)} (${why}). Fix or move it (runs folders hold only run records), then run the command again.`);
    }
  }

  /** A run record, its shared prompt parts written first (records/prompt-parts.ts). */
  async write(record: RunRecord): Promise<string> {
    const target = this.pathOf(record.tool.slug, record.runId);
    const { stored, parts } = splitParts(record);
    await writeParts(partsDirOf(target), parts);
    const path = await this.writeRecord(target, stored, formatRecord(stored));
    const { reviews, ...rest } = record;
    await this.cacheSummary(record.tool.slug, path, record.runId, { ...rest, reviews: reviews.map(({ exchanges: _e, ...r }) => r) } as RunSummary);
    return path;
  }

  private summaryCache(slug: string): string {
    return join(this.dir, '.work', 'summaries', `${slug}.json`);
  }

  /** A cache: written without fsync (a torn or lost entry is only read again from the record), never an error. */
  private async cacheSummary(slug: string, path: string, runId: string, summary: RunSummary): Promise<void> {
    try {
      const facts = await stat(path);
      const cache = this.summaryCache(slug);
      await mkdir(dirname(cache), { recursive: true });
      await writeFile(cache, JSON.stringify({ key: `${runId}:${facts.size}:${facts.mtimeMs}`, summary: runSummarySchema.parse(summary) }));
    } catch {
      // only speed is lost
    }
  }

  /** A record written whole (temporary file, fsync, rename), unless a test's write seam fails it. */
  private async writeRecord(path: string, record: object, text = `${JSON.stringify(record, null, 2)}\n`): Promise<string> {
    const injected = this.fault?.(path);
    if (injected) throw injected;
    await writeFileAtomic(path, text);
    return path;
  }

  /** The run ids of the records in a folder, newest first. */
  private async runIdsIn(dir: string): Promise<string[]> {
    const names = await this.list(dir);
    return names
      .filter((n) => RUN_FILE.test(n))
      .map((n) => n.slice(0, -5))
      .sort()
      .reverse();
  }

  /** Run ids of a tool, newest first. */
  runIds(slug: string): Promise<string[]> {
    return this.runIdsIn(this.folderOf(slug));
  }

  /** Every record of a tool, newest first. */
  async all(slug: string): Promise<RunRecord[]> {
    const ids = await this.runIds(slug);
    return Promise.all(ids.map((id) => this.read(this.pathOf(slug, id))));
  }

  async latest(slug: string): Promise<RunRecord | undefined> {
    const [id] = await this.runIds(slug);
    return id === undefined ? undefined : this.read(this.pathOf(slug, id));
  }

  /** Head-to-head comparisons live apart from tools, in a dot folder no slug can name. */
  comparisonDir(pair: string): string {
    if (!isSlug(pair)) throw new UsageError(`\`${pair}\` is not a pair of tool slugs (a--b).`);
    return join(this.dir, '.comparisons', pair);
  }

  writeComparison(record: ComparisonRecord): Promise<string> {
    return this.writeRecord(join(this.comparisonDir(record.pair), `${record.runId}.json`), record);
  }

  /** Run ids of a pair's comparisons, newest first. */
  comparisonRunIds(pair: string): Promise<string[]> {
    return this.runIdsIn(this.comparisonDir(pair));
  }

  /** A tool's claim checks live apart from its runs, in a dot folder no slug can name. */
  private checkDir(slug: string): string {
    return join(this.dir, '.checks', this.folderOf(slug).slice(this.dir.length + 1));
  }

  writeClaimCheck(record: ClaimCheckRecord): Promise<string> {
    return this.writeRecord(join(this.checkDir(record.slug), `${record.runId}.json`), record);
  }

  /** Every claim check of a tool, newest first. */
  async claimChecks(slug: string): Promise<ClaimCheckRecord[]> {
    const dir = this.checkDir(slug);
    const ids = await this.runIdsIn(dir);
    return Promise.all(ids.map((id) => this.readWith(join(dir, `${id}.json`), claimCheckRecordSchema)));
  }

  /** Every pair with a comparison, sorted. */
  async comparisonPairs(): Promise<string[]> {
    const entries = await readdir(join(this.dir, '.comparisons'), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  }

  readComparison(pair: string, runId: string): Promise<ComparisonRecord> {
    return this.readWith(join(this.comparisonDir(pair), `${runId}.json`), comparisonRecordSchema);
  }

  /** Tools that have a runs folder, sorted; none before the first run. */
  async slugs(): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      await this.list(this.dir); // says what is wrong with the folder
      return [];
    }
    return entries
      .filter((d) => d.isDirectory() && isSlug(d.name))
      .map((d) => d.name)
      .sort();
  }

  /** A run given as a runId (searched in every tool's folder) or as a path to a record. */
  async resolve(arg: string): Promise<RunRecord> {
    if (arg.endsWith('.json') || arg.includes('/')) return this.read(resolve(this.cwd, arg));
    const owners: string[] = [];
    for (const slug of await this.slugs()) if ((await this.runIds(slug)).includes(arg)) owners.push(slug);
    if (owners.length === 1) return this.read(this.pathOf(owners[0]!, arg));
    if (owners.length > 1) {
      throw new UsageError(`Run \`${arg}\` exists for ${owners.join(' and ')}; give its path instead, e.g. ${this.shown(this.pathOf(owners[0]!, arg))}.`);
    }
    throw new UsageError(`No run \`${arg}\` under ${this.shown(this.dir)}/. Give a runId from \`panel history <tool>\` or a path to a run file.`);
  }

  /**
   * The tool's verdict run: its newest complete run (read whole), and the
   * newer runs that are not complete (summaries), newest first.
   */
  async latestComplete(slug: string): Promise<{ complete: RunRecord | undefined; newerIncomplete: RunSummary[] }> {
    const { complete, newerIncomplete } = await this.latestCompleteSummary(slug);
    return { complete: complete && (await this.read(this.pathOf(slug, complete.runId))), newerIncomplete };
  }

  /** The tool's newest complete run and the newer incomplete ones, as summaries (no exchange is read): what a catalog row shows. */
  async latestCompleteSummary(slug: string): Promise<{ complete: RunSummary | undefined; newerIncomplete: RunSummary[] }> {
    const newerIncomplete: RunSummary[] = [];
    for (const id of await this.runIds(slug)) {
      const summary = await this.readWith(this.pathOf(slug, id), runSummarySchema, migrateRunRecord);
      if (isComplete(summary)) return { complete: summary, newerIncomplete };
      newerIncomplete.push(summary);
    }
    return { complete: undefined, newerIncomplete };
  }

  /** The latest run of a tool without its exchanges (see runSummarySchema). */
  /**
   * A tool's latest run without its exchanges: what planning compares against.
   * Read through a cache under runs/.work/summaries/ (not history: ignored by
   * git), keyed by the record's run id, size and modification time, so a
   * catalog's no-op regen parses a couple of kilobytes per tool, not each
   * latest record whole; a record replaced by hand or by git is read again.
   */
  async latestSummary(slug: string): Promise<RunSummary | undefined> {
    const [id] = await this.runIds(slug);
    if (id === undefined) return undefined;
    const path = this.pathOf(slug, id);
    const cache = this.summaryCache(slug);
    const [facts, cached] = await Promise.all([stat(path).catch(() => undefined), readFile(cache, 'utf8').catch(() => undefined)]);
    const key = facts && `${id}:${facts.size}:${facts.mtimeMs}`;
    if (key && cached) {
      try {
        const entry = JSON.parse(cached) as { key?: string; summary?: unknown };
        const parsed = entry.key === key ? runSummarySchema.safeParse(entry.summary) : undefined;
        if (parsed?.success) return parsed.data;
      } catch {
        // a damaged cache entry is read again from the record below
      }
    }
    const summary = await this.readWith(path, runSummarySchema, migrateRunRecord);
    await this.cacheSummary(slug, path, id, summary);
    return summary;
  }

  /** A run record, every request whole (its shared prompt parts put back). */
  read(path: string): Promise<RunRecord> {
    return this.readWith(path, runRecordSchema, (data) => joinParts(migrateRunRecord(data), path, this.shown(path)));
  }

  /** A record read and validated; `migrate` brings an older run record up to today's schema (other kinds have their own versions and none yet). */
  private async readWith<S extends z.ZodType>(path: string, schema: S, migrate: (data: unknown) => unknown = (data) => data): Promise<z.output<S>> {
    const shown = this.shown(path);
    const text = await readUtf8(path, shown, { controls: 'allow' });
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new InputError(shown, [{ message: `is not valid JSON (${(error as Error).message}); the file may be truncated`, fix: 'restore it from git or delete it' }]);
    }
    try {
      data = migrate(data);
    } catch (error) {
      if (!(error instanceof NewerRecordError)) throw error;
      throw new InputError(shown, [{ field: 'schemaVersion', message: error.message, fix: 'upgrade panel (npm install) to read it' }]);
    }
    const parsed = schema.safeParse(data);
    if (parsed.success) {
      const misplaced = this.misplaced(path, parsed.data as Partial<RunRecord>);
      if (misplaced.length > 0) throw new InputError(shown, misplaced);
    }
    if (!parsed.success) {
      const problems: Problem[] = parsed.error.issues.slice(0, 10).map((i) => ({
        field: i.path.map(String).join('.') || '(top level)',
        message: i.message,
      }));
      problems.push({ message: 'this run record is damaged', fix: 'restore it from git, or delete it and run the panel again' });
      throw new InputError(shown, problems);
    }
    return parsed.data;
  }

  /**
   * A record must belong where it sits: its tool's slug is its folder, its run
   * id is its file name, and every review is by a persona on the panel its
   * tool snapshot lists. A record that fails is never scored or published;
   * `panel check` lists it. A record read from a path outside the runs folder
   * (`panel show path/to/run.json`) is checked for all but its folder.
   */
  private misplaced(path: string, record: Partial<RunRecord>): Problem[] {
    const problems: Problem[] = [];
    const fix = 'restore it from git, or delete it; panel never moves or renames records';
    const file = basename(path, '.json');
    if (record.runId !== undefined && (!isRunId(record.runId) || record.runId !== file)) {
      problems.push({ field: 'runId', message: `is \`${record.runId}\`, which ${isRunId(record.runId) ? `is not the file's name (${file})` : 'is not a run id'}`, fix });
    }
    const inRuns = relative(this.dir, path);
    const folder = inRuns.split(sep)[0];
    if (record.tool && !inRuns.startsWith('..') && !isAbsolute(inRuns) && inRuns.split(sep).length === 2 && folder !== '.comparisons' && record.tool.slug !== folder) {
      problems.push({ field: 'tool.slug', message: `is \`${record.tool.slug}\`, but the record sits in ${folder}/; it would be published as another tool's verdict`, fix });
    }
    if (record.tool?.panel && record.reviews) {
      const strangers = strangerReviewers(record as Pick<RunRecord, 'tool' | 'reviews'>, []);
      if (strangers.length > 0)
        problems.push({ field: 'reviews', message: `has reviews by ${strangers.join(', ')}, not on the tool's panel (${record.tool.panel.join(', ')}); they would change its score`, fix });
    }
    const check = record as Partial<ClaimCheckRecord>;
    if (check.kind === 'claim-check' && check.slug !== basename(dirname(path))) {
      problems.push({ field: 'slug', message: `is \`${String(check.slug)}\`, but the check sits in ${basename(dirname(path))}/; it would be shown as another tool's`, fix });
    }
    return problems;
  }

  shown(path: string): string {
    return relative(this.cwd, path) || path;
  }
}
