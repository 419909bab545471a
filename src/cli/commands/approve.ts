import { UsageError } from '../../errors.js';
import { stringFlag } from '../args.js';
import { defineCommand } from '../command.js';
import { DECISION_OPTIONS, runDecision } from '../decision-command.js';

export const approve = defineCommand({
  usage: 'approve <tool|run>',
  summary: "approve a tool's newest run (or a run id) for publication",
  options: DECISION_OPTIONS,
  help: `Usage: panel approve <tool|run> [--reason "…"] [--editor NAME]

Approves a run for publication: a tool's newest run, or the run id given. Only
a complete run can be approved. With \`approval: required\` in
panel.config.yaml, \`panel publish\` shows each tool's newest approved run and
lists what waits (\`panel queue\`). The decision is appended to
runs/<tool>/decisions.jsonl, signed with --editor, else PANEL_EDITOR, else
git's user.name.
`,
  run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('Name one tool or run: `panel approve <tool|run>`.');
    const reason = stringFlag(args.values, 'reason')?.trim();
    return runDecision(args, io, { action: 'approve', target: args.positionals[0]!, ...(reason ? { reason } : {}) });
  },
});

export const retract = defineCommand({
  usage: 'retract <decision-id>',
  summary: 'take back an earlier decision (it stays in the file, marked retracted)',
  options: DECISION_OPTIONS,
  help: `Usage: panel retract <decision-id> [--reason "…"] [--editor NAME]

Takes back an approval, override, edit, rejection or label by its id (printed
when it was made; in runs/<tool>/decisions.jsonl). The decision stays in the
file; a retraction line says it no longer holds.
`,
  run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('Name one decision: `panel retract <decision-id>`.');
    const reason = stringFlag(args.values, 'reason')?.trim();
    return runDecision(args, io, { action: 'retract', id: args.positionals[0]!, ...(reason ? { reason } : {}) });
  },
});

export const label = defineCommand({
  usage: 'label <tool> ship|skip',
  summary: "record the editors' own verdict on a tool, for calibration",
  options: DECISION_OPTIONS,
  help: `Usage: panel label <tool> ship|skip [--reason "…"] [--editor NAME]

Records the editors' own verdict on a tool beside its panel verdict (its
newest complete run). \`panel stats\` sets each persona's verdicts against
the labels: Cohen's κ, agreement and leniency, each with its n. A label does
not change what is published.
`,
  run(args, io) {
    const [tool, verdict] = args.positionals;
    if (args.positionals.length !== 2 || (verdict !== 'ship' && verdict !== 'skip')) throw new UsageError('Name a tool and a verdict: `panel label <tool> ship|skip`.');
    const reason = stringFlag(args.values, 'reason')?.trim();
    return runDecision(args, io, { action: 'label', tool: tool!, verdict, ...(reason ? { reason } : {}) });
  },
});
