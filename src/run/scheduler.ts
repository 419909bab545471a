import { setMaxListeners } from 'node:events';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Budget } from '../cost/budget.js';
import { AdaptiveThrottle } from './throttle.js';

/**
 * Shared by every panel of one command: one cap on reviews under way and on
 * HTTP attempts in flight (`--concurrency`; the attempts' limit adapts to the
 * server's throttling, never above it), one spending cap, and one stop switch.
 * A fatal provider error (bad key, no quota) stops the calls not yet started,
 * since they would fail the same way.
 */
export class Scheduler {
  private readonly controller = new AbortController();
  stoppedBecause: string | undefined;
  /** HTTP attempts in flight, adapted to the server's throttling, never above the cap. */
  readonly throttle: AdaptiveThrottle;
  readonly limit: LimitFunction;

  constructor(
    cap: number,
    outer?: AbortSignal,
    /** --max-cost, when given. */
    readonly budget?: Budget,
  ) {
    this.limit = pLimit(cap);
    this.throttle = new AdaptiveThrottle({ cap });
    // Every call in flight (and each retry's wait) listens on this one signal:
    // a busy command has far more than Node's default of 10 listeners, by design.
    setMaxListeners(0, this.controller.signal);
    // A stop signal (Ctrl-C, SIGTERM, SIGHUP) stops *starting* calls; calls
    // already sent finish, since the provider bills them either way.
    outer?.addEventListener('abort', () => void (this.stoppedBecause ??= 'interrupted'), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stop starting calls, and let those in flight finish (their answers are paid for and will be kept). */
  halt(reason: string): void {
    this.stoppedBecause ??= reason;
  }

  /** Stop starting calls and cancel those in flight: they would fail the same way (a bad key, no quota, the budget). */
  stop(reason: string): void {
    if (this.stoppedBecause !== undefined) return;
    this.stoppedBecause = reason;
    this.controller.abort();
  }
}
