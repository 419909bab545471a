import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';
import { maxCostFlag } from '../flags.js';
import { createProgress } from '../progress.js';

export const regen = defineCommand({
  usage: 'regen [tool...]',
  summary: "re-review what changed since each tool's last run; report verdict flips",
  options: {
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
    resume: { type: 'boolean' },
    'max-cost': { type: 'string' },
    batch: { type: 'boolean' },
    samples: { type: 'string' },
    checker: { type: 'string' },
  },
  help: `Usage: panel regen [tool...] [--dry-run] [--force] [--json]

Re-reviews only the (tool, persona) pairs whose inputs changed since the
tool's latest run (description, persona prompt, shared rules, provider,
model, parameters, review schema), that are new, or that failed last time;
every other review is carried into the new run as reusedFrom, at no cost. A
tool with nothing to do gets no new run. With no tool named, the whole
catalog. Ends with a table: tool, what changed, verdict flips, old → new
panel ship.

  --dry-run       list what would be re-reviewed and why, the number of calls
                  and an estimate of tokens and cost; no call, no file (works
                  without a provider)
  --force         re-review everything named
  --resume        accepted, and not needed: an interrupted regen's kept
                  reviews are always picked up when their inputs match
  --max-cost USD  stop starting calls before spending more than USD
  --batch         submit as a provider batch instead, at half price (see panel batch)
  --samples N     ask each persona N separate times; its verdict is the majority
  --checker P/M   the claim checker's provider/model (with \`grounding: on\`)
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    const maxCostUsd = maxCostFlag(args);
    const [{ sessionFor }, { regenIn }, { exitCodeOf }, report] = await Promise.all([
      import('../session.js'),
      import('../../run/regen.js'),
      import('../../run/outcome.js'),
      import('../../render/regen-report.js'),
    ]);
    const session = await sessionFor(args, io);
    const progress = createProgress(io.stderr);
    const flag = (name: 'force' | 'resume' | 'dry-run' | 'batch') => Boolean(args.values[name]);
    const result = await regenIn(session, {
      tools: args.positionals,
      force: flag('force'),
      resume: flag('resume'),
      dryRun: flag('dry-run'),
      batch: flag('batch'),
      progress,
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
    }).finally(() => progress.close());
    if (result.mode === 'dry-run') {
      io.stdout.write(report.renderDryRun(result.plans, result.estimate, result.asRecorded, format, result.checks));
      return 0;
    }
    if (result.mode === 'batch') return (await import('./batch.js')).presentSubmission(io, result.submission);
    io.stdout.write(report.renderRegen(result.plans, result, format));
    const { afterRun } = await import('../after-run.js');
    afterRun(session, args, result);
    return exitCodeOf(result);
  },
});
