import type { ReviewRecord, Score } from './record.js';

/** A panel with fewer valid reviews than this is marked incomplete (design.md). */
export const MIN_VALID_REVIEWS = 3;

/**
 * Panel score = ship / (ship + skip) over the personas that returned a valid
 * review, as a whole percent. Failed personas are listed and excluded. Pure.
 */
export function scorePanel(reviews: readonly Pick<ReviewRecord, 'persona' | 'status' | 'review'>[]): Score {
  let ship = 0;
  let skip = 0;
  const failed: string[] = [];
  for (const r of reviews) {
    if (r.status === 'ok' && r.review) {
      if (r.review.verdict === 'ship') ship++;
      else skip++;
    } else {
      failed.push(r.persona);
    }
  }
  const valid = ship + skip;
  return {
    ship,
    skip,
    valid,
    failed,
    percent: valid === 0 ? null : Math.round((100 * ship) / valid),
    complete: valid >= MIN_VALID_REVIEWS,
  };
}
