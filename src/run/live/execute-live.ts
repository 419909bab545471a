import pLimit from 'p-limit';
import { spendOf } from '../../cost/spend.js';
import type { Provider } from '../../providers/provider.js';
import type { ProgressSink } from '../kinds/ask-panel.js';
import type { RunResult } from '../outcome.js';
import { needsRun, type ToolPlan } from '../plan/plan.js';
import { runTool, type LiveRunOptions } from './run-tool.js';
import type { Scheduler } from '../ask/scheduler.js';
import type { Session } from '../session.js';

/**
 * Tools open at once: enough that every call slot has a persona waiting
 * (a tool's panel can be a single persona, so at least `concurrency` tools),
 * and at least 4 so a small cap still overlaps one tool's checkpoint fsync
 * with the next tool's calls. Each open tool holds one checkpoint file.
 */
function toolsOpenAtOnce(concurrency: number): number {
  return Math.max(4, concurrency);
}

/** Every plan that needs a call, run live through one scheduler. Plans with nothing to do are left out. */
export async function executeLive(
  session: Session,
  plans: readonly ToolPlan[],
  providers: ReadonlyMap<string, Provider>,
  options: Omit<LiveRunOptions, 'scheduler' | 'progress'> & { scheduler: Scheduler; progress?: ProgressSink },
): Promise<RunResult> {
  const pending = plans.filter(needsRun);
  const slots = pLimit(toolsOpenAtOnce(session.config.concurrency));
  const outcomes = await Promise.all(pending.map((plan) => slots(() => runTool(session, plan, providers, options))));
  return { outcomes, stoppedBecause: options.scheduler.stoppedBecause, spend: spendOf(outcomes.flatMap((o) => o.paid)) };
}
