import { describe, expect, it } from 'vitest';
import { AdaptiveThrottle } from '../../src/panel/throttle.js';

function clocked(cap: number) {
  let t = 0;
  const throttle = new AdaptiveThrottle({ cap, windowMs: 1000, threshold: 0.3, minEvents: 5, now: () => t });
  return { throttle, tick: (ms: number) => (t += ms) };
}

describe('AdaptiveThrottle (AIMD)', () => {
  it('ignores a few stray 429s: the limit stays at the cap', () => {
    const { throttle, tick } = clocked(20);
    for (let i = 0; i < 200; i++) {
      tick(10);
      throttle.record(i % 10 === 0 ? 'throttled' : 'ok');
    }
    expect(throttle.limit).toBe(20);
  });

  it('halves on sustained throttling, at most once per window', () => {
    const { throttle, tick } = clocked(16);
    for (let i = 0; i < 10; i++) {
      tick(10);
      throttle.record('throttled');
    }
    expect(throttle.limit).toBe(8);
    for (let i = 0; i < 10; i++) {
      tick(10);
      throttle.record('throttled');
    }
    expect(throttle.limit).toBe(8);
    tick(1000);
    for (let i = 0; i < 5; i++) throttle.record('throttled');
    expect(throttle.limit).toBe(4);
  });

  it('recovers one step per limit successes, never above the cap', () => {
    const { throttle, tick } = clocked(6);
    for (let i = 0; i < 6; i++) throttle.record('throttled');
    expect(throttle.limit).toBe(3);
    tick(2000);
    for (let i = 0; i < 100; i++) throttle.record('ok');
    expect(throttle.limit).toBe(6);
    expect(throttle.history.map((h) => h.limit)).toEqual([3, 4, 5, 6]);
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
      await expect(throttle.run(() => Promise.reject(Object.assign(new Error('slow down'), { status: 429 })))).rejects.toThrow('slow down');
    }
    expect(throttle.limit).toBe(2);
  });
});
