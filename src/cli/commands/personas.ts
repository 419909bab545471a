import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

export const personas = defineCommand({
  usage: 'personas',
  summary: "list the panel's personas",
  help: `Usage: panel personas [--json]

Lists the personas in the personas folder with the lens each reviews through.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    noPositionals(args, 'panel personas');
    const { sessionFor } = await import('../session.js');
    const session = await sessionFor(args, io);
    const rows = session.personas.map((p) => ({
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
  },
});
