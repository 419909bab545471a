import type { HeadToHead } from './head-to-head.js';
import type { ComparisonPage, SplitCell, ToolPanel } from './page-model.js';
import { comparisonVerdict } from './verdict-rules.js';

/**
 * The comparison page of two panels (the seed page's model): cards,
 * scorecard, pricing read, reviewer split, community read and the verdict.
 * Pure: panels in, page out; no provider, no file.
 */
export function buildComparison(a: ToolPanel, b: ToolPanel, ran?: HeadToHead): ComparisonPage {
  // A head-to-head in which no persona picked (every pick failed or was recused) says nothing: it neither shows nor decides.
  const duel = ran?.results.some((r) => r.status === 'ok') ? ran : undefined;
  const personas = mergeOrder(
    a.reviews.map((r) => r.persona),
    b.reviews.map((r) => r.persona),
  );
  const nameOf = (persona: string) => (a.reviews.find((r) => r.persona === persona) ?? b.reviews.find((r) => r.persona === persona))!.personaName;

  return {
    kind: 'comparison',
    title: `${a.tool.name} vs ${b.tool.name}`,
    question: 'Which one should you ship with?',
    intro: 'Here is the side-by-side panel verdict, pricing read, reviewer split, and community vote comparison.',
    tools: [a, b],
    scorecard: personas.flatMap((persona) =>
      [a, b].flatMap((panel) => {
        const review = panel.reviews.find((r) => r.persona === persona);
        return review ? [{ ...review, slug: panel.tool.slug, toolName: panel.tool.name }] : [];
      }),
    ),
    pricing: {
      tools: [a, b].map((p) => ({ slug: p.tool.slug, name: p.tool.name, entry: p.tool.pricing.entry, notes: p.tool.pricing.notes })),
      read: pricingRead(a, b),
    },
    split: personas.map((persona) => {
      const cells: [SplitCell, SplitCell] = [cell(a, persona), cell(b, persona)];
      const reviewed = cells.every((c) => c.status === 'ship' || c.status === 'skip');
      return { persona, personaName: nameOf(persona), cells, agree: reviewed ? cells[0].status === cells[1].status : null };
    }),
    community: { read: communityRead(a, b) },
    modelsNote: modelsNote(a, b),
    headToHead: duel ? headToHeadSection(a, b, duel) : null,
    verdict: comparisonVerdict(a, b, duel),
  };
}

function headToHeadSection(a: ToolPanel, b: ToolPanel, duel: HeadToHead): NonNullable<ComparisonPage['headToHead']> {
  const name = (slug: string | null) => (slug === a.tool.slug ? a.tool.name : slug === b.tool.slug ? b.tool.name : slug === 'position-dependent' ? 'position-dependent' : null);
  return {
    runId: duel.runId,
    tally: duel.tally,
    winner: duel.winner,
    results: duel.results.map((r) => ({ ...r, pickName: name(r.pick) })),
  };
}

function mergeOrder(first: string[], second: string[]): string[] {
  return [...first, ...second.filter((p) => !first.includes(p))];
}

function cell(panel: ToolPanel, persona: string): SplitCell {
  const review = panel.reviews.find((r) => r.persona === persona);
  if (!review) return { status: 'absent', quote: null };
  if (review.status === 'recused') return { status: 'recused', quote: null };
  if (review.status === 'failed' || review.verdict === null) return { status: 'failed', quote: null };
  return { status: review.verdict, quote: review.quote };
}

/** "Free", "$0" or "$0.00"; not "$0.033/hour", which is a price. */
const isFree = (entry: string) => /^(free\b|\$0(?:\.0+)?(?![\d.,]))/i.test(entry.trim());

/** One sentence on price; the notes sit beside it in the page's pricing table. */
function pricingRead(a: ToolPanel, b: ToolPanel): string {
  const [ea, eb] = [a.tool.pricing.entry, b.tool.pricing.entry];
  if (isFree(ea) && isFree(eb)) return 'Both are free to start, so price does not decide this one.';
  if (ea.trim().toLowerCase() === eb.trim().toLowerCase()) return `Both start at ${ea}, so price does not decide this one.`;
  if (isFree(ea) || isFree(eb)) {
    const [free, paid] = isFree(ea) ? [a, b] : [b, a];
    return `${free.tool.name} is free to start; ${paid.tool.name} starts at ${paid.tool.pricing.entry}.`;
  }
  return `${a.tool.name} starts at ${ea}; ${b.tool.name} starts at ${eb}.`;
}

function modelsNote(a: ToolPanel, b: ToolPanel): string | null {
  const [ma, mb] = [a.run.models.join(', '), b.run.models.join(', ')];
  if (ma === mb || a.run.origin === 'transcribed' || b.run.origin === 'transcribed') return null;
  return `The two panels ran on different models (${a.tool.name}: ${ma}; ${b.tool.name}: ${mb}), so their scores are not strictly like for like.`;
}

function communityRead(a: ToolPanel, b: ToolPanel): string {
  const [ca, cb] = [a.community, b.community];
  if (ca.percent === null && cb.percent === null) return 'No community votes yet for either tool.';
  if (ca.percent === null || cb.percent === null) {
    const [voted, none] = ca.percent === null ? [b, a] : [a, b];
    return `Readers rate ${voted.tool.name} ${voted.community.display}; ${none.tool.name} has no votes yet.`;
  }
  if (ca.percent === cb.percent) return `Readers are level: both at ${ca.percent}% ship (${ca.votes} and ${cb.votes} votes).`;
  const [lead, trail] = ca.percent > cb.percent ? [a, b] : [b, a];
  return `Readers lean ${lead.tool.name}: ${lead.community.display} against ${trail.community.display} for ${trail.tool.name}.`;
}

/**
 * A panel as a public page may show it: a persona without a valid review says
 * so, with no error text (those are for the editor's terminal, not readers).
 */
export function publishable(panel: ToolPanel): ToolPanel {
  return {
    ...panel,
    reviews: panel.reviews.map((r) => (r.status === 'ok' ? r : { ...r, error: r.error ? { kind: r.error.kind, message: 'No valid review in this run.' } : null })),
  };
}
