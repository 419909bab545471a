import { outputFormat, stringFlag } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export const check = defineCommand({
  usage: 'check',
  summary: 'validate config, tools, personas and run records, no calls',
  help: `Usage: panel check [--json]

Validates panel.config.yaml, every persona file, every tool file in the
catalog and every run record (old ones through their migration), with no
call, and lists every problem of every file at once: file, line and column
or field, and the fix. Exit 2 when anything is wrong.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    noPositionals(args, 'panel check');
    const [{ checkAll }, { safeJson }] = await Promise.all([import('../../check/check-all.js'), import('../../render/formats.js')]);
    const config = stringFlag(args.values, 'config');
    const report = await checkAll(config ? { config } : {}, io.env, io.cwd, io.now?.() ?? new Date());
    const code = report.problems.length === 0 ? 0 : 2;
    if (format === 'json') {
      io.stdout.write(`${safeJson({ valid: code === 0, ...report })}\n`);
      return code;
    }
    const c = report.counts;
    const summary =
      `${report.config ?? 'defaults (no panel.config.yaml)'}, ${n(c.personas, 'persona')}, ${n(c.tools, 'tool')}, ${n(c.runRecords, 'run record')}` +
      (c.prices === null ? '' : `, ${n(c.prices, 'priced model')}`);
    for (const w of report.warnings) io.stderr.write(`panel: warning: ${w}\n`);
    if (code === 0) io.stdout.write(`All valid: ${summary}${report.warnings.length ? `; ${n(report.warnings.length, 'warning')}` : ''}.\n`);
    else io.stderr.write(`${report.problems.join('\n')}\n\n${n(report.problems.length, 'file')} with problems; valid: ${summary}.\n`);
    return code;
  },
});
