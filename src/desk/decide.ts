import { randomBytes } from 'node:crypto';
import { listSlugs } from '../catalog/catalog.js';
import { applyEditorial, paidBy } from '../aggregate/editorial.js';
import { incompleteness, isComplete } from '../aggregate/completeness.js';
import { personaVerdicts } from '../aggregate/score.js';
import { UsageError } from '../errors.js';
import { appendDecision, readDecisions } from '../records/decision-log.js';
import { MAX_QUOTE_CHARS } from '../shapes/answers.js';
import type { Decision } from '../shapes/decision.js';
import type { RunRecord } from '../shapes/run-record.js';
import { isRunId } from '../shapes/names.js';
import { findControlCharacters } from '../util/control-characters.js';
import { didYouMean } from '../util/suggest.js';
import { editorialOf } from '../run/editorial-lookup.js';
import { recordFor, verdictRun } from '../run/verdict-lookup.js';
import type { Session } from '../run/session.js';

/** A decision as asked for, before it is checked against the runs and signed. */
export type DecisionRequest =
  | { action: 'approve'; target: string; reason?: string }
  | { action: 'override'; tool: string; persona: string; verdict: 'ship' | 'skip'; reason: string; run?: string }
  | { action: 'edit'; tool: string; persona: string; quote: string; reason: string; run?: string }
  | { action: 'reject'; tool: string; persona: string; reason: string; run?: string }
  | { action: 'label'; tool: string; verdict: 'ship' | 'skip'; reason?: string }
  | { action: 'retract'; id: string; reason?: string };

export interface Decided {
  slug: string;
  decision: Decision;
  /** The decisions file, as a path to show. */
  file: string;
  /** Said instead of writing when the decision is already in force (approving an approved run). */
  already?: string;
}

/** A decision's id: sortable by time, unique across editors working at once. */
function decisionId(now: Date): string {
  return `d-${now.toISOString().replace(/[-:.]/g, '').toLowerCase()}-${randomBytes(3).toString('hex')}`;
}

/**
 * Check a decision against the tool, its runs and its panel, sign it and
 * append it to the tool's decisions file. Whatever does not exist (a tool, a
 * run, a persona, a decision) or cannot be decided (approving an incomplete
 * run, overriding a failed review) is a usage error saying so; nothing is written.
 */
export async function decide(session: Session, editor: string, request: DecisionRequest): Promise<Decided> {
  const now = session.now();
  const sign = { id: decisionId(now), at: now.toISOString(), editor };
  if (request.action === 'retract') return retract(session, request, sign);
  const record = request.action === 'approve' ? await recordFor(session, request.target) : await runOf(session, request.tool, 'run' in request ? request.run : undefined, request.action === 'label');
  const slug = record.tool.slug;
  const state = await editorialOf(session, slug);
  const edited = applyEditorial(record, state);
  let decision: Decision;
  if (request.action === 'approve') {
    if (!isComplete(edited))
      throw new UsageError(`${slug}'s run ${record.runId} is incomplete (${incompleteness(edited)}), and only a complete run can be published. Run \`panel regen ${slug}\`, then approve the new run.`);
    if (state.approved.has(record.runId))
      return {
        slug,
        decision: state.decisions.find((d) => d.action === 'approve' && d.run === record.runId)!,
        file: session.store.shown(session.store.decisionsPath(slug)),
        already: `${slug}'s run ${record.runId} is already approved.`,
      };
    decision = { ...sign, action: 'approve', run: record.runId, ...(request.reason ? { reason: request.reason } : {}) };
  } else if (request.action === 'label') {
    decision = { ...sign, action: 'label', run: record.runId, verdict: request.verdict, ...(request.reason ? { reason: request.reason } : {}) };
  } else {
    const review = reviewOf(session, record, request.persona);
    const run = paidBy(record, review);
    if (request.action === 'reject') decision = { ...sign, action: 'reject', run, persona: request.persona, reason: request.reason };
    else {
      const own = personaVerdicts(record.reviews.filter((r) => r.persona === request.persona))[0]!;
      if (own.status !== 'ok') throw new UsageError(`${request.persona} has no valid review of ${slug} in run ${record.runId} (${own.status}); reject it instead, and regen asks again.`);
      if (request.action === 'override') {
        if (own.verdict === request.verdict) throw new UsageError(`${request.persona} already says ${request.verdict} on ${slug}; there is nothing to override.`);
        decision = { ...sign, action: 'override', run, persona: request.persona, verdict: request.verdict, reason: request.reason };
      } else decision = { ...sign, action: 'edit', run, persona: request.persona, quote: checkedQuote(request.quote), reason: request.reason };
    }
  }
  const path = await appendDecision(session.store, slug, decision);
  return { slug, decision, file: session.store.shown(path) };
}

