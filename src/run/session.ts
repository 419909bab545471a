import { join, relative } from 'node:path';
import pLimit from 'p-limit';
import { readSnapshot } from '../records/source-snapshots.js';
import { latestOf, type SourceSnapshot } from '../shapes/source.js';
import { CatalogIndex } from '../catalog/catalog-index.js';
import { Catalog, isToolPath, loadTool } from '../catalog/catalog.js';
import type { Tool } from '../shapes/tool.js';
import { loadConfig, type Config, type ConfigFlags } from '../config.js';
import { loadPrices, type Price, type PriceTable } from '../cost/prices.js';
import { lookupModel, type ModelInfo } from '../models/lookup.js';
import { loadModelTableSync, type ModelTable } from '../models/model-table.js';
import { openaiServer, type ServerChoice } from '../providers/servers.js';
import { PanelError } from '../errors.js';
import { loadPersonas, type Persona } from '../personas/persona.js';
import { newRunId, randomSuffix } from '../records/record-factory.js';
import { RunStore } from '../records/store.js';
import type { WriteFault } from '../records/write-fault.js';
import { packageRoot } from '../util/package-root.js';

/** Where a session's inputs come from and where its notices go: a process, or a test. */
export interface SessionOptions {
  /** --config, --provider, --model, --concurrency as given (unset ones fall back to env, then the config file). */
  flags?: ConfigFlags;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted to stop starting calls (Ctrl-C). */
  signal?: AbortSignal;
  /** Seams for time and ids, so records are byte-stable in tests. */
  now?: () => Date;
  newId?: () => string;
  /** Handed to the SDK clients (tests, `editorial-panel/testing`); defaults to the global fetch. */
  fetch?: typeof fetch;
  /** One line of news for the user (stderr in the CLI). */
  notice?: (message: string) => void;
  /** Tests of a full or read-only disk: fail writes to the runs folder. */
  writeFault?: WriteFault;
}

/**
 * Everything one command's runs share, loaded once: the config, the personas,
 * the run store and the price table, plus the seams for time, ids and notices.
 */
export interface Session {
  config: Config;
  /** The model named by --model, which beats a persona's own. */
  modelFlag: string | undefined;
  personas: Persona[];
  store: RunStore;
  /** The model table: the package's models.yaml, with the config's `models:` file over it. */
  models: ModelTable;
  /** A `prices:` table of the user's, whose prices replace the model table's. */
  prices: PriceTable | undefined;
  /** The server behind the `openai` provider. */
  openaiServer: ServerChoice;
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal | undefined;
  fetch: typeof fetch | undefined;
  now(): Date;
  /** A new run id: the time now and a random suffix (runs/record-factory.ts). */
  newRunId(): string;
  /** What the model table knows of a model (or its provider's safe defaults). */
  model(id: string, provider: 'anthropic' | 'openai'): ModelInfo;
  priceFor(model: string): Price | undefined;
  /** Say a notice once per session, however many times it is raised under `key`. */
  noticeOnce(key: string, message: string): void;
  notice(message: string): void;
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const flags = options.flags ?? {};
  const config = await loadConfig(flags, options.env, options.cwd);
  const shown = (path: string) => relative(options.cwd, path) || path;
  const tableFile = join(packageRoot().dir, 'models.yaml');
  // Independent files, read at once; the model table only when a command first asks about a model.
  const [personas, prices] = await Promise.all([loadPersonas(config.personas, options.cwd), config.prices ? loadPrices(config.prices, shown(config.prices)) : undefined]);
  let table: ModelTable | undefined;
  const models = () => (table ??= loadModelTableSync(tableFile, shown(tableFile), config.models ? { path: config.models, shownAs: shown(config.models) } : undefined));
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomSuffix;
  const notice = options.notice ?? (() => {});
  const said = new Set<string>();
  return {
    config,
    modelFlag: flags.model,
    personas,
    store: new RunStore(config.runs, options.cwd, options.writeFault),
    get models() {
      return models();
    },
    prices,
    openaiServer: openaiServer(config),
    cwd: options.cwd,
    env: options.env,
    signal: options.signal,
    fetch: options.fetch,
    now,
    newRunId: () => newRunId(now(), newId()),
    model: (id, provider) => lookupModel(models(), id, provider, prices),
    priceFor: (model) => lookupModel(models(), model, 'openai', prices).price,
    notice,
    noticeOnce(key, message) {
      if (said.has(key)) return;
      said.add(key);
      notice(message);
    },
  };
}

/** Load every named tool; problems in several files are all reported, not one per run. */
export async function loadTools(session: Session, args: readonly string[]): Promise<Tool[]> {
  const ids = session.personas.map((p) => p.id);
  const catalog = args.every(isToolPath) ? undefined : await Catalog.open(session.config.catalog);
  const files = pLimit(32); // a catalog of thousands must not open thousands of files at once
  const index = catalog && openCatalogIndex(session);
  const settled = await Promise.allSettled(args.map((arg) => files(() => (catalog ? catalog.load(arg, session.cwd, ids, index) : loadTool(arg, session.config.catalog, session.cwd, ids)))));
  await index?.save(new Set(catalog!.slugs));
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (errors.length === 0) {
    const tools = settled.map((s) => (s as PromiseFulfilledResult<Tool>).value);
    // What each watched tool's source said at the last `panel watch`: its latest release and licence are review inputs.
    await Promise.all(tools.filter((t) => t.source).map((t) => files(async () => withLatest(t, await readSnapshot(session.config.runs, t.slug, (p) => session.store.shown(p))))));
    return tools;
  }
  const first = errors[0];
  if (errors.length === 1 || !errors.every((e) => e instanceof PanelError)) throw first;
  throw new PanelError((errors as PanelError[]).map((e) => e.message).join('\n'), 2);
}

function withLatest(tool: Tool, snapshot: SourceSnapshot | undefined): void {
  const latest = latestOf(snapshot);
  if (latest) tool.latest = latest;
}

/** Every catalog tool parsed and validated, keyed by its file's content: a catalog of thousands parses only what changed (catalog/catalog-index.ts). */
export function openCatalogIndex(session: Session): CatalogIndex {
  return CatalogIndex.open(
    join(session.config.runs, '.work', 'catalog-index.json'),
    session.personas.map((p) => p.id),
  );
}
