import type { ToolFile } from '../catalog/tool-schema.js';
import type { RunRecord } from '../runs/record.js';
import type { Community, ReviewEntry, ToolPage, ToolPanel } from './page-model.js';
import { scorePanel } from '../runs/score.js';

export function community(votes: ToolFile['community']): Community {
  const { ship, skip } = votes ?? { ship: 0, skip: 0 };
  const total = ship + skip;
  const percent = total === 0 ? null : Math.round((100 * ship) / total);
  return {
    ship,
    skip,
    votes: total,
    percent,
    display: percent === null ? '—' : `${percent}% ship (${total} vote${total === 1 ? '' : 's'})`,
  };
}

type PanelSource = Pick<RunRecord, 'tool' | 'runId' | 'createdAt' | 'origin' | 'provider' | 'reviews'>;

/**
 * One tool's panel from a run record; the score is recomputed with today's
 * aggregator. `votes` overrides the snapshot's community votes (readers keep
 * voting after a run). Pure.
 */
export function buildPanel(record: PanelSource, votes: ToolFile['community'] = record.tool.community): ToolPanel {
  const score = scorePanel(record.reviews);
  const t = record.tool;
  return {
    tool: {
      slug: t.slug,
      name: t.name,
      category: t.category,
      tagline: t.tagline,
      description: t.description,
      url: t.url ?? null,
      pricing: { entry: t.pricing.entry, notes: t.pricing.notes ?? null },
    },
    score: { ...score, display: score.percent === null ? '—' : `${score.percent}%` },
    community: community(votes),
    reviews: record.reviews.map(
      (r): ReviewEntry => ({
        persona: r.persona,
        personaName: r.personaName,
        status: r.status,
        verdict: r.review?.verdict ?? null,
        quote: r.review?.quote ?? null,
        error: r.error ? { kind: r.error.kind, message: r.error.message } : null,
      }),
    ),
    run: {
      runId: record.runId,
      createdAt: record.createdAt,
      origin: record.origin.kind,
      provider: record.provider,
      models: [...new Set(record.reviews.map((r) => r.model))],
    },
  };
}

export function buildToolPage(panel: ToolPanel): ToolPage {
  return { kind: 'tool', title: panel.tool.name, panel };
}
