import { UsageError } from '../../errors.js';
import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';

export const replay = defineCommand({
  usage: 'replay <run...>',
  summary: "re-parse and re-score recorded runs with today's code, no network (--all)",
  options: { all: { type: 'boolean' } },
  help: `Usage: panel replay <run...> | --all [--json]

Re-parses every recorded raw response and re-aggregates with today's code,
with no network, and reports any difference from the recorded result. Exit 1
when anything differs: the regression check for parser, schema or aggregator
changes.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    const all = Boolean(args.values['all']);
    if (all === args.positionals.length > 0) throw new UsageError('Name runs to replay (`panel replay <run...>`), or pass --all for every recorded run.');
    const [{ sessionFor }, { recordFor }, { reparseRecord }, { renderReparse }] = await Promise.all([
      import('../session.js'),
      import('../../run/verdict-lookup.js'),
      import('../../run/replay/reparse.js'),
      import('../../render/reparse-report.js'),
    ]);
    const session = await sessionFor(args, io);
    const { store } = session;
    const records = all ? (await Promise.all((await store.slugs()).map((slug) => store.all(slug)))).flat() : await Promise.all(args.positionals.map((arg) => recordFor(session, arg)));
    const results = records.map((record) => ({ record, differences: reparseRecord(record) }));
    io.stdout.write(renderReparse(results, format));
    return results.some((r) => r.differences.length > 0) ? 1 : 0;
  },
});
