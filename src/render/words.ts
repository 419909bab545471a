import type { ReviewEntry, SplitCell, ToolPanel } from '../aggregate/page-model.js';

/** Words shared by every renderer, so Markdown, HTML and text say the same thing. */

export function verdictWord(entry: Pick<ReviewEntry, 'status' | 'verdict' | 'count'>): string {
  if (entry.status === 'recused') return 'Recused';
  if (entry.status !== 'ok' || !entry.verdict) return 'Failed';
  const word = entry.verdict === 'ship' ? 'Ship' : entry.verdict === 'skip' ? 'Skip' : 'Tie';
  // `count` reads "ship 3/3" or "skip 2/3 (contested)": the badge already says the verdict, so it adds the samples.
  const samples = entry.count?.replace(/^(ship|skip|tie) /, '').replace(/ \((contested)\)$/, ', $1');
  return samples ? `${word} ${samples}` : word;
}

export function cellWord(cell: SplitCell): string {
  switch (cell.status) {
    case 'ship':
      return 'Ship';
    case 'skip':
      return 'Skip';
    case 'tie':
      return 'Tie';
    case 'recused':
      return 'Recused';
    case 'failed':
      return 'Failed';
    case 'absent':
      return 'Not on this panel';
  }
}

export function tallyText(panel: ToolPanel): string {
  const s = panel.score;
  const extra = [s.ties ? `${s.ties} tie${s.ties === 1 ? '' : 's'}` : '', s.failed.length ? `${s.failed.length} failed` : '', s.recused?.length ? `${s.recused.length} recused` : ''].filter(Boolean);
  const contested = s.contested ? `; ${s.contested} contested verdict${s.contested === 1 ? '' : 's'}` : '';
  return `${s.ship} ship, ${s.skip} skip${extra.map((e) => `, ${e}`).join('')}${contested}`;
}

export function incompleteNote(panel: ToolPanel): string | undefined {
  const s = panel.score;
  return s.complete ? undefined : `Incomplete panel: ${s.valid} valid review${s.valid === 1 ? '' : 's'}; at least 3 are needed.`;
}

/** For a public page: when and on what the panel ran, with no run id (those are for the editor). */
export function publicSourceText(panel: ToolPanel): string {
  const when = panel.run.createdAt.slice(0, 10);
  const on = panel.run.origin === 'transcribed' ? 'transcribed from the published panel' : `on ${panel.run.models.join(', ')}`;
  return `${panel.tool.name}: reviewed ${when}, ${on}`;
}

export function sourceText(panel: ToolPanel): string {
  const origin = panel.run.origin === 'transcribed' ? 'transcribed from the published panel' : `${panel.run.provider} ${panel.run.models.join(', ')}`;
  return `${panel.tool.name}: run ${panel.run.runId} (${origin})`;
}

/**
 * What the editors changed of a review, as the reader is told beside the
 * quote: "Verdict set by the editors: skip (the persona said ship). Reason: …"
 * and "Quote edited by the editors. Reason: …". The badge shows the verdict
 * that counts; these lines make sure it is never read as the persona's own.
 */
export function editorialNotes(entry: Pick<ReviewEntry, 'editorial'>): string[] {
  const e = entry.editorial;
  if (!e) return [];
  const said = (v: 'ship' | 'skip' | 'tie' | null) => (v === null ? '' : v === 'tie' ? ' (the persona was split)' : ` (the persona said ${v})`);
  return [
    e.verdict ? `Verdict set by the editors: ${e.verdict.set}${said(e.verdict.persona)}. Reason: ${e.verdict.reason}` : '',
    e.quote ? `Quote edited by the editors. Reason: ${e.quote.reason}` : '',
  ].filter(Boolean);
}

/**
 * What the checks found in a quote, for the editors' views (terminal, serve,
 * desk): "Figures: 32,000 in the tool's material; 16GB not in it." and
 * "Claims: 3 supported, 1 not in the material, 1 contradicted: “…”". Empty
 * when the quote states no figure and no checker read it.
 */
export function checksLines(entry: Pick<ReviewEntry, 'checks'>): string[] {
  const figures = entry.checks?.figures ?? [];
  const found = figures.filter((f) => f.found).map((f) => f.figure);
  const missing = figures.filter((f) => !f.found).map((f) => f.figure);
  const lines = figures.length
    ? [`Figures: ${[found.length ? `${found.join(', ')} in the tool's material` : '', missing.length ? `${missing.join(', ')} not in the tool's material` : ''].filter(Boolean).join('; ')}.`]
    : [];
  const claims = entry.checks?.claims;
  if (claims) {
    const count = (status: string) => claims.filter((c) => c.status === status).length;
    const parts = [`${count('supported')} supported`, `${count('not_in_material')} not in the material`, ...(count('contradicted') ? [`${count('contradicted')} contradicted`] : [])];
    const against = claims.filter((c) => c.status === 'contradicted').map((c) => `“${c.claim}” against “${c.evidence}”`);
    lines.push(`Claims: ${parts.join(', ')}${against.length ? `: ${against.join('; ')}` : ''}.`);
  }
  return lines;
}

/** For readers, when the site shows checks: "Checked against the vendor's material: 3 claims supported, 1 not in it." Null when no checker read the quote. */
export function readerChecksNote(entry: Pick<ReviewEntry, 'checks'>): string | null {
  const claims = entry.checks?.claims;
  if (!claims) return null;
  if (claims.length === 0) return "Checked against the vendor's material: no factual claims about the tool.";
  const count = (status: string) => claims.filter((c) => c.status === status).length;
  const parts = [
    count('supported') ? `${count('supported')} supported` : '',
    count('not_in_material') ? `${count('not_in_material')} not in the material` : '',
    count('contradicted') ? `${count('contradicted')} contradicted` : '',
  ].filter(Boolean);
  return `Checked against the vendor's material: ${claims.length} claim${claims.length === 1 ? '' : 's'}, ${parts.join(', ')}.`;
}

/** "1 tool page", "3 tool pages". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
