import { buildPanel, buildToolPage } from '../aggregate/card.js';
import { claimsLookup } from '../aggregate/claims.js';
import type { CheckOutcome } from '../run/live/check-claims.js';
import { spendOf } from '../cost/spend.js';
import type { ToolOutcome } from '../run/outcome.js';
import { NO_USAGE } from '../shapes/usage.js';
import type { PageFormat } from './formats.js';
import { renderPage, safeJson } from './page.js';
import { renderPanelText } from './text.js';

/** What `panel review` prints for the tools that finished: cards, pages, or JSON a script can follow. */
export function renderReviewOutcomes(outcomes: readonly ToolOutcome[], format: PageFormat, options: { fragment?: boolean; checks?: readonly CheckOutcome[] } = {}): string {
  const finished = outcomes.filter((o) => o.record);
  // Each quote with what the claim checks made of it: the one this command made or replayed, then those stored.
  const panelOf = (o: ToolOutcome) =>
    buildPanel(
      o.record!,
      o.record!.tool.community,
      claimsLookup(
        o.record!,
        (options.checks ?? []).flatMap((c) => (c.slug === o.record!.tool.slug ? c.current : [])),
      ),
    );
  switch (format) {
    case 'json': {
      // The page model of each tool, plus where its run went and what it cost.
      const data = finished.map((o) => ({
        ...buildToolPage(panelOf(o)),
        runFile: o.runFile,
        replayedFrom: o.replayedFrom,
        spend: spendJson(o),
      }));
      return `${safeJson(data.length === 1 ? data[0] : data)}\n`;
    }
    case 'text':
      return finished.map((o) => renderPanelText(panelOf(o)) + footer(o)).join('\n');
    default:
      return finished.map((o) => renderPage(buildToolPage(panelOf(o)), format, options)).join('\n---\n\n');
  }
}

function footer(o: ToolOutcome): string {
  if (o.runFile) return `\nRun recorded: ${o.runFile}\n`;
  return `\nReplayed from ${o.replayedFrom.join(', ')} (no calls made, nothing written)\n`;
}

/**
 * What a tool's run cost, for a script to account for it: each review's model,
 * tokens and cost (0 when carried over or replayed, null when the model has no
 * price), and the run's totals.
 */
export function spendJson(o: ToolOutcome) {
  const reviews = o.record?.reviews ?? o.paid;
  const paid = o.replayedFrom.length ? [] : reviews;
  const total = spendOf(paid);
  return {
    reviews: reviews.map((r) => ({
      persona: r.persona,
      model: r.model,
      usage: o.replayedFrom.length ? NO_USAGE : r.usage,
      cost: o.replayedFrom.length ? 0 : r.cost,
      ...(r.reusedFrom ? { reusedFrom: r.reusedFrom } : {}),
    })),
    usage: total.usage,
    cost: total.cost,
  };
}
