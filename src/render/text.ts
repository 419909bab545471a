import type { ToolPanel } from '../aggregate/page-model.js';
import { checksLines, editorialNotes, tallyText } from './words.js';

/** The panel card as terminal text. Returns a string; the CLI prints it. */
export function renderPanelText(panel: ToolPanel): string {
  const s = panel.score;
  const split = tallyText(panel);
  const lines = [
    `${panel.tool.name} · ${panel.tool.category}`,
    panel.tool.tagline,
    ...panel.tool.figures,
    `Panel ship ${s.display} (${split})   Community ${panel.community.display}   Entry ${panel.tool.pricing.entry}`,
  ];
  if (!s.complete) {
    lines.push(`Incomplete panel: ${s.valid === 0 ? 'no valid reviews' : `only ${s.valid} valid review${s.valid === 1 ? '' : 's'}`}; at least 3 are needed.`);
  }
  for (const r of panel.reviews) {
    lines.push('');
    if (r.status === 'recused') {
      lines.push(`${r.personaName} (${r.persona}): RECUSED`);
      lines.push(`  ${r.recusal ?? 'recused'}`);
    } else if (r.status === 'ok') {
      lines.push(`${r.personaName} (${r.persona}): ${r.count ?? r.verdict!.toUpperCase()}`);
      lines.push(`  “${r.quote}”${r.verdict === 'tie' ? " (a tie: the first sample's quote)" : ''}`);
      for (const note of editorialNotes(r)) lines.push(`  ${note}`);
      for (const check of checksLines(r)) lines.push(`  ${check}`);
    } else {
      lines.push(`${r.personaName} (${r.persona}): FAILED (${r.error?.kind})`);
      lines.push(`  ${r.error?.message}`);
    }
    if (panel.run.origin !== 'transcribed') lines.push(`  on ${r.model} (${r.provider})`);
  }
  return `${lines.join('\n')}\n`;
}
