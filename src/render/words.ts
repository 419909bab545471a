import type { ReviewEntry, SplitCell, ToolPanel } from '../aggregate/page-model.js';

/** Words shared by every renderer, so Markdown, HTML and text say the same thing. */

export function verdictWord(entry: Pick<ReviewEntry, 'status' | 'verdict'>): string {
  return entry.status === 'ok' && entry.verdict ? (entry.verdict === 'ship' ? 'Ship' : 'Skip') : 'Failed';
}

export function cellWord(cell: SplitCell): string {
  switch (cell.status) {
    case 'ship':
      return 'Ship';
    case 'skip':
      return 'Skip';
    case 'failed':
      return 'Failed';
    case 'absent':
      return 'Not on this panel';
  }
}

export function tallyText(panel: ToolPanel): string {
  const s = panel.score;
  const failed = s.failed.length ? `, ${s.failed.length} failed` : '';
  return `${s.ship} ship, ${s.skip} skip${failed}`;
}

export function incompleteNote(panel: ToolPanel): string | undefined {
  const s = panel.score;
  return s.complete ? undefined : `Incomplete panel: ${s.valid} valid review${s.valid === 1 ? '' : 's'}; at least 3 are needed.`;
}

export function sourceText(panel: ToolPanel): string {
  const origin = panel.run.origin === 'transcribed' ? 'transcribed from the published panel' : `${panel.run.provider} ${panel.run.models.join(', ')}`;
  return `${panel.tool.name}: run ${panel.run.runId} (${origin})`;
}
