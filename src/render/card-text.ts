import type { CardModel } from '../aggregate/card.js';

/** "Panel ship 75%", or what stands in for it when no review is valid. */
export function panelShip(card: CardModel): string {
  const s = card.score;
  return s.percent === null ? 'Panel ship —' : `Panel ship ${s.percent}%`;
}

export function communityText(card: CardModel): string {
  const c = card.tool.community;
  const votes = c.ship + c.skip;
  return c.percent === null ? '—' : `${c.percent}% ship (${votes} vote${votes === 1 ? '' : 's'})`;
}

/** The panel card as terminal text. Returns a string; the CLI prints it. */
export function renderCardText(card: CardModel): string {
  const s = card.score;
  const split = `${s.ship} ship, ${s.skip} skip${s.failed.length ? `, ${s.failed.length} failed` : ''}`;
  const lines = [
    `${card.tool.name} · ${card.tool.category}`,
    card.tool.tagline,
    `${panelShip(card)} (${split})   Community ${communityText(card)}   Entry ${card.tool.entry}`,
  ];
  if (!s.complete) {
    lines.push(`Incomplete panel: only ${s.valid} valid review${s.valid === 1 ? '' : 's'}; at least 3 are needed.`);
  }
  for (const r of card.reviews) {
    lines.push('');
    if (r.status === 'ok') {
      lines.push(`${r.name} (${r.persona}): ${r.verdict!.toUpperCase()}`);
      lines.push(`  “${r.quote}”`);
    } else {
      lines.push(`${r.name} (${r.persona}): FAILED (${r.error?.kind})`);
      lines.push(`  ${r.error?.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
