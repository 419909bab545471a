import { describe, expect, it } from 'vitest';
import { AdaptiveThrottle } from '../../src/run/ask/throttle.js';

function clocked(cap: number) {
  let t = 0;
  const throttle = new AdaptiveThrottle({ cap, windowMs: 1000, threshold: 0.25, minEvents: 10, stepMs: 100, now: () => t });
  return { throttle, tick: (ms: number) => (t += ms) };
}

describe('AdaptiveThrottle', () => {
  it('ignores stray 429s (10% of attempts): the limit stays at the cap', () => {
    const { throttle, tick } = clocked(20);
    for (let i = 0; i < 500; i++) {
      tick(10);
      throttle.record(i % 10 === 0 ? 'throttled' : 'ok', 20);
    }
    expect(throttle.limit).toBe(20);
  });

  it("finds a concurrency-capped server's cap: just under the in-flight count that drew 429s", () => {
    const { throttle } = clocked(64);
    // A server capped at 20: attempts started with 21 or more in flight are refused.
    for (let i = 0; i < 10; i++) throttle.record('throttled', 21 + i);
    expect(throttle.limit).toBe(20);
  });

  it('never cuts below a quarter of the limit at once', () => {
    const { throttle, tick } = clocked(64);
    for (let i = 0; i < 10; i++) throttle.record('throttled', 2);
    expect(throttle.limit).toBe(16);
    tick(1000);
    for (let i = 0; i < 10; i++) throttle.record('throttled', 2);
    expect(throttle.limit).toBe(4);
  });

  it('decreases at most once per window', () => {
    const { throttle, tick } = clocked(16);
    for (let i = 0; i < 60; i++) {
      tick(10);
      throttle.record('throttled', 9);
    }
    expect(throttle.history.map((h) => h.limit)).toEqual([8]);
  });

  it('grows back one step at a time after a window with no throttling, never above the cap', () => {
    const { throttle, tick } = clocked(6);
    for (let i = 0; i < 10; i++) throttle.record('throttled', 4);
    expect(throttle.limit).toBe(3);
    for (let i = 0; i < 9; i++) {
      tick(100);
      throttle.record('ok', 3);
    }
    expect(throttle.limit).toBe(3); // still inside the window that saw throttling
    for (let i = 0; i < 100; i++) {
      tick(100);
      throttle.record('ok', 3);
    }
    expect(throttle.history.map((h) => h.limit)).toEqual([3, 4, 5, 6]);
  });

  it('takes a probed slot back at the first 429 after it', () => {
    const { throttle, tick } = clocked(24);
    for (let i = 0; i < 10; i++) throttle.record('throttled', 21);
    expect(throttle.limit).toBe(20);
    tick(1500);
    throttle.record('ok', 20);
    expect(throttle.limit).toBe(21);
    tick(10);
    throttle.record('throttled', 21);
    expect(throttle.limit).toBe(20);
    expect(throttle.history.map((h) => h.limit)).toEqual([20, 21, 20]);
  });

  it('never runs more attempts at once than the limit', async () => {
    const throttle = new AdaptiveThrottle({ cap: 3 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        throttle.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(throttle.inFlight).toBe(0);
  });

  it('counts a 429 or 503 thrown by an attempt as throttling, and rethrows it', async () => {
    const throttle = new AdaptiveThrottle({ cap: 4, minEvents: 2, threshold: 0.5 });
    for (let i = 0; i < 2; i++) {
      await expect(throttle.run(() => Promise.reject(Object.assign(new Error('slow down'), { status: 503 })))).rejects.toThrow('slow down');
    }
    // Throttled with one attempt in flight: the quarter floor (1) is all that is left.
    expect(throttle.limit).toBe(1);
  });
});
