import type { Decision } from '../shapes/decision.js';
import type { ReviewRecord, RunRecord } from '../shapes/run-record.js';
import { personaVerdicts, scorePanel } from './score.js';

type Of<A extends Decision['action']> = Extract<Decision, { action: A }>;

/** What the editors have said of a tool, retracted decisions left out: the latest word on each run and review. */
export interface EditorialState {
  /** Every decision in force, oldest first. */
  decisions: Decision[];
  /** Every decision as logged, retractions included, and the ids retracted: the record the desk lists. */
  logged: Decision[];
  retracted: ReadonlySet<string>;
  approved: ReadonlySet<string>;
  /** By review (the run that paid for it, and the persona). */
  overrides: ReadonlyMap<string, Of<'override'>>;
  edits: ReadonlyMap<string, Of<'edit'>>;
  rejects: ReadonlyMap<string, Of<'reject'>>;
  /** The editors' own verdicts on the tool, oldest first. */
  labels: Of<'label'>[];
}

/** What the page says beside a persona's quote when the editors changed it. */
export interface EditorialNote {
  /** The persona's own verdict, and the one the editors set. */
  verdict?: { from: 'ship' | 'skip' | 'tie' | null; to: 'ship' | 'skip'; reason: string; editor: string; at: string };
  /** The quote was edited; the persona's words stay in the run record. */
  quote?: { original: string; reason: string; editor: string; at: string };
}

/** A review as the editors left it: the overlay the pages are built from (the record on disk never changes). */
export type EditedReview = ReviewRecord & { editorial?: EditorialNote };

function reviewKey(run: string, persona: string): string {
  return `${run}/${persona}`;
}

/** The run that paid for a review: the key a correction is filed under, so it follows the review into later runs. */
export function paidBy(record: Pick<RunRecord, 'runId'>, review: Pick<ReviewRecord, 'reusedFrom'>): string {
  return review.reusedFrom ?? record.runId;
}

export function editorialState(all: readonly Decision[]): EditorialState {
  const retracted = new Set(all.filter((d) => d.action === 'retract').map((d) => (d as Of<'retract'>).retracts));
  const decisions = all.filter((d) => d.action !== 'retract' && !retracted.has(d.id));
  const approved = new Set<string>();
  const overrides = new Map<string, Of<'override'>>();
  const edits = new Map<string, Of<'edit'>>();
  const rejects = new Map<string, Of<'reject'>>();
  const labels: Of<'label'>[] = [];
  for (const d of decisions) {
    if (d.action === 'approve') approved.add(d.run);
    else if (d.action === 'override') overrides.set(reviewKey(d.run, d.persona), d);
    else if (d.action === 'edit') edits.set(reviewKey(d.run, d.persona), d);
    else if (d.action === 'reject') rejects.set(reviewKey(d.run, d.persona), d);
    else if (d.action === 'label') labels.push(d);
  }
  return { decisions, logged: [...all], retracted, approved, overrides, edits, rejects, labels };
}

/** Whether a review was rejected by the editors: the next regen asks its persona again. */
export function isRejected(state: EditorialState, record: Pick<RunRecord, 'runId'>, review: ReviewRecord): boolean {
  return state.rejects.has(reviewKey(paidBy(record, review), review.persona));
}

/**
 * A run as the editors left it: an overridden verdict replaces the persona's
 * (every sample of it) and counts in the score; an edited quote replaces the
 * shown one; a rejected review counts as failed until regen asks again. Each
 * change carries its note, so a page never passes an editor's words off as a
 * persona's. Pure; the record on disk keeps the models' own words.
 */
export function applyEditorial<R extends Pick<RunRecord, 'runId' | 'reviews' | 'score'>>(record: R, state: EditorialState): R {
  if (state.decisions.length === 0 || EDITED.has(record)) return record;
  const before = new Map(personaVerdicts(record.reviews).map((v) => [v.persona, v.verdict]));
  let reviews: EditedReview[] = record.reviews.map((review) => {
    const key = reviewKey(paidBy(record, review), review.persona);
    const reject = state.rejects.get(key);
    if (reject) return { ...review, status: 'failed' as const, error: { kind: 'rejected', message: `rejected by the editors: ${reject.reason}` } };
    const override = state.overrides.get(key);
    if (!override || review.status !== 'ok' || !review.review) return review;
    const note = { from: before.get(review.persona) ?? null, to: override.verdict, reason: override.reason, editor: override.editor, at: override.at };
    return { ...review, review: { ...review.review, verdict: override.verdict }, editorial: { verdict: note } };
  });
  // An edit replaces the quote the page shows: the sample that agrees with the persona's verdict, as the editors left it.
  for (const v of personaVerdicts(reviews)) {
    const shown = v.shown as EditedReview | undefined;
    const edit = shown && state.edits.get(reviewKey(paidBy(record, shown), shown.persona));
    if (!shown?.review || !edit) continue;
    const edited: EditedReview = {
      ...shown,
      review: { ...shown.review, quote: edit.quote },
      editorial: { ...shown.editorial, quote: { original: shown.review.quote, reason: edit.reason, editor: edit.editor, at: edit.at } },
    };
    reviews = reviews.map((r) => (r === shown ? edited : r));
  }
  const edited = { ...record, reviews, score: scorePanel(reviews) };
  EDITED.add(edited);
  return edited;
}

/** Runs already as the editors left them: applying the decisions twice would take an override for the persona's own verdict. */
const EDITED = new WeakSet<object>();
