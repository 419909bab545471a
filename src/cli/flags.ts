import { UsageError } from '../errors.js';
import { stringFlag, type ParsedArgs } from './args.js';

/** `--max-cost USD`, validated at the edge. */
export function maxCostFlag(args: ParsedArgs): number | undefined {
  const value = stringFlag(args.values, 'max-cost');
  if (value === undefined) return undefined;
  const usd = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(usd) || usd <= 0) throw new UsageError(`--max-cost is \`${value}\`; give US dollars, e.g. --max-cost 5 or --max-cost 0.50.`);
  return usd;
}

/** A command that takes no arguments says so, rather than ignoring them. */
export function noPositionals(args: ParsedArgs, usage: string): void {
  if (args.positionals.length > 0) {
    throw new UsageError(`\`${usage}\` takes no arguments; remove \`${args.positionals.join(' ')}\`. See \`${usage} --help\`.`);
  }
}
