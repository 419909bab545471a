import { UsageError } from '../../errors.js';
import { defineCommand, PAGE_OPTIONS } from '../command.js';
import { maxCostFlag } from '../flags.js';
import { emit, pageOutput } from '../output.js';
import { createProgress } from '../progress.js';

export const review = defineCommand({
  usage: 'review <tool...>',
  summary: 'run the panel, write a run record, print the panel card',
  options: { ...PAGE_OPTIONS, resume: { type: 'boolean' }, 'max-cost': { type: 'string' }, batch: { type: 'boolean' }, samples: { type: 'string' }, checker: { type: 'string' } },
  help: `Usage: panel review <tool...> [options]

Runs every persona on each tool's panel (the tool file's \`panel:\` list, or all
personas), in parallel, validates each answer (re-asking once when it is not a
valid review), writes runs/<slug>/<runId>.json and prints the panel card.
<tool> is a slug in the catalog folder or a path to a tool file.

With no provider configured it replays the tool's latest recorded run and
writes nothing; --provider replay replays strictly, matching each request by
its hash and failing with what changed when no recording matches.

Options: --provider, --model, --concurrency, --json / --format text|md|html|json,
--out FILE, --fragment, --config,
  --resume        accepted, and not needed: reviews an interrupted run kept
                  (runs/.work/) are always picked up when their inputs match
  --max-cost USD  stop starting calls before spending more than USD
  --batch         submit as a provider batch instead, at half price (see panel batch)
  --samples N     ask each persona N separate times; its verdict is the majority
  --checker P/M   the claim checker's provider/model (with \`grounding: on\`)
Ends with the tokens and cost spent (prices from the model table).
Exit: 0 every persona reviewed; 1 a persona failed, a replay missed or a
budget stopped the run; 2 bad input.
`,
  async run(args, io): Promise<number> {
    const output = pageOutput(args, 'text', true);
    if (output.format === 'html' && args.positionals.length > 1) {
      throw new UsageError('--format html renders one tool per page; review one tool, or use `panel show <tool>` for each.');
    }
    const [{ sessionFor }, { reviewIn }, { exitCodeOf }, { renderReviewOutcomes }, { describeSpend }] = await Promise.all([
      import('../session.js'),
      import('../../run/review.js'),
      import('../../run/outcome.js'),
      import('../../render/review-report.js'),
      import('../../cost/spend.js'),
    ]);
    const session = await sessionFor(args, io);
    const progress = createProgress(io.stderr);
    const options = { tools: args.positionals, resume: Boolean(args.values['resume']), batch: Boolean(args.values['batch']), progress };
    const maxCostUsd = maxCostFlag(args);
    const result = await reviewIn(session, { ...options, ...(maxCostUsd !== undefined ? { maxCostUsd } : {}) }).finally(() => progress.close());
    if (result.mode === 'batch') {
      const { presentSubmission } = await import('./batch.js');
      return presentSubmission(io, result.submission);
    }
    if (result.outcomes.some((o) => o.paid.length > 0)) {
      session.notice(`spent: ${describeSpend(result.spend)}`);
    }
    if (result.outcomes.some((o) => o.record)) await emit(io, renderReviewOutcomes(result.outcomes, output.format, { ...output, ...(result.checks ? { checks: result.checks } : {}) }), output.out);
    const { afterRun } = await import('../after-run.js');
    afterRun(session, args, result);
    return exitCodeOf(result);
  },
});
