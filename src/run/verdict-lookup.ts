import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listSlugs, loadTool } from '../catalog/catalog.js';
import { buildPanel, sourceFigureLines } from '../aggregate/card.js';
import { readSnapshot } from '../records/source-snapshots.js';
import type { ToolPanel } from '../aggregate/page-model.js';
import type { Tool } from '../shapes/tool.js';
import { InputError, UsageError } from '../errors.js';
import { strangerReviewers } from '../records/panel-members.js';
import type { RunRecord } from '../shapes/run-record.js';
import type { ComparisonRecord } from '../shapes/comparison-record.js';
import { didYouMean } from '../util/suggest.js';
import { isRunId } from '../shapes/names.js';
import { incompleteness, isComplete } from '../aggregate/completeness.js';
import type { Session } from './session.js';
import { applyEditorial, type EditorialState } from '../aggregate/editorial.js';
import type { ClaimCheckRecord } from '../shapes/claim-check.js';
import { claimsLookup } from '../aggregate/claims.js';
import { editorialOf } from './editorial-lookup.js';

/**
 * A recorded run from a command argument: a runId, a path to a record, or a
 * tool slug (its latest run). Never calls a model.
 */
export async function recordFor(session: Session, arg: string): Promise<RunRecord> {
  if (isRunId(arg) || arg.endsWith('.json') || arg.includes('/')) return session.store.resolve(arg);
  const latest = await session.store.latest(arg);
  if (latest) return latest;
  const slugs = await listSlugs(session.config.catalog);
  if (slugs.includes(arg)) throw new UsageError(`${arg} has no recorded run yet. Run \`panel review ${arg}\` first.`);
  throw new UsageError(`Unknown tool or run \`${arg}\`${didYouMean(arg, slugs)}. \`panel tools\` lists the catalog.`);
}

export interface VerdictRun {
  record: RunRecord;
  /** False when the tool has no complete run and this is its newest, incomplete one. */
  complete: boolean;
}

/**
 * The run that is a tool's verdict: its newest complete run. A newer run that
 * is incomplete is named in a notice (it stays in history; pin its run id to
 * see it); with no complete run at all, the newest run, marked incomplete.
 */
export async function verdictRun(session: Session, slug: string): Promise<VerdictRun | undefined> {
  const { complete, newerIncomplete } = await session.store.latestComplete(slug);
  const [newest] = newerIncomplete;
  if (complete) {
    if (newest) {
      session.notice(
        `a newer run of ${slug}, ${newest.runId}, is incomplete (${incompleteness(newest)}); showing ${complete.runId}, its newest complete run. Pin the newer run id to see it; \`panel regen ${slug}\` retries its failures.`,
      );
    }
    return { record: complete, complete: true };
  }
  if (!newest) return undefined;
  return { record: await session.store.read(session.store.pathOf(slug, newest.runId)), complete: false };
}

/** A run given as a run id or path (as pinned), or a tool slug (its verdict run), with whether it is complete. */
export async function runFor(session: Session, arg: string): Promise<VerdictRun> {
  if (isRunId(arg) || arg.endsWith('.json') || arg.includes('/')) {
    const record = await session.store.resolve(arg);
    return { record, complete: isComplete(record) };
  }
  const found = await verdictRun(session, arg);
  if (found) return found;
  await recordFor(session, arg); // says "no run yet" or "unknown tool"
  throw new UsageError(`${arg} has no recorded run yet. Run \`panel review ${arg}\` first.`);
}

/**
 * The panel of a recorded run, with today's community votes from the tool
 * file when it still exists (readers keep voting after a run), as the
 * editors left it and with its claim checks; a caller that has read the
 * tool's decisions and checks already (publish) passes them in `known`.
 */
export async function panelFor(session: Session, record: RunRecord, known: { editorial?: EditorialState; checks?: readonly ClaimCheckRecord[]; tool?: Tool } = {}): Promise<ToolPanel> {
  const slug = record.tool.slug;
  const strangers = strangerReviewers(
    record,
    session.personas.map((p) => p.id),
  );
  if (strangers.length > 0) {
    throw new InputError(session.store.shown(session.store.pathOf(slug, record.runId)), [
      {
        field: 'reviews',
        message: `has reviews by ${strangers.join(', ')}, who are not on the tool's panel; they would change its score`,
        fix: 'restore the record from git, or delete it (`panel check` lists every such record)',
      },
    ]);
  }
  // The page shows the run as the editors left it: overridden verdicts, edited quotes, rejected reviews (each said on the page).
  const edited = applyEditorial(record, known.editorial ?? (await editorialOf(session, slug)));
  const claims = claimsLookup(record, known.checks ?? (await session.store.claimChecks(slug)));
  const figures = sourceFigureLines(await readSnapshot(session.config.runs, slug, (p) => session.store.shown(p)));
  if (known.tool) return buildPanel(edited, known.tool.community, claims, figures);
  const hasFile = ['yaml', 'yml'].some((ext) => existsSync(join(session.config.catalog, `${slug}.${ext}`)));
  if (!hasFile) return buildPanel(edited, edited.tool.community, claims, figures);
  const tool = await loadTool(
    slug,
    session.config.catalog,
    session.cwd,
    session.personas.map((p) => p.id),
  );
  return buildPanel(edited, tool.community, claims, figures);
}

/** A head-to-head comparison addressed as `a--b` (its latest) or by its run id; undefined when the argument names none. */
export async function comparisonFor(session: Session, arg: string): Promise<ComparisonRecord | undefined> {
  const { store } = session;
  for (const pair of await store.comparisonPairs()) {
    const ids = await store.comparisonRunIds(pair);
    if (pair === arg && ids[0]) return store.readComparison(pair, ids[0]);
    if (ids.includes(arg)) return store.readComparison(pair, arg);
  }
  return undefined;
}

/**
 * The latest head-to-head of two tools, in either order, for their comparison
 * page: publish, serve and compare all show it, so what an editor previews is
 * what readers get.
 */
export async function latestHeadToHead(session: Session, a: string, b: string): Promise<ComparisonRecord | undefined> {
  for (const pair of [`${a}--${b}`, `${b}--${a}`]) {
    const [id] = await session.store.comparisonRunIds(pair);
    if (id) return session.store.readComparison(pair, id);
  }
  return undefined;
}

/** Every comparison of a pair, oldest first. */
export async function comparisonHistory(session: Session, pair: string): Promise<ComparisonRecord[]> {
  const ids = (await session.store.comparisonRunIds(pair)).reverse();
  return Promise.all(ids.map((id) => session.store.readComparison(pair, id)));
}
