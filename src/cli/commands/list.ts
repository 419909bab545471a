import pLimit from 'p-limit';
import { Catalog } from '../../catalog/catalog.js';
import { outputFormat, type ParsedArgs } from '../args.js';
import { createContext, panelOf } from '../context.js';
import type { Io } from '../io.js';

/** `panel tools`: the catalog, one tool a line, with its latest panel score. */
export async function toolsCommand(args: ParsedArgs, io: Io): Promise<number> {
  const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
  const ctx = await createContext(args, io);
  const ids = ctx.personas.map((p) => p.id);
  const catalog = await Catalog.open(ctx.config.catalog);
  const files = pLimit(32);
  const rows = await Promise.all(
    catalog.slugs.map((slug) => files(async () => {
      const tool = await catalog.load(slug, io.cwd, ids);
      const [latest] = await ctx.store.runIds(slug);
      return {
        slug,
        name: tool.name,
        category: tool.category,
        entry: tool.pricing.entry,
        panel: panelOf(tool, ctx.personas).map((p) => p.id),
        latestRun: latest ?? null,
      };
    })),
  );
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(4, ...rows.map((r) => r.slug.length));
  const lines = rows.map((r) => `${r.slug.padEnd(width)}  ${r.name} · ${r.category} · ${r.entry}${r.latestRun ? '' : '  (no run yet)'}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `panel personas`: the panel, one persona a line, with its lens. */
export async function personasCommand(args: ParsedArgs, io: Io): Promise<number> {
  const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
  const ctx = await createContext(args, io);
  const rows = ctx.personas.map((p) => ({
    id: p.id,
    name: p.name,
    lens: p.lens,
    ...(p.model ? { model: p.model } : {}),
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
  }));
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  io.stdout.write(`${rows.map((r) => `${r.id.padEnd(width)}  ${r.name}: ${r.lens}`).join('\n')}\n`);
  return 0;
}
