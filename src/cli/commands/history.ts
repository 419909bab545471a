import { UsageError } from '../../errors.js';
import { outputFormat, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import type { Io } from '../io.js';

export const history: Command = {
  usage: 'history <tool>',
  summary: "the tool's runs and how verdicts moved",
  help: `Usage: panel history <tool> [--json]

Every recorded run of the tool, oldest first: date, provider and model,
panel ship, each persona's verdict ("=" when carried over unchanged), the
verdict moves, and the tokens spent over all runs.
`,
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    if (args.positionals.length !== 1) throw new UsageError('Name one tool: `panel history <tool>`.');
    const [{ sessionFor }, { recordFor }, { renderHistory }] = await Promise.all([
      import('../session.js'),
      import('../../run/lookup.js'),
      import('../../render/history-report.js'),
    ]);
    const session = await sessionFor(args, io);
    const slug = args.positionals[0]!;
    const runs = (await session.store.all(slug)).reverse();
    if (runs.length === 0) await recordFor(session, slug); // says "no run yet" or "unknown tool"
    io.stdout.write(renderHistory(slug, runs, format));
    return 0;
  },
};
