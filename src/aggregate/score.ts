import type { ReviewRecord, Score } from '../shapes/run-record.js';

/** A panel with fewer valid reviews than this is marked incomplete (README, Which run is the verdict). */
const MIN_VALID_REVIEWS = 3;

type Scored = Pick<ReviewRecord, 'persona' | 'status' | 'review'> & Partial<Pick<ReviewRecord, 'sample' | 'model' | 'provider' | 'recusal' | 'personaName' | 'error'>>;

/** One persona's verdict over its samples. */
export interface PersonaVerdict {
  persona: string;
  /** ship or skip by majority; `tie` on an even split; null when every sample failed, or the persona was recused. */
  verdict: 'ship' | 'skip' | 'tie' | null;
  status: 'ok' | 'failed' | 'recused';
  ship: number;
  skip: number;
  /** Samples asked, and how many of them failed (not counted). */
  samples: number;
  failed: number;
  /** The majority's share of the valid samples (1 when unanimous); null with none valid. */
  stability: number | null;
  /** Valid samples disagreed. */
  contested: boolean;
  /** The sample whose quote is shown: one that agrees with the majority, or the first valid one on a tie. */
  shown: Scored | undefined;
  /** The first sample, for its model, provider and error. */
  first: Scored;
}

/**
 * Group a run's reviews by persona (in panel order) and take each persona's
 * majority: an even split is a tie, counted as neither ship nor skip; failed
 * samples are not counted; a persona whose samples all failed is failed.
 */
export function personaVerdicts(reviews: readonly Scored[]): PersonaVerdict[] {
  const byPersona = new Map<string, Scored[]>();
  for (const r of reviews) byPersona.set(r.persona, [...(byPersona.get(r.persona) ?? []), r]);
  return [...byPersona.values()].map((samples) => {
    const sorted = [...samples].sort((a, b) => (a.sample ?? 1) - (b.sample ?? 1));
    const first = sorted[0]!;
    const valid = sorted.filter((r) => r.status === 'ok' && r.review);
    const ship = valid.filter((r) => r.review!.verdict === 'ship').length;
    const skip = valid.length - ship;
    const recused = first.status === 'recused';
    const verdict = recused || valid.length === 0 ? null : ship > skip ? 'ship' : skip > ship ? 'skip' : 'tie';
    const shown = verdict === 'tie' ? valid[0] : valid.find((r) => r.review!.verdict === verdict);
    return {
      persona: first.persona,
      verdict,
      status: recused ? 'recused' : verdict === null ? 'failed' : 'ok',
      ship,
      skip,
      samples: sorted.length,
      failed: sorted.filter((r) => r.status === 'failed').length,
      stability: valid.length ? Math.max(ship, skip) / valid.length : null,
      contested: ship > 0 && skip > 0,
      shown,
      first,
    };
  });
}

/**
 * Panel score = ship / (ship + skip) over the personas with a valid verdict,
 * as a whole percent; a tie counts as neither. Failed personas are listed and
 * excluded, recused ones are left out. Under 3 personas with a verdict (ties
 * included) the panel is incomplete. Pure.
 */
export function scorePanel(reviews: readonly Scored[]): Score {
  const verdicts = personaVerdicts(reviews);
  const ship = verdicts.filter((v) => v.verdict === 'ship').length;
  const skip = verdicts.filter((v) => v.verdict === 'skip').length;
  const ties = verdicts.filter((v) => v.verdict === 'tie').length;
  const failed = verdicts.filter((v) => v.status === 'failed').map((v) => v.persona);
  const recused = verdicts.filter((v) => v.status === 'recused').map((v) => v.persona);
  const contested = verdicts.filter((v) => v.contested).length;
  const counted = ship + skip;
  return {
    ship,
    skip,
    valid: counted + ties,
    failed,
    percent: counted === 0 ? null : Math.round((100 * ship) / counted),
    complete: counted + ties >= MIN_VALID_REVIEWS,
    ...(ties ? { ties } : {}),
    ...(contested ? { contested } : {}),
    ...(recused.length ? { recused } : {}),
  };
}

/** A persona's verdict moving from one run of a tool to a later one. */
export interface VerdictMove {
  runId: string;
  persona: string;
  from: 'ship' | 'skip';
  to: 'ship' | 'skip';
}

/**
 * Every move of a persona's verdict (its majority, ship or skip) across a
 * tool's runs, oldest first: each verdict is compared with the persona's last
 * one, so a run in which it failed is skipped, not counted as a change.
 * `steps` is how many verdicts had one before them to compare with.
 */
export function verdictMoves(runs: readonly { runId: string; reviews: readonly Scored[] }[]): { moves: VerdictMove[]; steps: number } {
  const moves: VerdictMove[] = [];
  const last = new Map<string, 'ship' | 'skip'>();
  let steps = 0;
  for (const run of runs) {
    for (const v of personaVerdicts(run.reviews)) {
      if (v.verdict !== 'ship' && v.verdict !== 'skip') continue;
      const before = last.get(v.persona);
      if (before) {
        steps++;
        if (before !== v.verdict) moves.push({ runId: run.runId, persona: v.persona, from: before, to: v.verdict });
      }
      last.set(v.persona, v.verdict);
    }
  }
  return { moves, steps };
}
