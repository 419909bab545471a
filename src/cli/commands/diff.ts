import { UsageError } from '../../errors.js';
import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';

export const diff = defineCommand({
  usage: 'diff <runA> <runB>',
  summary: "two runs' verdicts and quotes side by side",
  help: `Usage: panel diff <runA> <runB> [--json]

Each persona's verdict and quote in two runs, side by side, with flips
marked. Runs are runIds, paths, or tool slugs (their latest run); two
head-to-head run ids give each persona's pick in both.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    if (args.positionals.length !== 2) throw new UsageError('Name two runs: `panel diff <runA> <runB>` (runIds or paths).');
    const [{ sessionFor }, { recordFor, comparisonFor }, { renderDiff, renderComparisonDiff }] = await Promise.all([
      import('../session.js'),
      import('../../run/verdict-lookup.js'),
      import('../../render/history-report.js'),
    ]);
    const session = await sessionFor(args, io);
    const [ca, cb] = await Promise.all(args.positionals.map((arg) => comparisonFor(session, arg)));
    if (ca && cb) {
      io.stdout.write(renderComparisonDiff(ca, cb, format));
      return 0;
    }
    const a = await recordFor(session, args.positionals[0]!);
    const b = await recordFor(session, args.positionals[1]!);
    io.stdout.write(renderDiff(a, b, format));
    return 0;
  },
});
