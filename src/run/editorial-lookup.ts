import { applyEditorial, editorialState, isRejected, type EditorialState } from '../aggregate/editorial.js';
import { verdictOf } from '../aggregate/completeness.js';
import { currentJudges, editorAgreement, type EditorAgreement } from '../aggregate/calibration.js';
import { listSlugs } from '../catalog/catalog.js';
import { readDecisions } from '../records/decision-log.js';
import type { RunRecord, RunSummary } from '../shapes/run-record.js';
import type { Claim, ClaimCheckRecord } from '../shapes/claim-check.js';
import { claimsLookup, contradictions } from '../aggregate/claims.js';
import { shownQuotes } from './live/check-claims.js';
import type { Session } from './session.js';

/** What the editors have said of a tool; a damaged line of its decisions file is said once, with its place, and the rest kept. */
export async function editorialOf(session: Session, slug: string): Promise<EditorialState> {
  const log = await readDecisions(session.store, slug);
  for (const d of log.damaged) {
    session.noticeOnce(
      `decisions:${log.path}:${d.line}`,
      `${session.store.shown(log.path)} line ${d.line} is damaged (${d.reason}); it is skipped and the other decisions are kept. \`panel check\` lists it until you fix or delete the line.`,
    );
  }
  return editorialState(log.decisions);
}

/** The personas whose review in the tool's latest run the editors rejected: regen asks them again. */
export function rejectedIn(state: EditorialState, latest: RunSummary | undefined): Set<string> {
  if (!latest || state.rejects.size === 0) return new Set();
  return new Set(latest.reviews.filter((r) => isRejected(state, latest, r as RunRecord['reviews'][number])).map((r) => r.persona));
}

/**
 * A tool's runs as the public site may show them, newest first: each as the
 * editors left it (overrides, edits, rejects), and, when the site requires
 * approval, only the runs an editor approved.
 */
export function publicHistory(session: Session, newestFirst: readonly RunRecord[], state: EditorialState, checks: readonly ClaimCheckRecord[] = []): RunRecord[] {
  const edited = newestFirst.map((r) => applyEditorial(r, state));
  if (session.config.approvalRequired) return edited.filter((r) => state.approved.has(r.runId));
  // A quote with a contradicted claim waits for an editor: approve the run anyway, edit the quote, or reject the persona.
  return edited.filter((r) => state.approved.has(r.runId) || contradictedIn(r, checks).length === 0);
}

/** The contradicted claims of a run's shown quotes, as the editors left them (an edited quote is the editors' words, not checked). */
export function contradictedIn(record: RunRecord, checks: readonly ClaimCheckRecord[]): { persona: string; claim: Claim }[] {
  const claims = claimsLookup(record, checks);
  return contradictions(shownQuotes(record).map((q) => ({ persona: q.persona, claims: claims(q.persona, q.quote) })));
}

/** What waits for an editor: the runs newer than the tool's newest approved run (every run, when none is approved yet). */
export function awaitingApproval(newestFirst: readonly RunRecord[], state: EditorialState): RunRecord[] {
  const at = newestFirst.findIndex((r) => state.approved.has(r.runId));
  return at === -1 ? [...newestFirst] : newestFirst.slice(0, at);
}

/** Each persona's agreement with the editors over the whole catalog, as `panel stats` gives it (the desk shows it beside the quotes). */
export async function agreementWithEditors(session: Session): Promise<Record<string, EditorAgreement>> {
  const tools = [];
  const verdicts = [];
  for (const slug of await listSlugs(session.config.catalog)) {
    const runs = await session.store.history(slug);
    const { complete } = verdictOf(runs);
    if (complete) verdicts.push(complete);
    tools.push({ runs, state: await editorialOf(session, slug) });
  }
  return editorAgreement(tools, currentJudges(session.personas, verdicts));
}
