import type { EditorialState } from './editorial.js';
import type { Persona } from '../personas/persona.js';
import { personaPromptHash } from '../review/prompt.js';
import type { RunRecord } from '../shapes/run-record.js';
import { personaVerdicts } from './score.js';

/** Below this many labels a persona's agreement with the editors is "too few labels", not a number. */
export const MIN_LABELS = 20;

/** A persona's agreement with the editors' labels (fractions from 0 to 1; null with too few labels or, for κ, when undefined). */
export interface EditorAgreement {
  /** Labelled tools the persona judged as it is today (same prompt, same model). */
  n: number;
  agreement: number | null;
  kappa: number | null;
  /** The persona's ship rate minus the editors', over the same tools: above 0 is more lenient. */
  leniency: number | null;
  /** Labels set beside the persona's verdicts under an older prompt or model: not mixed in. */
  stale: number;
  /** Corrections over the persona's reviews: each a share of `reviews`. */
  overrides: number;
  rejects: number;
  reviews: number;
}

/** Who a persona is today, as a judge: its prompt's hash and the model it runs on. */
export interface CurrentJudge {
  prompt: string;
  model: string | undefined;
}

/** One tool's record for calibration: its runs (any order) and what the editors said of it. */
export interface LabelledTool {
  runs: readonly RunRecord[];
  state: EditorialState;
}

/**
 * How far each persona agrees with the editors, per persona over the tools
 * the editors labelled (each tool's latest label in force, set against the
 * persona's own verdict in the run it was set beside, before any override):
 * Cohen's κ, raw agreement and leniency, with their n. A label set beside a
 * verdict the persona gave under another prompt or model counts as stale,
 * since a new prompt or model is a new judge. Also the share of the
 * persona's reviews the editors overrode or rejected. Pure.
 */
export function editorAgreement(tools: readonly LabelledTool[], current: ReadonlyMap<string, CurrentJudge>): Record<string, EditorAgreement> {
  const pairs = new Map<string, { persona: 'ship' | 'skip'; editors: 'ship' | 'skip' }[]>();
  const stale = new Map<string, number>();
  const corrections = new Map<string, { overrides: number; rejects: number; reviews: number }>();
  for (const persona of current.keys()) {
    pairs.set(persona, []);
    stale.set(persona, 0);
    corrections.set(persona, { overrides: 0, rejects: 0, reviews: 0 });
  }
  for (const { runs, state } of tools) {
    for (const run of runs) for (const r of run.reviews) if (!r.reusedFrom && r.status !== 'recused') bump(corrections, r.persona, 'reviews');
    for (const d of state.overrides.values()) bump(corrections, d.persona, 'overrides');
    for (const d of state.rejects.values()) bump(corrections, d.persona, 'rejects');
    const label = state.labels.at(-1);
    const run = label && runs.find((r) => r.runId === label.run);
    if (!label || !run) continue;
    for (const v of personaVerdicts(run.reviews)) {
      const judge = current.get(v.persona);
      if (!judge || (v.verdict !== 'ship' && v.verdict !== 'skip')) continue;
      const review = v.first as RunRecord['reviews'][number];
      if (review.inputs.persona !== judge.prompt || (judge.model !== undefined && review.model !== judge.model)) stale.set(v.persona, (stale.get(v.persona) ?? 0) + 1);
      else pairs.get(v.persona)!.push({ persona: v.verdict, editors: label.verdict });
    }
  }
  const out: Record<string, EditorAgreement> = {};
  for (const [persona, list] of pairs) {
    const n = list.length;
    const c = corrections.get(persona)!;
    const rates = { overrides: c.reviews ? c.overrides / c.reviews : 0, rejects: c.reviews ? c.rejects / c.reviews : 0, reviews: c.reviews };
    if (n < MIN_LABELS) {
      out[persona] = { n, agreement: null, kappa: null, leniency: null, stale: stale.get(persona)!, ...rates };
      continue;
    }
    const agree = list.filter((p) => p.persona === p.editors).length / n;
    const personaShip = list.filter((p) => p.persona === 'ship').length / n;
    const editorShip = list.filter((p) => p.editors === 'ship').length / n;
    out[persona] = { n, agreement: agree, kappa: cohensKappa(agree, personaShip, editorShip), leniency: personaShip - editorShip, stale: stale.get(persona)!, ...rates };
  }
  return out;
}

function bump(map: Map<string, { overrides: number; rejects: number; reviews: number }>, persona: string, key: 'overrides' | 'rejects' | 'reviews'): void {
  const entry = map.get(persona);
  if (entry) entry[key]++;
}

/**
 * Cohen's κ for two raters and two categories: (pₒ − pₑ) / (1 − pₑ), with pₑ
 * the agreement expected by chance from each rater's ship rate (Cohen 1960).
 * Undefined (null) when chance agreement is total: both raters always said the same one thing.
 */
function cohensKappa(observed: number, shipA: number, shipB: number): number | null {
  const expected = shipA * shipB + (1 - shipA) * (1 - shipB);
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}

/** Each persona as a judge today: its prompt's hash now, and the model of its newest review among the tools' verdict runs. */
export function currentJudges(personas: readonly Persona[], verdictRuns: readonly RunRecord[]): Map<string, CurrentJudge> {
  const newestFirst = [...verdictRuns].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  return new Map(
    personas.map((p) => {
      const model = newestFirst.flatMap((r) => r.reviews).find((r) => r.persona === p.id && r.status !== 'recused')?.model;
      return [p.id, { prompt: personaPromptHash(p), model }];
    }),
  );
}
