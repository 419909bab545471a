import { scorePanel } from '../../aggregate/score.js';
import { WIRES } from '../../providers/wire-registry.js';
import { parseReview, type ParseResult } from '../../review/parse.js';
import type { ReviewRecord, RunRecord } from '../../shapes/run-record.js';

/** One way today's code reads a recording differently from what the record says. */
export interface ReplayDifference {
  persona: string | null;
  field: string;
  recorded: string;
  now: string;
}

/**
 * Re-parse every recorded raw response with today's wire reader and parser,
 * re-aggregate, and list every difference from what the record holds. No
 * network. This is the regression check for parser, schema and aggregator
 * changes. Pure.
 */
export function reparseRecord(record: RunRecord): ReplayDifference[] {
  const wireOf = (review: ReviewRecord) => WIRES[review.api ?? record.provider];
  const differences: ReplayDifference[] = [];
  const derived = record.reviews.map((review): Pick<ReviewRecord, 'persona' | 'status' | 'review'> => {
    // Nothing came back to re-read (the call failed, or was never made): the record stands.
    if (review.exchanges.length === 0) return review;
    let last: ParseResult | undefined;
    for (const exchange of review.exchanges) {
      last = parseReview(wireOf(review).readResponse(exchange.response.body));
      if (last.ok) break;
    }
    const now = last!;
    const diff = (field: string, recorded: unknown, current: unknown) => {
      if (recorded !== current) differences.push({ persona: review.persona, field, recorded: String(recorded ?? '—'), now: String(current ?? '—') });
    };
    const callFailedAfter = !now.ok && review.status === 'failed' && /^(provider|replay_miss|error)/.test(review.error?.kind ?? '');
    if (callFailedAfter) return review;
    diff('status', review.status, now.ok ? 'ok' : 'failed');
    diff('verdict', review.review?.verdict, now.ok ? now.review.verdict : undefined);
    diff('quote', review.review?.quote, now.ok ? now.review.quote : undefined);
    if (!now.ok && review.status === 'failed') diff('error kind', review.error?.kind, now.failure.kind);
    return { persona: review.persona, status: now.ok ? 'ok' : 'failed', ...(now.ok ? { review: now.review } : {}) };
  });
  const score = scorePanel(derived);
  for (const field of ['ship', 'skip', 'percent', 'complete'] as const) {
    if (score[field] !== record.score[field]) {
      differences.push({ persona: null, field: `score.${field}`, recorded: String(record.score[field]), now: String(score[field]) });
    }
  }
  return differences;
}
