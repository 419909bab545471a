import { expect } from 'vitest';

/**
 * Every item passes `check`, and there is at least one item: an `every` over
 * an empty list is true, so asserting that a list's every() is true passes
 * when nothing was produced at all, and says only "expected false to be true"
 * when it fails. This names the items that fail.
 */
export function expectEvery<T>(items: readonly T[], check: (item: T) => boolean, what = 'items'): void {
  expect(items.length, `no ${what} to check: the list is empty`).toBeGreaterThan(0);
  expect(
    items.filter((item) => !check(item)),
    `${what} that fail the check`,
  ).toEqual([]);
}
