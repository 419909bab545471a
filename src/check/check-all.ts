import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Catalog } from '../catalog/catalog.js';
import { CatalogIndex } from '../catalog/catalog-index.js';
import { loadConfig, type ConfigFlags } from '../config.js';
import { loadPrices, type PriceTable } from '../cost/prices.js';
import { lookupModel, retirement } from '../models/lookup.js';
import { loadModelTable, overlayModels, type ModelTable } from '../models/model-table.js';
import { anthropicWire } from '../providers/anthropic-wire.js';
import { openaiWire } from '../providers/openai-wire.js';
import { PanelError } from '../errors.js';
import { parsePersona, type Persona } from '../personas/persona.js';
import { damagedCheckpoints } from '../records/checkpoint.js';
import { readDecisions } from '../records/decision-log.js';
import { RunStore } from '../records/store.js';
import { markupLoss } from '../render/description.js';
import { strangerReviewers } from '../records/panel-members.js';
import { packageRoot } from '../util/package-root.js';
import { readUtf8 } from '../util/yaml-file.js';
import { editDistance } from '../util/suggest.js';

export interface CheckReport {
  /** The config file used, as shown; null with none. */
  config: string | null;
  counts: { personas: number; tools: number; runRecords: number; prices: number | null };
  /** One message per file with problems, each naming the file and how to fix it. */
  problems: string[];
  /** Not errors: a configured model that is retired, retires within 30 days, or has no price. */
  warnings: string[];
}

/**
 * Validate the config, every persona, every tool file, the price table and
 * every run record, with no call; every problem of every file is collected,
 * not just the first.
 */
