import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Catalog } from '../../catalog/catalog.js';
import { loadConfig } from '../../config.js';
import { PanelError } from '../../errors.js';
import { parsePersona } from '../../personas/persona.js';
import { RunStore } from '../../runs/store.js';
import { readUtf8 } from '../../util/yaml-file.js';
import { loadPrices } from '../../cost/prices.js';
import { packageRoot } from '../../util/package-root.js';
import { stringFlag, type ParsedArgs } from '../args.js';
import type { Io } from '../io.js';

/**
 * `panel check`: validate the config, every persona, every tool file, the
 * price table and every run record, with no call, and report every problem of every file at
 * once. Exit 2 when anything is wrong.
 */
export async function checkCommand(args: ParsedArgs, io: Io): Promise<number> {
  const config = await loadConfig(
    { ...(stringFlag(args.values, 'config') ? { config: stringFlag(args.values, 'config')! } : {}) },
    io.env,
    io.cwd,
  );
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
  const shown = (p: string) => relative(io.cwd, p) || p;

  let personaFiles: string[] = [];
  try {
    personaFiles = (await readdir(config.personas)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md');
  } catch {
    problems.push(`${shown(config.personas)}: the personas folder does not exist; set \`personas:\` in panel.config.yaml`);
  }
  const personas = [];
  for (const name of personaFiles) {
    const file = join(config.personas, name);
    const persona = await collect(async () => parsePersona(await readUtf8(file, shown(file)), shown(file), name.slice(0, -3)));
    if (persona) personas.push(persona);
  }

  const catalog = await collect(() => Catalog.open(config.catalog));
  const ids = personas.map((p) => p.id);
  let tools = 0;
  for (const slug of catalog?.slugs ?? []) {
    if (await collect(() => catalog!.load(slug, io.cwd, ids))) tools++;
  }

  const pricesFile = config.prices ?? join(packageRoot().dir, 'prices.yaml');
  const prices = await collect(() => loadPrices(pricesFile, shown(pricesFile)));

  const store = new RunStore(config.runs, io.cwd);
  let records = 0;
  for (const slug of await store.slugs()) {
    for (const id of await store.runIds(slug)) {
      if (await collect(() => store.read(store.pathOf(slug, id)))) records++;
    }
  }

  const priced = prices ? `, ${Object.keys(prices.models).length} prices` : '';
  const summary = `${config.file ? shown(config.file) : 'defaults (no panel.config.yaml)'}, ${personas.length} personas, ${tools} tools, ${records} run records${priced}`;
  if (problems.length === 0) {
    io.stdout.write(`All valid: ${summary}.\n`);
    return 0;
  }
  io.stderr.write(`${problems.join('\n')}\n\n${problems.length} file${problems.length === 1 ? '' : 's'} with problems; valid: ${summary}.\n`);
  return 2;
}
