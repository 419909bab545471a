import { UsageError } from '../../errors.js';
import { stringFlag } from '../args.js';
import { defineCommand } from '../command.js';
import { DECISION_OPTIONS, requiredReason, runDecision } from '../decision-command.js';

const OPTIONS = { ...DECISION_OPTIONS, run: { type: 'string' } } as const;
const RUN_HELP = `  --run ID    the run whose review it is (default: the tool's newest run); a
              correction follows the review when regen carries it into later runs`;

export const override = defineCommand({
  usage: 'override <tool> <persona> ship|skip',
  summary: "set a persona's verdict on a tool, with the editors' reason",
  options: OPTIONS,
  help: `Usage: panel override <tool> <persona> ship|skip --reason "…" [--run ID] [--editor NAME]

Sets a persona's verdict. It counts in the panel score, and the page says so
beside the quote: "Verdict set by the editors: skip (the persona said ship).
Reason: …". The persona's own answer stays in the run record.
${RUN_HELP}
`,
  run(args, io) {
    const [tool, persona, verdict] = args.positionals;
    if (args.positionals.length !== 3 || (verdict !== 'ship' && verdict !== 'skip')) throw new UsageError('Usage: `panel override <tool> <persona> ship|skip --reason "…"`.');
    const run = stringFlag(args.values, 'run');
    return runDecision(args, io, { action: 'override', tool: tool!, persona: persona!, verdict, reason: requiredReason(args, 'override'), ...(run ? { run } : {}) });
  },
});

export const edit = defineCommand({
  usage: 'edit <tool> <persona> --quote-file F',
  summary: "correct a persona's quote; the page marks it as edited",
  options: { ...OPTIONS, 'quote-file': { type: 'string' } },
  help: `Usage: panel edit <tool> <persona> --quote-file F --reason "…" [--run ID] [--editor NAME]

Replaces the quote a page shows for a persona with the text of file F (UTF-8).
The page marks it "Quote edited by the editors. Reason: …"; the persona's own
words stay in the run record.
${RUN_HELP}
`,
  async run(args, io) {
    const [tool, persona] = args.positionals;
    const file = stringFlag(args.values, 'quote-file');
    if (args.positionals.length !== 2 || !file) throw new UsageError('Usage: `panel edit <tool> <persona> --quote-file F --reason "…"`.');
    const reason = requiredReason(args, 'edit');
    const { readUtf8 } = await import('../../util/yaml-file.js');
    const { resolve } = await import('node:path');
    const quote = await readUtf8(resolve(io.cwd, file), file);
    const run = stringFlag(args.values, 'run');
    return runDecision(args, io, { action: 'edit', tool: tool!, persona: persona!, quote, reason, ...(run ? { run } : {}) });
  },
});

export const reject = defineCommand({
  usage: 'reject <tool> <persona>',
  summary: "reject a persona's review: regen asks it again",
  options: OPTIONS,
  help: `Usage: panel reject <tool> <persona> --reason "…" [--run ID] [--editor NAME]

Rejects a persona's review: it counts as failed (the run is incomplete, so the
site keeps the tool's last complete verdict), and the next \`panel regen\`
asks that persona again in a fresh conversation, and nothing else.
${RUN_HELP}
`,
  run(args, io) {
    const [tool, persona] = args.positionals;
    if (args.positionals.length !== 2) throw new UsageError('Usage: `panel reject <tool> <persona> --reason "…"`.');
    const run = stringFlag(args.values, 'run');
    return runDecision(args, io, { action: 'reject', tool: tool!, persona: persona!, reason: requiredReason(args, 'reject'), ...(run ? { run } : {}) });
  },
});
