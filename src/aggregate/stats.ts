import type { ComparisonRecord } from '../shapes/comparison-record.js';
import type { EditorAgreement } from './calibration.js';
import type { PersonaClaims } from './claims.js';
import type { RunRecord } from '../shapes/run-record.js';
import { firstPositionShare } from './head-to-head.js';
import { personaVerdicts, verdictMoves } from './score.js';

/** A figure and the number of data it rests on; null when there were too few to say. */
export interface Figure {
  value: number | null;
  n: number;
}

export interface PanelStats {
  tools: number;
  personas: { persona: string; shipRate: Figure; loneDissent: Figure }[];
  pairs: { a: string; b: string; agreement: Figure }[];
  /** Fleiss' κ over tools (items) and personas (raters), ship or skip. */
  kappa: Figure;
  /** Share of persona verdicts that were contested, where a persona was sampled more than once. */
  contested: Figure;
  /** Share of consecutive runs in which a persona's verdict flipped, over every tool's history. */
  flipRate: Figure;
  /** Spearman's ρ between panel ship % and the community's ship share, over tools with votes. */
  community: { rho: Figure; leads: { slug: string; name: string; panel: number; community: number; gap: number }[] };
  /** Head to head: how often each persona's pick follows the first position shown (0.5 is no position bias). */
  firstPosition: { persona: string; share: Figure }[];
  /** Each persona against the editors' labels, and how often the editors corrected it (aggregate/calibration.ts). */
  editors?: Record<string, EditorAgreement>;
  /** Each persona's quotes as the claim checker read them (aggregate/claims.ts). */
  claims?: Record<string, PersonaClaims>;
}

/** Fewer data than these and a figure says "too few data" rather than a number. */
const MIN_N = { rate: 3, pair: 3, kappa: 3, rho: 5 } as const;

const figure = (value: number, n: number, min: number): Figure => ({ value: n >= min ? value : null, n });

/**
 * Agreement statistics over each tool's verdict run (`latest`) and its whole
 * history (`histories`, oldest first), for `panel stats`. Pure.
 */
export function panelStats(latest: readonly RunRecord[], histories: readonly (readonly RunRecord[])[], comparisons: readonly ComparisonRecord[] = []): PanelStats {
  const verdicts = latest.map((run) => ({
    run,
    byPersona: new Map(
      personaVerdicts(run.reviews)
        .filter((v) => v.verdict === 'ship' || v.verdict === 'skip')
        .map((v) => [v.persona, v]),
    ),
  }));
  const personas = [...new Set(latest.flatMap((r) => r.reviews.map((v) => v.persona)))];

  const perPersona = personas.map((persona) => {
    const mine = verdicts.filter((t) => t.byPersona.has(persona));
    const ships = mine.filter((t) => t.byPersona.get(persona)!.verdict === 'ship').length;
    // A lone dissent: every other persona on the panel agreed, and this one did not.
    const judged = mine.filter((t) => t.byPersona.size >= 3);
    const lone = judged.filter((t) => {
      const own = t.byPersona.get(persona)!.verdict;
      const others = [...t.byPersona.values()].filter((v) => v.persona !== persona).map((v) => v.verdict);
      return others.every((v) => v === others[0]) && others[0] !== own;
    }).length;
    return { persona, shipRate: figure(ships / (mine.length || 1), mine.length, MIN_N.rate), loneDissent: figure(lone / (judged.length || 1), judged.length, MIN_N.rate) };
  });

  const pairs = personas.flatMap((a, i) =>
    personas.slice(i + 1).map((b) => {
      const both = verdicts.filter((t) => t.byPersona.has(a) && t.byPersona.has(b));
      const agree = both.filter((t) => t.byPersona.get(a)!.verdict === t.byPersona.get(b)!.verdict).length;
      return { a, b, agreement: figure(agree / (both.length || 1), both.length, MIN_N.pair) };
    }),
  );

  const sampled = latest.flatMap((run) => personaVerdicts(run.reviews).filter((v) => v.samples > 1 && v.verdict !== null));
  const contested = figure(sampled.filter((v) => v.contested).length / (sampled.length || 1), sampled.length, MIN_N.rate);

  let flips = 0;
  let steps = 0;
  for (const history of histories) {
    const found = verdictMoves(history);
    flips += found.moves.length;
    steps += found.steps;
  }

  const voted = latest.filter((r) => r.score.percent !== null && (r.tool.community?.ship ?? 0) + (r.tool.community?.skip ?? 0) > 0);
  const panel = voted.map((r) => r.score.percent!);
  const crowd = voted.map((r) => (100 * r.tool.community!.ship) / (r.tool.community!.ship + r.tool.community!.skip));
  const leads = voted
    .map((r, i) => ({ slug: r.tool.slug, name: r.tool.name, panel: panel[i]!, community: Math.round(crowd[i]!), gap: panel[i]! - Math.round(crowd[i]!) }))
    .sort((x, y) => Math.abs(y.gap) - Math.abs(x.gap))
    .slice(0, 3);

  return {
    tools: latest.length,
    personas: perPersona,
    pairs,
    kappa: fleissKappa(verdicts.map((t) => [...t.byPersona.values()].map((v) => v.verdict as 'ship' | 'skip'))),
    contested,
    flipRate: figure(flips / (steps || 1), steps, MIN_N.rate),
    community: { rho: figure(spearman(panel, crowd), voted.length, MIN_N.rho), leads },
    firstPosition: firstPositionShare(comparisons).map((p) => ({ persona: p.persona, share: figure(p.first / (p.n || 1), p.n, MIN_N.rate) })),
  };
}

/**
 * Fleiss' κ for items rated ship or skip by several raters; items with fewer
 * than two ratings say nothing about agreement and are left out. κ is 1 for
 * perfect agreement and 0 for agreement at chance (Fleiss 1971), extended to
 * items with unequal numbers of raters.
 */
export function fleissKappa(items: readonly (readonly ('ship' | 'skip')[])[]): Figure {
  const rated = items.filter((i) => i.length >= 2);
  if (rated.length < MIN_N.kappa) return { value: null, n: rated.length };
  let pBar = 0;
  let ships = 0;
  let total = 0;
  for (const item of rated) {
    const n = item.length;
    const s = item.filter((v) => v === 'ship').length;
    pBar += (s * s + (n - s) * (n - s) - n) / (n * (n - 1));
    ships += s;
    total += n;
  }
  pBar /= rated.length;
  const p = ships / total;
  const pe = p * p + (1 - p) * (1 - p);
  // Every rating the same category: agreement is total, and chance agreement is too.
  const value = pe === 1 ? 1 : (pBar - pe) / (1 - pe);
  return { value, n: rated.length };
}

/** Spearman's ρ: Pearson's r of the ranks (ties take their average rank). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / (a.length || 1);
  const mx = mean(rx);
  const my = mean(ry);
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < rx.length; i++) {
    cov += (rx[i]! - mx) * (ry[i]! - my);
    vx += (rx[i]! - mx) ** 2;
    vy += (ry[i]! - my) ** 2;
  }
  return vx === 0 || vy === 0 ? 0 : cov / Math.sqrt(vx * vy);
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && order[end + 1]!.v === order[k]!.v) end++;
    for (let j = k; j <= end; j++) out[order[j]!.i] = (k + end) / 2 + 1;
    k = end + 1;
  }
  return out;
}
