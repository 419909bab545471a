import { UsageError } from '../../errors.js';
import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';

export const history = defineCommand({
  usage: 'history <tool|a--b>',
  summary: "the tool's runs and how verdicts moved",
  help: `Usage: panel history <tool> [--json]

Every recorded run of the tool, oldest first: date, provider and model,
panel ship, each persona's verdict ("=" when carried over unchanged), the
verdict moves, and the tokens spent over all runs. Given a pair \`a--b\`,
its head-to-head runs and how each persona's pick moved.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    if (args.positionals.length !== 1) throw new UsageError('Name one tool: `panel history <tool>`.');
    const [{ sessionFor }, { recordFor, comparisonHistory }, { renderHistory, renderComparisonHistory }] = await Promise.all([
      import('../session.js'),
      import('../../run/verdict-lookup.js'),
      import('../../render/history-report.js'),
    ]);
    const session = await sessionFor(args, io);
    const slug = args.positionals[0]!;
    const comparisons = await comparisonHistory(session, slug);
    if (comparisons.length > 0) {
      io.stdout.write(renderComparisonHistory(slug, comparisons, format));
      return 0;
    }
    const runs = (await session.store.history(slug)).reverse();
    if (runs.length === 0) await recordFor(session, slug); // says "no run yet" or "unknown tool"
    io.stdout.write(renderHistory(slug, runs, format));
    return 0;
  },
});
