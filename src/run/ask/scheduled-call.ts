import { formatUsd } from '../../cost/spend.js';
import type { Throttle } from '../../providers/provider.js';
import type { Scheduler } from './scheduler.js';

/** What every kind of call's record carries that the command's rules read: its cost, and why it failed. */
export interface CallResult {
  cost: number | null;
  error?: { kind: string; message: string } | undefined;
}

/**
 * One call of any kind (a review, a head-to-head pick), as the command's
 * shared rules see it. The kind says how to ask it and what its record is;
 * `askScheduled` decides whether and when it is asked.
 */
export interface ScheduledCall<R extends CallResult> {
  /** The configured provider it goes to: its lane (cap and adaptive throttle). */
  provider: string;
  /** What it is expected to cost in USD, for the --max-cost reservation; null without a price. */
  estimate(): number | null;
  /** Ask it: a failed answer is a result, never a throw. */
  ask(signal: AbortSignal, throttle: Throttle): Promise<R>;
  /** Its record when it is never sent, with the reason. */
  notAttempted(reason: string): R;
  /** Called as it is sent (the live progress line). */
  onStart?(): void;
}

/**
 * Ask one call under the command's rules, the same for every kind: it waits
 * for a slot in its provider's lane; it is not sent once the command has
 * stopped (a stop signal, a bad key, a full disk) or when the --max-cost
 * budget cannot cover it (twice its estimate: a re-ask may follow); what it
 * cost settles the budget; a fatal provider error (bad key, no quota) stops
 * the calls not yet started, before this slot frees.
 */
export function askScheduled<R extends CallResult>(scheduler: Scheduler, call: ScheduledCall<R>): Promise<R> {
  const lane = scheduler.lane(call.provider);
  return lane.limit(async () => {
    if (scheduler.stoppedBecause !== undefined) return call.notAttempted(scheduler.stoppedBecause);
    const estimate = scheduler.budget ? 2 * (call.estimate() ?? 0) : 0;
    if (scheduler.budget && !scheduler.budget.tryReserve(estimate)) {
      scheduler.stopAndCancel(`the --max-cost budget of ${formatUsd(scheduler.budget.maxUsd)} would be exceeded (spent ${formatUsd(scheduler.budget.spentUsd)} so far)`);
      return call.notAttempted(scheduler.stoppedBecause!);
    }
    call.onStart?.();
    const done = await call.ask(scheduler.signal, lane.throttle);
    scheduler.budget?.settle(estimate, done.cost ?? 0);
    if (done.error?.kind === 'provider_fatal') scheduler.stopAndCancel(done.error.message);
    return done;
  });
}
