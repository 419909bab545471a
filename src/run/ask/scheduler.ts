import { setMaxListeners } from 'node:events';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Budget } from '../../cost/budget.js';
import { AdaptiveThrottle } from './throttle.js';

/** One provider's share of a command: its cap on reviews under way, and its adaptive cap on HTTP attempts. */
export interface Lane {
  limit: LimitFunction;
  throttle: AdaptiveThrottle;
}

/**
 * Shared by every panel of one command: one cap on reviews under way and on
 * HTTP attempts in flight (`--concurrency`; the attempts' limit adapts to the
 * server's throttling, never above it), one spending cap, and one stop switch.
 * A fatal provider error (bad key, no quota) stops the calls not yet started,
 * since they would fail the same way.
 */
export class Scheduler {
  private readonly controller = new AbortController();
  private readonly lanes = new Map<string, Lane>();
  stoppedBecause: string | undefined;

  constructor(
    /** Calls in flight at once, per provider (`--concurrency`). */
    private readonly cap: number,
    outer?: AbortSignal,
    /** --max-cost, when given. */
    readonly budget?: Budget,
  ) {
    // Every call in flight (and each retry's wait) listens on this one signal:
    // a busy command has far more than Node's default of 10 listeners, by design.
    setMaxListeners(0, this.controller.signal);
    // A stop signal (Ctrl-C, SIGTERM, SIGHUP) stops *starting* calls; calls
    // already sent finish, since the provider bills them either way.
    outer?.addEventListener('abort', () => void (this.stoppedBecause ??= 'interrupted'), { once: true });
  }

  /**
   * A provider's own cap on reviews under way and on HTTP attempts in flight
   * (adapted to its throttling): a 429 storm on one provider never slows another.
   */
  lane(provider: string): Lane {
    let lane = this.lanes.get(provider);
    if (!lane) this.lanes.set(provider, (lane = { limit: pLimit(this.cap), throttle: new AdaptiveThrottle({ cap: this.cap }) }));
    return lane;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stop starting calls, and let those in flight finish (their answers are paid for and will be kept). */
  stopStarting(reason: string): void {
    this.stoppedBecause ??= reason;
  }

  /** Stop starting calls and cancel those in flight: they would fail the same way (a bad key, no quota, the budget). */
  stopAndCancel(reason: string): void {
    if (this.stoppedBecause !== undefined) return;
    this.stoppedBecause = reason;
    this.controller.abort();
  }
}