/** The run a tool's decision is about: the one named, else the tool's newest (a label: its verdict run, what the panel said). */
async function runOf(session: Session, tool: string, run: string | undefined, verdict: boolean): Promise<RunRecord> {
  const slugs = await listSlugs(session.config.catalog);
  if (!slugs.includes(tool)) throw new UsageError(`Unknown tool \`${tool}\`${didYouMean(tool, slugs)}. \`panel tools\` lists the catalog.`);
  if (run) {
    if (!isRunId(run) || !(await session.store.runIds(tool)).includes(run)) throw new UsageError(`${tool} has no run \`${run}\`. \`panel history ${tool}\` lists its runs.`);
    return session.store.read(session.store.pathOf(tool, run));
  }
  if (verdict) {
    const found = await verdictRun(session, tool);
    if (!found?.complete) throw new UsageError(`${tool} has no complete run, so there is no panel verdict to set a label beside. Run \`panel regen ${tool}\` first.`);
    return found.record;
  }
  return recordFor(session, tool);
}

function reviewOf(session: Session, record: RunRecord, persona: string): RunRecord['reviews'][number] {
  const known = session.personas.map((p) => p.id);
  if (!known.includes(persona)) throw new UsageError(`Unknown persona \`${persona}\`${didYouMean(persona, known)}. The personas are ${known.join(', ')}.`);
  const review = record.reviews.find((r) => r.persona === persona);
  if (!review) throw new UsageError(`${persona} did not review ${record.tool.slug} in run ${record.runId} (its panel: ${[...new Set(record.reviews.map((r) => r.persona))].join(', ')}).`);
  return review;
}

function checkedQuote(text: string): string {
  const quote = text.trim();
  if (!quote) throw new UsageError('The quote file is empty; write the quote as it should read.');
  if (quote.length > MAX_QUOTE_CHARS) throw new UsageError(`The quote is ${quote.length} characters; a quote is at most ${MAX_QUOTE_CHARS}.`);
  const [bad] = findControlCharacters(quote);
  if (bad) throw new UsageError(`The quote has a control character at line ${bad.line}, column ${bad.column}; remove it.`);
  return quote;
}

async function retract(session: Session, request: Extract<DecisionRequest, { action: 'retract' }>, sign: { id: string; at: string; editor: string }): Promise<Decided> {
  for (const slug of await session.store.slugs()) {
    const { decisions } = await readDecisions(session.store, slug);
    const target = decisions.find((d) => d.id === request.id);
    if (!target) continue;
    if (target.action === 'retract') throw new UsageError(`${request.id} is itself a retraction; to restore what it retracted, make that decision again.`);
    if (decisions.some((d) => d.action === 'retract' && d.retracts === request.id)) throw new UsageError(`${request.id} is already retracted.`);
    const decision: Decision = { ...sign, action: 'retract', run: target.run, retracts: request.id, ...(request.reason ? { reason: request.reason } : {}) };
    const path = await appendDecision(session.store, slug, decision);
    return { slug, decision, file: session.store.shown(path) };
  }
  throw new UsageError(`No decision \`${request.id}\` in any tool's decisions file. \`panel queue --json\` and runs/<tool>/decisions.jsonl show decision ids.`);
}
