import type { DecisionRequest } from '../desk/decide.js';
import { UsageError } from '../errors.js';
import { stringFlag, type ParsedArgs } from './args.js';
import type { Options } from './command.js';
import type { Io } from './io.js';

export const DECISION_OPTIONS = { editor: { type: 'string' }, reason: { type: 'string' } } as const satisfies Options;

/** A reason the action needs (override, edit, reject): said before anything is read. */
export function requiredReason(args: ParsedArgs, action: string): string {
  const reason = stringFlag(args.values, 'reason')?.trim();
  if (!reason) throw new UsageError(`${action} needs --reason "…": the reason is kept with the decision and shown to readers beside the change.`);
  return reason;
}

/** Sign a decision, append it to the tool's decisions file, and say what was written. */
export async function runDecision(args: ParsedArgs, io: Io, request: DecisionRequest): Promise<number> {
  const [{ sessionFor }, { editorName }, { decide }] = await Promise.all([import('./session.js'), import('../desk/editor.js'), import('../desk/decide.js')]);
  const session = await sessionFor(args, io);
  const editor = await editorName(stringFlag(args.values, 'editor'), session.config.editor, session.cwd, io.env);
  const done = await decide(session, editor, request);
  if (done.already) {
    io.stdout.write(`${done.already} Nothing was written.\n`);
    return 0;
  }
  const d = done.decision;
  const what =
    d.action === 'approve'
      ? `approved ${done.slug} run ${d.run} for publication`
      : d.action === 'label'
        ? `labelled ${done.slug} ${d.verdict}`
        : d.action === 'retract'
          ? `retracted ${d.retracts}`
          : `${d.action === 'override' ? `set ${d.persona}'s verdict to ${d.verdict}` : d.action === 'edit' ? `edited ${d.persona}'s quote` : `rejected ${d.persona}'s review (the next \`panel regen ${done.slug}\` asks again)`} on ${done.slug}`;
  io.stdout.write(`${editor} ${what}: decision ${d.id}, in ${done.file}.\n`);
  return 0;
}
