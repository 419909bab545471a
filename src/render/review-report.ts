import { buildPanel, buildToolPage } from '../aggregate/card.js';
import type { ToolOutcome } from '../run/outcome.js';
import type { PageFormat } from './formats.js';
import { renderPage, safeJson } from './page.js';
import { renderPanelText } from './text.js';

/** What `panel review` prints for the tools that finished: cards, pages, or JSON a script can follow. */
export function renderReviewOutcomes(outcomes: readonly ToolOutcome[], format: PageFormat, options: { fragment?: boolean } = {}): string {
  const finished = outcomes.filter((o) => o.record);
  switch (format) {
    case 'json': {
      // The page model of each tool, plus where its run went and what it cost.
      const data = finished.map((o) => ({
        ...buildToolPage(buildPanel(o.record!)),
        runFile: o.runFile,
        replayedFrom: o.replayedFrom,
      }));
      return `${safeJson(data.length === 1 ? data[0] : data)}\n`;
    }
    case 'text':
      return finished.map((o) => renderPanelText(buildPanel(o.record!)) + footer(o)).join('\n');
    default:
      return finished.map((o) => renderPage(buildToolPage(buildPanel(o.record!)), format, options)).join('\n---\n\n');
  }
}

function footer(o: ToolOutcome): string {
  if (o.runFile) return `\nRun recorded: ${o.runFile}\n`;
  return `\nReplayed from ${o.replayedFrom.join(', ')} (no calls made, nothing written)\n`;
}
