import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';

export const queue = defineCommand({
  usage: 'queue [tool...]',
  summary: 'what waits for an editor: runs since the last approved one, and what to read first',
  help: `Usage: panel queue [tool...] [--json]

Lists each tool with runs newer than its last approved run, its newest such
run, and what to look at first in it: verdict flips against the approved run,
failed or rejected reviews, contested samples, position-dependent head-to-head
picks, recused personas. Tools with the most flags come first. Approve with
\`panel approve <tool>\`, or work through the queue in \`panel desk\`.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    const [{ sessionFor }, { buildQueue }] = await Promise.all([import('../session.js'), import('../../desk/queue.js')]);
    const session = await sessionFor(args, io);
    const items = await buildQueue(session, args.positionals.length ? args.positionals : undefined);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ queue: items }, null, 2)}\n`);
      return 0;
    }
    if (items.length === 0) {
      io.stdout.write("Nothing waits: every tool's newest run is approved.\n");
      return 0;
    }
    const lines = [`${items.length} tool${items.length === 1 ? '' : 's'} wait${items.length === 1 ? 's' : ''} for an editor.`];
    for (const item of items) {
      const score = item.score.percent === null ? '—' : `${item.score.percent}%`;
      const was = item.approved ? ` (approved run: ${item.approved.percent === null ? '—' : `${item.approved.percent}%`})` : ' (never approved)';
      lines.push('', `${item.name} (${item.slug}): run ${item.runId}, Panel ship ${score}${was}${item.waiting > 1 ? `; ${item.waiting} runs wait` : ''}`);
      for (const flag of item.flags) lines.push(`  - ${flag.text}`);
      if (item.flags.length === 0) lines.push('  - nothing flagged');
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
});