export async function checkAll(flags: ConfigFlags, env: Record<string, string | undefined>, cwd: string, today: Date = new Date()): Promise<CheckReport> {
  const config = await loadConfig(flags, env, cwd);
  const problems: string[] = [];
  const collect = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof PanelError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const shown = (p: string) => relative(cwd, p) || p;

  let personaFiles: string[] = [];
  try {
    personaFiles = (await readdir(config.personas)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md');
  } catch {
    problems.push(`${shown(config.personas)}: the personas folder does not exist; set \`personas:\` in panel.config.yaml`);
  }
  const personas: Persona[] = [];
  for (const name of personaFiles) {
    const file = join(config.personas, name);
    const persona = await collect(async () => parsePersona(await readUtf8(file, shown(file)), shown(file), name.slice(0, -3)));
    if (persona) personas.push(persona);
  }

  if (personaFiles.length === 0 && problems.length === 0)
    problems.push(`${shown(config.personas)}: no persona files (*.md); a panel needs at least one. Copy the personas from \`panel init\`, or set \`personas:\` in panel.config.yaml`);
  const catalog = await collect(() => Catalog.open(config.catalog));
  const ids = personas.map((p) => p.id);
  let tools = 0;
  const markup: string[] = [];
  // The catalog index is derived data: an entry that disagrees with its file's parse is reported (commands would parse the file again only once it changes).
  const index = CatalogIndex.open(join(config.runs, '.work', 'catalog-index.json'), ids);
  const disagree: string[] = [];
  for (const slug of catalog?.slugs ?? []) {
    const tool = await collect(() => catalog!.load(slug, cwd, ids));
    if (!tool) continue;
    tools++;
    if (!index.agrees(tool)) disagree.push(slug);
    const lost = markupLoss(tool.description);
    if (lost.length > 0) markup.push(`${shown(tool.file)}: description: pages drop its ${lost.join(', ')} (the text inside stays). Rewrite it as plain Markdown to choose what readers see.`);
  }
  if (disagree.length)
    problems.push(
      `${shown(join(config.runs, '.work', 'catalog-index.json'))}: disagrees with the tool file${disagree.length === 1 ? '' : 's'} of ${disagree.join(', ')}: it is derived data; delete it and the next command rebuilds it from the files`,
    );
  if (catalog && catalog.slugs.length === 0)
    problems.push(`${shown(config.catalog)}: no tool files (*.yaml) in the catalog folder. Add one (\`panel init\` writes an example), or set \`catalog:\` in panel.config.yaml`);
  for (const [a, b] of config.comparisons) {
    for (const slug of [a, b]) {
      if (!catalog || catalog.slugs.includes(slug)) continue;
      const closest = [...catalog.slugs].sort((x, y) => editDistance(slug, x) - editDistance(slug, y))[0];
      problems.push(
        `${shown(config.file ?? 'panel.config.yaml')}: comparisons: [${a}, ${b}] names \`${slug}\`, which is not in the catalog${closest ? ` (the nearest slug is \`${closest}\`)` : ''}. Fix the slug or remove the pair`,
      );
    }
  }

  const tableFile = join(packageRoot().dir, 'models.yaml');
  const base = await collect(() => loadModelTable(tableFile, shown(tableFile)));
  const table = base && (await collect(() => overlayModels(base, config.models ? { path: config.models, shownAs: shown(config.models) } : undefined)));
  const prices = config.prices ? await collect(() => loadPrices(config.prices!, shown(config.prices!))) : undefined;
  const warnings = [...(table ? modelWarnings(table, prices, config.model, personas, today) : []), ...markup];

  const store = new RunStore(config.runs, cwd);
  let runRecords = 0;
  if (existsSync(config.runs) && !statSync(config.runs).isDirectory())
    problems.push(`${shown(config.runs)}: \`runs:\` points at a file; it must be a folder (panel writes run records there). Set \`runs:\` in panel.config.yaml to a folder`);
  for (const slug of (await collect(() => store.slugs())) ?? []) {
    const log = await collect(() => readDecisions(store, slug));
    if (log?.damaged.length) {
      const lines = log.damaged.map((d) => `  ${shown(log.path)}:${d.line}: ${d.reason}`).join('\n');
      problems.push(
        `${shown(log.path)}: ${log.damaged.length} damaged line${log.damaged.length === 1 ? '' : 's'} in the editors' decisions\n${lines}\n    fix: the other decisions stand; delete the damaged line, or restore the file from git and make the decision again`,
      );
    }
    for (const id of (await collect(() => store.runIds(slug))) ?? []) {
      const record = await collect(() => store.read(store.pathOf(slug, id)));
      if (!record) continue;
      runRecords++;
      const strangers = strangerReviewers(record, ids);
      if (strangers.length > 0 && personas.length > 0) {
        problems.push(
          `${shown(store.pathOf(slug, id))}: reviews by ${strangers.join(', ')}, who are not on the panel (no persona file, no panel: in the record's tool); they would change its score\n    fix: restore the record from git, or delete it`,
        );
      }
    }
  }
  for (const { path, damaged } of await damagedCheckpoints(join(config.runs, '.work'))) {
    const lines = damaged.map((d) => `  ${shown(path)}:${d.line}: ${d.reason}`).join('\n');
    problems.push(
      `${shown(path)}: ${damaged.length} damaged line${damaged.length === 1 ? '' : 's'} in a checkpoint\n${lines}\n    fix: the valid reviews were kept (or will be by the next run of the tool); read the file if you want, then delete it`,
    );
  }
  return {
    config: config.file ? shown(config.file) : null,
    counts: { personas: personas.length, tools, runRecords, prices: table ? Object.values(table.models).filter((m) => m.price).length : null },
    problems,
    warnings,
  };
}

/** Warnings for the models a run would use: the config's, each persona's, else the providers' defaults. */
function modelWarnings(table: ModelTable, prices: PriceTable | undefined, configModel: string | undefined, personas: Persona[], today: Date): string[] {
  const named = new Map<string, string>();
  if (configModel) named.set(configModel, '`model:` in the config');
  for (const p of personas) if (p.model && !named.has(p.model)) named.set(p.model, `the ${p.id} persona (${p.file})`);
  if (named.size === 0) for (const wire of [anthropicWire, openaiWire]) named.set(wire.defaultModel, `${wire.id}'s default`);
  const warnings: string[] = [];
  for (const [id, where] of named) {
    const provider = id.startsWith('claude') ? 'anthropic' : 'openai';
    const info = lookupModel(table, id, provider, prices);
    const status = retirement(info.entry, today);
    if (status === 'retired') warnings.push(`${id} (${where}) was retired on ${info.entry.retires}: calls to it fail. Name a current model (\`panel models\` lists them).`);
    else if (status === 'retiring') warnings.push(`${id} (${where}) retires on ${info.entry.retires}. Move to a current model before then (\`panel models\` lists them).`);
    if (!info.key) warnings.push(`${id} (${where}) is not in the model table: panel uses its provider's safe defaults and cannot price it.`);
    else if (!info.price) warnings.push(`${id} (${where}) has no price: its cost shows as unknown and --max-cost cannot be used with it. Add one in a \`models:\` file.`);
  }
  return warnings;
}
