import { relative } from 'node:path';
import { Budget } from '../../cost/budget.js';
import { UsageError } from '../../errors.js';
import { needsCall, type ToolPlan } from './plan.js';
import type { Session } from '../session.js';

/**
 * The --max-cost cap for a command, checked before any call: a cap cannot be
 * kept on a model with no price, so that is a usage error naming the model,
 * a persona that uses it, and where to add the price.
 */
export function budgetFor(session: Session, maxCostUsd: number | undefined, plans: readonly ToolPlan[]): Budget | undefined {
  if (maxCostUsd === undefined) return undefined;
  for (const plan of plans) {
    for (const item of plan.items.filter(needsCall)) {
      const { model } = item.params;
      if (session.priceFor(model)) continue;
      const table = session.config.prices ? relative(session.cwd, session.config.prices) || session.config.prices : "panel's model table (models.yaml; `panel models`)";
      throw new UsageError(
        `--max-cost needs a price for every model it would call, and ${model} (the ${item.persona.id} persona's, for ${plan.tool.slug}) has none in ${table}. ` +
          `Add \`${model}: { input: …, output: …, date: …, source: … }\` under \`models:\` in a price table of your own and point \`prices:\` in panel.config.yaml at it, or leave out --max-cost.`,
      );
    }
  }
  return new Budget(maxCostUsd);
}
