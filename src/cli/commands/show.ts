import { UsageError } from '../../errors.js';
import { defineCommand, PAGE_OPTIONS } from '../command.js';
import { emit, pageOutput } from '../output.js';

export const show = defineCommand({
  usage: 'show <tool|run>',
  summary: 'render a recorded run (the latest by default), no calls',
  options: PAGE_OPTIONS,
  help: `Usage: panel show <tool|run> [--format text|md|html|json] [--out FILE] [--fragment]

Renders a recorded run (a tool's latest, a runId, or a path) as the panel
card or page, or a head-to-head comparison (\`a--b\` for its latest, or its
run id) as its comparison page. Calls no model.
`,
  async run(args, io): Promise<number> {
    const output = pageOutput(args, 'text', true);
    if (args.positionals.length !== 1) throw new UsageError('Name one tool or run: `panel show <tool|run>`.');
    const [{ sessionFor }, lookup, { buildToolPage }, { renderPage }] = await Promise.all([
      import('../session.js'),
      import('../../run/verdict-lookup.js'),
      import('../../aggregate/card.js'),
      import('../../render/page.js'),
    ]);
    const session = await sessionFor(args, io);
    const comparison = await lookup.comparisonFor(session, args.positionals[0]!);
    if (comparison) {
      const [{ buildComparison }, { headToHead }] = await Promise.all([import('../../aggregate/comparison.js'), import('../../aggregate/head-to-head.js')]);
      const [a, b] = await Promise.all(comparison.tools.map(async (t) => lookup.panelFor(session, (await lookup.runFor(session, t.slug)).record)));
      await emit(io, renderPage(buildComparison(a!, b!, headToHead(comparison)), output.format === 'text' ? 'md' : output.format, output), output.out);
      return 0;
    }
    const { record, complete } = await lookup.runFor(session, args.positionals[0]!);
    if (!complete) session.notice(`${record.tool.slug}'s run ${record.runId} is incomplete; it is shown as it is, and is not the tool's verdict.`);
    const panel = await lookup.panelFor(session, record);
    await emit(io, renderPage(buildToolPage(panel), output.format, output), output.out);
    return 0;
  },
});
