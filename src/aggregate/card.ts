import type { ToolFile } from '../shapes/tool.js';
import type { ReviewRecord, RunRecord } from '../shapes/run-record.js';
import type { Community, ReviewEntry, ToolPage, ToolPanel } from './page-model.js';
import { personaVerdicts, scorePanel, type PersonaVerdict } from './score.js';
import type { EditedReview } from './editorial.js';
import { checkFigures, toolMaterial } from './figures.js';
import { NOT_CHECKED, type ClaimsOf } from './claims.js';
import type { SourceSnapshot } from '../shapes/source.js';

function community(votes: ToolFile['community']): Community {
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
export function buildPanel(record: PanelSource, votes: ToolFile['community'] = record.tool.community, claims: ClaimsOf = NOT_CHECKED, sourceFigures: string[] = []): ToolPanel {
  const score = scorePanel(record.reviews);
  const t = record.tool;
  const material = toolMaterial(t);
  return {
    tool: {
      slug: t.slug,
      name: t.name,
      category: t.category,
      tagline: t.tagline,
      description: t.description,
      url: t.url ?? null,
      pricing: { entry: t.pricing.entry, notes: t.pricing.notes ?? null },
      figures: sourceFigures,
    },
    score: { ...score, display: score.percent === null ? '—' : `${score.percent}%` },
    community: community(votes),
    reviews: personaVerdicts(record.reviews).map((v): ReviewEntry => {
      const first = v.first as ReviewRecord;
      const shown = v.shown as ReviewRecord | undefined;
      return {
        persona: v.persona,
        personaName: first.personaName,
        status: v.status,
        verdict: v.verdict,
        quote: shown?.review?.quote ?? null,
        error: v.status === 'failed' && first.error ? { kind: first.error.kind, message: first.error.message } : null,
        model: first.model,
        provider: first.provider ?? record.provider,
        count: countText(v),
        contested: v.contested,
        stability: v.stability,
        recusal: first.recusal ?? null,
        samples: record.reviews.filter((r) => r.persona === v.persona).map((r) => ({ sample: r.sample ?? 1, status: r.status, verdict: r.review?.verdict ?? null, quote: r.review?.quote ?? null })),
        checks: shown?.review ? { figures: checkFigures(shown.review.quote, material), claims: claims(v.persona, shown.review.quote) } : null,
        editorial: editorialEntry(record.reviews.filter((r) => r.persona === v.persona) as EditedReview[], shown as EditedReview | undefined),
      };
    }),
    run: {
      runId: record.runId,
      createdAt: record.createdAt,
      origin: record.origin.kind,
      provider: record.provider,
      models: [...new Set(record.reviews.map((r) => r.model))],
    },
  };
}

/** What the editors changed of a persona's review, as the page says it. */
function editorialEntry(samples: EditedReview[], shown: EditedReview | undefined): ReviewEntry['editorial'] {
  const verdict = samples.find((r) => r.editorial?.verdict)?.editorial?.verdict;
  const quote = shown?.editorial?.quote;
  if (!verdict && !quote) return null;
  return { verdict: verdict ? { set: verdict.to, persona: verdict.from, reason: verdict.reason } : null, quote: quote ? { reason: quote.reason } : null };
}

/** "ship 3/3", "skip 2/3 (contested)", "tie 1/2", "ship 2/2 (1 failed)"; null for a single sample. */
function countText(v: PersonaVerdict): string | null {
  if (v.samples <= 1 || v.verdict === null) return null;
  const valid = v.ship + v.skip;
  const majority = v.verdict === 'tie' ? v.ship : Math.max(v.ship, v.skip);
  const notes = [v.contested && v.verdict !== 'tie' ? 'contested' : '', v.failed ? `${v.failed} failed` : ''].filter(Boolean);
  return `${v.verdict} ${majority}/${valid}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

export function buildToolPage(panel: ToolPanel): ToolPage {
  return { kind: 'tool', title: panel.tool.name, panel };
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A tool's moving figures as its page shows them: "GitHub: 32.1k stars, read 2026-12-04". */
export function sourceFigureLines(snapshot: SourceSnapshot | undefined): string[] {
  if (!snapshot) return [];
  return Object.entries(snapshot.sources).flatMap(([ref, state]) => {
    const parts = Object.entries(state.figures).map(([name, n]) => `${COMPACT.format(n).toLowerCase()} ${name}`);
    if (parts.length === 0) return [];
    const host = ref.startsWith('github:') ? 'GitHub' : ref.startsWith('huggingface:') ? 'Hugging Face' : ref.split(':')[0]!;
    return [`${host}: ${parts.join(', ')}, read ${state.readAt.slice(0, 10)}`];
  });
}
