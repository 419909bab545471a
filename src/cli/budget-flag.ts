import { Budget } from '../cost/budget.js';
import { UsageError } from '../errors.js';
import { stringFlag, type ParsedArgs } from './args.js';

/** `--max-cost USD`, validated at the edge. */
export function budgetFrom(args: ParsedArgs): Budget | undefined {
  const value = stringFlag(args.values, 'max-cost');
  if (value === undefined) return undefined;
  const usd = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(usd) || usd <= 0) throw new UsageError(`--max-cost is \`${value}\`; give US dollars, e.g. --max-cost 5 or --max-cost 0.50.`);
  return new Budget(usd);
}
