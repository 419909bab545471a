import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Catalog } from '../catalog/catalog.js';
import { loadConfig, type ConfigFlags } from '../config.js';
import { loadPrices } from '../cost/prices.js';
import { PanelError } from '../errors.js';
import { parsePersona, type Persona } from '../personas/persona.js';
import { RunStore } from '../runs/store.js';
import { packageRoot } from '../util/package-root.js';
import { readUtf8 } from '../util/yaml-file.js';

export interface CheckReport {
  /** The config file used, as shown; null with none. */
  config: string | null;
  counts: { personas: number; tools: number; runRecords: number; prices: number | null };
  /** One message per file with problems, each naming the file and how to fix it. */
  problems: string[];
}

/**
 * Validate the config, every persona, every tool file, the price table and
 * every run record, with no call; every problem of every file is collected,
 * not just the first.
 */
export async function checkAll(flags: ConfigFlags, env: Record<string, string | undefined>, cwd: string): Promise<CheckReport> {
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

  const catalog = await collect(() => Catalog.open(config.catalog));
  const ids = personas.map((p) => p.id);
  let tools = 0;
  for (const slug of catalog?.slugs ?? []) if (await collect(() => catalog!.load(slug, cwd, ids))) tools++;

  const pricesFile = config.prices ?? join(packageRoot().dir, 'prices.yaml');
  const prices = await collect(() => loadPrices(pricesFile, shown(pricesFile)));

  const store = new RunStore(config.runs, cwd);
  let runRecords = 0;
  for (const slug of await store.slugs()) {
    for (const id of await store.runIds(slug)) if (await collect(() => store.read(store.pathOf(slug, id)))) runRecords++;
  }
  return {
    config: config.file ? shown(config.file) : null,
    counts: { personas: personas.length, tools, runRecords, prices: prices ? Object.keys(prices.models).length : null },
    problems,
  };
}
