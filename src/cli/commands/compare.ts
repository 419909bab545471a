import { UsageError } from '../../errors.js';
import type { ParsedArgs } from '../args.js';
import { PAGE_OPTIONS, type Command } from '../command.js';
import type { Io } from '../io.js';
import { emit, pageOutput } from '../output.js';

export const compare: Command = {
  usage: 'compare <a> <b>',
  summary: "comparison page of two tools' latest runs (--format md|html|json, --out FILE)",
  options: PAGE_OPTIONS,
  help: `Usage: panel compare <a> <b> [--format md|html|json] [--out FILE] [--fragment]

Renders the comparison page from the latest run of each tool: both cards,
the panel verdict, the reviewer scorecard, the pricing read, the reviewer
split and the community vote comparison. <a> and <b> are tool slugs, runIds
or paths to run records (to pin exactly what gets published). Calls no model.
Markdown goes to stdout by default; --fragment gives HTML without <html> and
<head>, its styles scoped, for pasting into a site's page.
`,
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const output = pageOutput(args, 'md', false);
    if (args.positionals.length !== 2) throw new UsageError('Name two tools or runs: `panel compare <a> <b>`.');
    const [{ sessionFor }, lookup, { buildComparison }, { renderPage }] = await Promise.all([
      import('../session.js'),
      import('../../run/lookup.js'),
      import('../../aggregate/comparison.js'),
      import('../../render/page.js'),
    ]);
    const session = await sessionFor(args, io);
    const panels = [];
    for (const arg of args.positionals) panels.push(await lookup.panelFor(session, await lookup.recordFor(session, arg)));
    const [a, b] = panels;
    if (a!.tool.slug === b!.tool.slug && a!.run.runId === b!.run.runId) {
      throw new UsageError(`Both sides are the same run (${a!.run.runId}); compare two tools, or two runs of one tool.`);
    }
    await emit(io, renderPage(buildComparison(a!, b!), output.format, output), output.out);
    return 0;
  },
};
