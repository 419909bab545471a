import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

export const tools = defineCommand({
  usage: 'tools',
  summary: 'list the catalog',
  help: `Usage: panel tools [--json]

Lists the tools in the catalog folder (\`catalog:\` in panel.config.yaml), with
name, category, entry price, and whether a run is recorded.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    noPositionals(args, 'panel tools');
    const [{ sessionFor }, { listCatalog }] = await Promise.all([import('../session.js'), import('../../run/catalog-listing.js')]);
    const rows = await listCatalog(await sessionFor(args, io));
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(4, ...rows.map((r) => r.slug.length));
    io.stdout.write(`${rows.map((r) => `${r.slug.padEnd(width)}  ${r.name} · ${r.category} · ${r.entry}${r.latestRun ? '' : '  (no run yet)'}`).join('\n')}\n`);
    return 0;
  },
});
