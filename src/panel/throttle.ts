/**
 * Adaptive concurrency for HTTP attempts (AIMD). Every attempt of every call
 * of a command takes a slot; the number of slots starts at the configured cap.
 * When throttling (429 or 503) is sustained (at least `threshold` of the
 * attempts in the last `windowMs`, over at least `minEvents`), the limit
 * halves, at most once per window; after `limit` successes in a row it grows
 * by one, never above the cap. A few stray 429s stay under the threshold and
 * are simply retried after their retry-after.
 */
export interface ThrottleOptions {
  cap: number;
  windowMs?: number;
  threshold?: number;
  minEvents?: number;
  now?: () => number;
}

export type AttemptOutcome = 'ok' | 'throttled' | 'other';

export class AdaptiveThrottle {
  private readonly cap: number;
  private readonly windowMs: number;
  private readonly threshold: number;
  private readonly minEvents: number;
  private readonly now: () => number;
  private current: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private events: { at: number; throttled: boolean }[] = [];
  private lastDecrease = -Infinity;
  private successes = 0;
  /** Every change of the limit, for the benchmark and tests. */
  readonly history: { at: number; limit: number }[] = [];

  constructor(options: ThrottleOptions) {
    this.cap = options.cap;
    this.windowMs = options.windowMs ?? 5_000;
    this.threshold = options.threshold ?? 0.3;
    this.minEvents = options.minEvents ?? 5;
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
    try {
      const value = await attempt();
      this.record('ok');
      return value;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      this.record(status === 429 || status === 503 ? 'throttled' : 'other');
      throw error;
    } finally {
      this.release();
    }
  }

  record(outcome: AttemptOutcome): void {
    const at = this.now();
    this.events.push({ at, throttled: outcome === 'throttled' });
    this.events = this.events.filter((e) => at - e.at <= this.windowMs);
    if (outcome === 'throttled') {
      this.successes = 0;
      const throttled = this.events.filter((e) => e.throttled).length;
      const sustained = this.events.length >= this.minEvents && throttled / this.events.length >= this.threshold;
      if (sustained && at - this.lastDecrease >= this.windowMs && this.current > 1) {
        this.setLimit(Math.max(1, Math.floor(this.current / 2)), at);
        this.lastDecrease = at;
        this.events = [];
      }
    } else if (outcome === 'ok' && this.current < this.cap) {
      this.successes++;
      if (this.successes >= this.current) {
        this.successes = 0;
        this.setLimit(this.current + 1, at);
      }
    }
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
      this.waiting.shift()!();
    }
  }
}
