/**
 * Adaptive concurrency for HTTP attempts (AIMD with a capacity estimate).
 * Every attempt of every call of a command takes a slot; the number of slots
 * starts at the configured cap.
 *
 * - Decrease: when throttling (429 or 503) is sustained, at least `threshold`
 *   of the attempts in the last `windowMs` (over at least `minEvents`), the
 *   limit drops to just under the fewest attempts that were in flight when a
 *   throttled one started (a concurrency-capped server answers 429 exactly
 *   above its cap), but never below a quarter of it at once, and at most once
 *   per window. A few stray 429s stay under the threshold and are only retried.
 * - Increase: one slot per `stepMs` while the last window saw no throttling,
 *   never above the cap. An increase is a probe: throttling within a window
 *   of it takes the slot back at once, so a capped server sees one refused
 *   request per probe rather than a sustained stream.
 */
export interface ThrottleOptions {
  cap: number;
  windowMs?: number;
  threshold?: number;
  minEvents?: number;
  stepMs?: number;
  now?: () => number;
}

export type AttemptOutcome = 'ok' | 'throttled' | 'other';

interface AttemptEvent {
  at: number;
  throttled: boolean;
  /** Attempts in flight when this one started, itself included. */
  active: number;
}

export class AdaptiveThrottle {
  private readonly cap: number;
  private readonly windowMs: number;
  private readonly threshold: number;
  private readonly minEvents: number;
  private readonly stepMs: number;
  private readonly now: () => number;
  private current: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private events: AttemptEvent[] = [];
  private lastDecrease = -Infinity;
  private lastIncrease = -Infinity;
  private lastThrottled = -Infinity;
  /** Every change of the limit, for the benchmark and tests. */
  readonly history: { at: number; limit: number }[] = [];

  constructor(options: ThrottleOptions) {
    this.cap = options.cap;
    this.windowMs = options.windowMs ?? 5_000;
    this.threshold = options.threshold ?? 0.25;
    this.minEvents = options.minEvents ?? 40;
    this.stepMs = options.stepMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.current = this.cap;
  }

  get limit(): number {
    return this.current;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Run one HTTP attempt in a slot, and learn from how it went. */
  async run<T>(attempt: () => Promise<T>): Promise<T> {
    await this.acquire();
    const active = this.active;
    try {
      const value = await attempt();
      this.record('ok', active);
      return value;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      this.record(status === 429 || status === 503 ? 'throttled' : 'other', active);
      throw error;
    } finally {
      this.release();
    }
  }

  record(outcome: AttemptOutcome, active = this.current): void {
    const at = this.now();
    this.events.push({ at, throttled: outcome === 'throttled', active });
    this.events = this.events.filter((e) => at - e.at <= this.windowMs);
    if (outcome === 'throttled') {
      this.lastThrottled = at;
      if (at - this.lastIncrease < this.windowMs) {
        this.lastIncrease = -Infinity;
        this.setLimit(this.current - 1, at);
        return;
      }
      this.maybeDecrease(at);
    } else if (outcome === 'ok') {
      this.maybeIncrease(at);
    }
  }

  private maybeDecrease(at: number): void {
    const throttled = this.events.filter((e) => e.throttled);
    const sustained = this.events.length >= this.minEvents && throttled.length / this.events.length >= this.threshold;
    if (!sustained || at - this.lastDecrease < this.windowMs || this.current <= 1) return;
    const fewestActive = Math.min(...throttled.map((e) => e.active));
    const estimate = Math.min(this.current - 1, fewestActive - 1);
    this.setLimit(Math.max(1, Math.floor(this.current / 4), estimate), at);
    this.lastDecrease = at;
    this.events = [];
  }

  private maybeIncrease(at: number): void {
    if (this.current >= this.cap) return;
    if (at - this.lastThrottled < this.windowMs || at - this.lastIncrease < this.stepMs || at - this.lastDecrease < this.stepMs) return;
    this.lastIncrease = at;
    this.setLimit(this.current + 1, at);
  }

  private setLimit(limit: number, at: number): void {
    this.current = limit;
    this.history.push({ at, limit });
    this.drain();
  }

  private acquire(): Promise<void> {
    if (this.active < this.current) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    this.active--;
    this.drain();
  }

  private drain(): void {
    while (this.active < this.current && this.waiting.length > 0) {
      this.active++;
      // Wake the next attempt on a later turn: the attempt that just failed first
      // finishes unwinding, so a bad key or an exhausted quota stops the run
      // before another request goes out.
      setImmediate(this.waiting.shift()!);
    }
  }
}
