import type { ToolPanel } from '../aggregate/page-model.js';

/** The panel card as terminal text. Returns a string; the CLI prints it. */
export function renderPanelText(panel: ToolPanel): string {
  const s = panel.score;
  const split = `${s.ship} ship, ${s.skip} skip${s.failed.length ? `, ${s.failed.length} failed` : ''}`;
  const lines = [
    `${panel.tool.name} · ${panel.tool.category}`,
    panel.tool.tagline,
    `Panel ship ${s.display} (${split})   Community ${panel.community.display}   Entry ${panel.tool.pricing.entry}`,
  ];
  if (!s.complete) {
    lines.push(`Incomplete panel: ${s.valid === 0 ? 'no valid reviews' : `only ${s.valid} valid review${s.valid === 1 ? '' : 's'}`}; at least 3 are needed.`);
  }
  for (const r of panel.reviews) {
    lines.push('');
    if (r.status === 'ok') {
      lines.push(`${r.personaName} (${r.persona}): ${r.verdict!.toUpperCase()}`);
      lines.push(`  “${r.quote}”`);
    } else {
      lines.push(`${r.personaName} (${r.persona}): FAILED (${r.error?.kind})`);
      lines.push(`  ${r.error?.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
