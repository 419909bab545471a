import type { RunSummary } from '../shapes/run-record.js';
import { personaVerdicts } from './score.js';

type Judged = Pick<RunSummary, 'reviews' | 'score'>;

/**
 * A run is complete when every persona on its panel answered with a valid
 * review (none failed, none was left unasked) and the quorum of valid reviews
 * holds. Only a complete run is a tool's verdict: what `show`, `compare`, the
 * no-key replay and published pages use.
 */
export function isComplete(run: Judged): boolean {
  if (!run.score.complete) return false;
  if (run.reviews.some((r) => r.error?.kind === 'not_attempted' || r.error?.kind === 'cancelled')) return false;
  return personaVerdicts(run.reviews).every((v) => v.status !== 'failed');
}

/** "2 of 5 failed", "1 of 4 not attempted": why a run is not complete, in words. */
export function incompleteness(run: Judged): string {
  const n = run.reviews.length;
  const notAttempted = run.reviews.filter((r) => r.error?.kind === 'not_attempted').length;
  const rejected = run.reviews.filter((r) => r.error?.kind === 'rejected').length;
  const failed = run.reviews.filter((r) => r.status === 'failed').length - notAttempted - rejected;
  const parts = [failed ? `${failed} of ${n} failed` : '', notAttempted ? `${notAttempted} of ${n} not attempted` : '', rejected ? `${rejected} of ${n} rejected by the editors` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : `only ${run.score.valid} valid reviews`;
}

/** A tool's verdict from its runs, newest first: the newest complete run, and the incomplete runs newer than it. */
export function verdictOf<R extends Judged>(newestFirst: readonly R[]): { complete: R | undefined; newerIncomplete: R[] } {
  const at = newestFirst.findIndex(isComplete);
  return at === -1 ? { complete: undefined, newerIncomplete: [...newestFirst] } : { complete: newestFirst[at], newerIncomplete: newestFirst.slice(0, at) };
}
