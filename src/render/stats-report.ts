import type { Figure, PanelStats } from '../aggregate/stats.js';
import { MIN_LABELS, type EditorAgreement } from '../aggregate/calibration.js';
import { safeJson } from './formats.js';
import { formatTable } from './table.js';

const pct = (f: Figure) => (f.value === null ? `too few data (n=${f.n})` : `${Math.round(100 * f.value)}% (n=${f.n})`);
const num = (f: Figure) => (f.value === null ? `too few data (n=${f.n})` : `${f.value.toFixed(2)} (n=${f.n})`);

/** `panel stats`: how the panel agrees with itself, how stable its verdicts are, how it tracks readers. */
export function renderStats(stats: PanelStats, format: 'text' | 'json'): string {
  if (format === 'json') return `${safeJson(stats)}\n`;
  const lines = [
    `Over ${stats.tools} tool${stats.tools === 1 ? '' : 's'}: each one's newest complete run (its verdict), and its history for flips.`,
    '',
    formatTable(
      ['persona', 'ships', 'lone dissent'],
      stats.personas.map((p) => [p.persona, pct(p.shipRate), pct(p.loneDissent)]),
    ),
    '',
    'Agreement between personas (share of tools both reviewed where they agree):',
    formatTable(
      ['', 'agree'],
      stats.pairs.map((p) => [`${p.a} · ${p.b}`, pct(p.agreement)]),
    ),
    '',
    `Fleiss' κ for the panel: ${num(stats.kappa)}   (1 = full agreement, 0 = chance)`,
    `Contested verdicts, where sampled more than once: ${pct(stats.contested)}`,
    `Verdict flips from one run to the next: ${pct(stats.flipRate)}`,
    `Panel ship % against the community's ship share, Spearman ρ: ${num(stats.community.rho)}`,
  ];
  if (stats.firstPosition.length) {
    lines.push('Head to head, picks that follow the first tool shown (50% is no position bias):', ...stats.firstPosition.map((p) => `  ${p.persona}: ${pct(p.share)}`));
  }
  if (stats.community.leads.length) {
    lines.push('Largest gaps (editorial leads):', ...stats.community.leads.map((l) => `  ${l.name}: panel ${l.panel}%, readers ${l.community}% (${l.gap > 0 ? '+' : ''}${l.gap} points)`));
  }
  if (stats.editors) lines.push('', ...editorLines(stats.editors));
  if (stats.claims && Object.keys(stats.claims).length) {
    const rows = Object.entries(stats.claims).map(([persona, c]) =>
      c.perQuote === null
        ? [persona, `too few checked quotes (n=${c.quotes})`, '', '']
        : [persona, `${c.perQuote.toFixed(1)} (n=${c.quotes})`, `${share(c.supported)} of ${c.claims}`, `${share(c.contradicted)} of ${c.claims}`],
    );
    lines.push('', "Claims in each persona's quotes, as the checker read them against the tools' material:", formatTable(['persona', 'claims a quote', 'supported', 'contradicted'], rows));
  }
  return `${lines.join('\n')}\n`;
}

const share = (x: number | null) => (x === null ? '—' : `${Math.round(100 * x)}%`);

/** Each persona against the editors' labels: κ, agreement and leniency with their n, or "too few labels"; then the correction rates. */
function editorLines(editors: Record<string, EditorAgreement>): string[] {
  const rows = Object.entries(editors).map(([persona, e]) => {
    const figures =
      e.agreement === null
        ? [`too few labels (n=${e.n}; ${MIN_LABELS} needed)`, '', '']
        : [e.kappa === null ? `undefined (n=${e.n})` : `${e.kappa.toFixed(2)} (n=${e.n})`, `${share(e.agreement)}`, `${e.leniency! > 0 ? '+' : ''}${Math.round(100 * e.leniency!)} points`];
    return [persona, ...figures, e.stale ? `${e.stale} stale` : '', `${share(e.overrides)} / ${share(e.rejects)} of ${e.reviews}`];
  });
  return [
    "Agreement with the editors' labels (each label against the persona's own verdict; labels from an older prompt or model are stale, not counted):",
    formatTable(['persona', "Cohen's κ", 'agree', 'leniency', 'stale', 'overridden / rejected'], rows),
  ];
}
