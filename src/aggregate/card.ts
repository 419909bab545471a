import type { RunRecord, Score } from '../runs/record.js';
import { scorePanel } from './score.js';

/** One persona's line on the card. */
export interface CardReview {
  persona: string;
  name: string;
  status: 'ok' | 'failed';
  verdict?: 'ship' | 'skip';
  quote?: string;
  error?: { kind: string; message: string };
}

/** The panel card of one tool: what `panel review` prints and `--json` emits. Pure data. */
export interface CardModel {
  tool: {
    slug: string;
    name: string;
    category: string;
    tagline: string;
    entry: string;
    description: string;
    community: { ship: number; skip: number; percent: number | null };
  };
  runId: string;
  origin: RunRecord['origin']['kind'];
  provider: string;
  models: string[];
  score: Score;
  reviews: CardReview[];
}

/** Build the card from a run record; the score is recomputed with today's aggregator. */
export function buildCard(record: Pick<RunRecord, 'tool' | 'runId' | 'origin' | 'provider' | 'reviews'>): CardModel {
  const votes = record.tool.community ?? { ship: 0, skip: 0 };
  const total = votes.ship + votes.skip;
  return {
    tool: {
      slug: record.tool.slug,
      name: record.tool.name,
      category: record.tool.category,
      tagline: record.tool.tagline,
      entry: record.tool.pricing.entry,
      description: record.tool.description,
      community: { ...votes, percent: total === 0 ? null : Math.round((100 * votes.ship) / total) },
    },
    runId: record.runId,
    origin: record.origin.kind,
    provider: record.provider,
    models: [...new Set(record.reviews.map((r) => r.model))],
    score: scorePanel(record.reviews),
    reviews: record.reviews.map((r) => ({
      persona: r.persona,
      name: r.personaName,
      status: r.status,
      ...(r.review ? { verdict: r.review.verdict, quote: r.review.quote } : {}),
      ...(r.error ? { error: { kind: r.error.kind, message: r.error.message } } : {}),
    })),
  };
}
