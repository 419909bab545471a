import type { RunResult } from '../run/outcome.js';
import type { Session } from '../run/session.js';
import { commandLine, type ParsedArgs } from './args.js';

const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What a user needs after `review` or `regen` stopped short or had failures:
 * what was kept, why it stopped, how many tries failed calls had, and the one
 * command that finishes the work (the same command: kept reviews are picked up).
 */
export function afterRun(session: Session, args: ParsedArgs, result: RunResult): void {
  const unfinished = result.outcomes.filter((o) => o.unfinished);
  for (const o of unfinished) {
    const { kept, of, checkpoint } = o.unfinished!;
    session.notice(checkpoint ? `interrupted: kept ${kept} of ${of} reviews of ${o.plan.tool.slug} in ${checkpoint}.` : `interrupted: ${o.plan.tool.slug} was not started.`);
  }
  const failedWrites = result.outcomes.filter((o) => o.writeFailure);
  if (failedWrites.length > 0) {
    const { code, message } = failedWrites[0]!.writeFailure!;
    const aside = [...new Set(failedWrites.map((o) => o.writeFailure!.keptAside).filter(Boolean))];
    session.notice(
      `the runs folder ${session.store.shown(session.store.dir)} cannot be written (${code}: ${message.replace(/^\w+: /, '')}), so panel stopped starting calls. ` +
        `Every answer already paid for is kept: in its checkpoint under ${session.store.shown(session.store.dir)}/.work/` +
        (aside.length ? ` or, where the folder would not take it, in ${aside.join(', ')}` : '') +
        ". Free space or fix the folder's permissions, then run the command below: it picks them up without paying again.",
    );
  } else if (result.stoppedBecause && result.stoppedBecause !== 'interrupted') session.notice(`stopped: ${result.stoppedBecause}`);
  const failed = result.outcomes.flatMap((o) => o.paid.filter((r) => r.status === 'failed' && r.error?.kind !== 'not_attempted').map((r) => ({ o, r })));
  if (failed.length > 0) {
    const tries = failed.reduce((most, { r }) => Math.max(most, r.attempts), 0);
    const tools = [...new Set(failed.map(({ o }) => o.plan.tool.slug))];
    session.notice(
      `${s(failed.length, 'review')} failed (after ${tries === 1 ? '1 try' : `up to ${tries} tries`}, retries included; see each above). \`panel regen ${tools.join(' ')}\` asks ${failed.length === 1 ? 'it' : 'them'} again and keeps the rest.`,
    );
  }
  // Interrupted with every tool finished: nothing is left to continue (and after --force, the same command would buy it all again).
  const nothingLeft = result.stoppedBecause === 'interrupted' && unfinished.length === 0 && failedWrites.length === 0;
  if (!nothingLeft && (unfinished.length > 0 || failedWrites.length > 0 || (result.stoppedBecause && !failed.length))) {
    session.notice(`continue with: ${commandLine(continuation(args, result))}  (reviews already kept are not asked again)`);
  }
}

/**
 * The command that finishes exactly what was left. The same command line,
 * except after `--force`: forcing the tools that finished again would buy
 * their reviews twice, so it names only the tools still unfinished.
 */
function continuation(args: ParsedArgs, result: RunResult): ParsedArgs {
  if (!args.values['force'] || !args.argv) return args;
  const left = [...new Set(result.outcomes.filter((o) => o.unfinished || o.writeFailure).map((o) => o.plan.tool.slug))];
  if (left.length === 0) return args;
  const named = new Set(args.positionals);
  return { ...args, argv: [...args.argv.filter((word) => !named.has(word)), ...left] };
}
