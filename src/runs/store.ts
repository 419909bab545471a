import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError, UsageError, type Problem } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readUtf8 } from '../util/yaml-file.js';
import { migrateRunRecord, NewerRecordError } from './migrate.js';
import type { z } from 'zod';
import { isComplete } from './completeness.js';
import { comparisonRecordSchema, type ComparisonRecord } from './comparison-record.js';
import type { WriteFault } from './write-fault.js';
import { runRecordSchema, runSummarySchema, type RunRecord, type RunSummary } from './record.js';

const RUN_FILE = /^\d{4}-\d\d-\d\dT[\d-]+(?:\.\d+)?Z-[0-9a-z]+\.json$/;

/** A run id sorts by time: the ISO timestamp (colons made file-safe) and a short random suffix. */
export function newRunId(date: Date, suffix = randomBytes(3).toString('hex')): string {
  return `${date.toISOString().replace(/:/g, '-')}-${suffix}`;
}

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
    return join(this.dir, slug, `${runId}.json`);
  }

  async write(record: RunRecord): Promise<string> {
    const path = this.pathOf(record.tool.slug, record.runId);
    const injected = this.fault?.(path);
    if (injected) throw injected;
    await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
    return path;
  }

  /** Run ids of a tool, newest first. */
  async runIds(slug: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.dir, slug));
    } catch {
      return [];
    }
    return names.filter((n) => RUN_FILE.test(n)).map((n) => n.slice(0, -5)).sort().reverse();
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
    return join(this.dir, '.comparisons', pair);
  }

  async writeComparison(record: ComparisonRecord): Promise<string> {
    const path = join(this.comparisonDir(record.pair), `${record.runId}.json`);
    const injected = this.fault?.(path);
    if (injected) throw injected;
    await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
    return path;
  }

  /** Run ids of a pair's comparisons, newest first. */
  async comparisonRunIds(pair: string): Promise<string[]> {
    const names = await readdir(this.comparisonDir(pair)).catch(() => [] as string[]);
    return names.filter((n) => RUN_FILE.test(n)).map((n) => n.slice(0, -5)).sort().reverse();
  }

  /** Every pair with a comparison, sorted. */
  async comparisonPairs(): Promise<string[]> {
    const entries = await readdir(join(this.dir, '.comparisons'), { withFileTypes: true }).catch(() => []);
    return entries.filter((d) => d.isDirectory()).map((d) => d.name).sort();
  }

  readComparison(pair: string, runId: string): Promise<ComparisonRecord> {
    return this.readWith(join(this.comparisonDir(pair), `${runId}.json`), comparisonRecordSchema);
  }

  /** Tools that have a runs folder, sorted; none before the first run. */
  async slugs(): Promise<string[]> {
    try {
      const entries = await readdir(this.dir, { withFileTypes: true });
      return entries.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
    } catch {
      return [];
    }
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
    const newerIncomplete: RunSummary[] = [];
    for (const id of await this.runIds(slug)) {
      const summary = await this.readWith(this.pathOf(slug, id), runSummarySchema);
      if (isComplete(summary)) return { complete: await this.read(this.pathOf(slug, id)), newerIncomplete };
      newerIncomplete.push(summary);
    }
    return { complete: undefined, newerIncomplete };
  }

  /** The latest run of a tool without its exchanges (see runSummarySchema). */
  async latestSummary(slug: string): Promise<RunSummary | undefined> {
    const [id] = await this.runIds(slug);
    return id === undefined ? undefined : this.readWith(this.pathOf(slug, id), runSummarySchema);
  }

  read(path: string): Promise<RunRecord> {
    return this.readWith(path, runRecordSchema);
  }

  private async readWith<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    const shown = this.shown(path);
    const text = await readUtf8(path, shown);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new InputError(shown, [
        { message: `is not valid JSON (${(error as Error).message}); the file may be truncated`, fix: 'restore it from git or delete it' },
      ]);
    }
    try {
      data = migrateRunRecord(data);
    } catch (error) {
      if (!(error instanceof NewerRecordError)) throw error;
      throw new InputError(shown, [{ field: 'schemaVersion', message: error.message, fix: 'upgrade panel (npm install) to read it' }]);
    }
    const parsed = schema.safeParse(data);
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

  shown(path: string): string {
    return relative(this.cwd, path) || path;
  }
}
