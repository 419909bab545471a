import { Catalog } from '../catalog/catalog.js';
import { applyEditorial } from '../aggregate/editorial.js';
import { incompleteness, isComplete } from '../aggregate/completeness.js';
import { headToHead } from '../aggregate/head-to-head.js';
import { personaVerdicts } from '../aggregate/score.js';
import type { ComparisonRecord } from '../shapes/comparison-record.js';
import type { RunRecord } from '../shapes/run-record.js';
import { awaitingApproval, contradictedIn, editorialOf } from '../run/editorial-lookup.js';
import type { Session } from '../run/session.js';

/** Something in a waiting run an editor should read before approving it, most telling first. */
export interface QueueFlag {
  kind: 'contradicted' | 'incomplete' | 'flip' | 'failed' | 'contested' | 'position-dependent' | 'recused';
  persona: string | null;
  text: string;
}

export interface QueueItem {
  slug: string;
  name: string;
  /** The newest run waiting for approval, and how many runs wait (newer than the last approved one). */
  runId: string;
  createdAt: string;
  waiting: number;
  complete: boolean;
  /** The run's score as the editors left it, and the last approved run's, to compare with. */
  score: { percent: number | null; ship: number; skip: number };
  approved: { runId: string; percent: number | null } | null;
  flags: QueueFlag[];
}

const ORDER: QueueFlag['kind'][] = ['contradicted', 'incomplete', 'flip', 'failed', 'contested', 'position-dependent', 'recused'];

/**
 * `panel queue`: each tool with runs newer than its last approved one, its
 * newest waiting run, and what to look at first in it: verdict flips against
 * the approved run, failed and rejected reviews, contested samples,
 * position-dependent head-to-head picks, recused personas. Tools with the
 * most flags come first. Reads only; calls no model.
 */
export async function buildQueue(session: Session, only?: readonly string[]): Promise<QueueItem[]> {
  const catalog = await Catalog.open(session.config.catalog);
  const comparisons = await latestComparisons(session);
  const items: QueueItem[] = [];
  for (const slug of only ?? catalog.slugs) {
    const recorded = await session.store.history(slug);
    const state = await editorialOf(session, slug);
    const waiting = awaitingApproval(recorded, state);
    if (waiting.length === 0) continue;
    const run = applyEditorial(waiting[0]!, state);
    const approvedRun = recorded.find((r) => state.approved.has(r.runId));
    const approved = approvedRun && applyEditorial(approvedRun, state);
    items.push({
      slug,
      name: run.tool.name,
      runId: run.runId,
      createdAt: run.createdAt,
      waiting: waiting.length,
      complete: isComplete(run),
      score: { percent: run.score.percent, ship: run.score.ship, skip: run.score.skip },
      approved: approved ? { runId: approved.runId, percent: approved.score.percent } : null,
      flags: [
        ...contradictedIn(run, await session.store.claimChecks(slug)).map((c): QueueFlag => ({
          kind: 'contradicted',
          persona: c.persona,
          text: `${c.persona} claims “${c.claim.claim}”; the material says “${c.claim.evidence}”`,
        })),
        ...flagsOf(
          run,
          approved,
          comparisons.filter((c) => c.tools.some((t) => t.slug === slug)),
        ),
      ],
    });
  }
  const contradicted = (item: QueueItem) => (item.flags[0]?.kind === 'contradicted' ? 1 : 0);
  return items.sort((a, b) => contradicted(b) - contradicted(a) || b.flags.length - a.flags.length || (a.createdAt < b.createdAt ? 1 : -1));
}

function flagsOf(run: RunRecord, approved: RunRecord | undefined, comparisons: readonly ComparisonRecord[]): QueueFlag[] {
  const flags: QueueFlag[] = [];
  if (!isComplete(run)) flags.push({ kind: 'incomplete', persona: null, text: `incomplete (${incompleteness(run)}): it cannot be approved until regen completes it` });
  const before = new Map(approved ? personaVerdicts(approved.reviews).map((v) => [v.persona, v.verdict]) : []);
  for (const v of personaVerdicts(run.reviews)) {
    const was = before.get(v.persona);
    if (was && v.verdict && was !== v.verdict && was !== 'tie' && v.verdict !== 'tie') flags.push({ kind: 'flip', persona: v.persona, text: `${v.persona} flipped: ${was} → ${v.verdict}` });
    if (v.status === 'failed') {
      const error = (v.first as RunRecord['reviews'][number]).error;
      flags.push({ kind: 'failed', persona: v.persona, text: `${v.persona} has no valid review: ${error?.message ?? 'failed'}` });
    }
    if (v.contested) flags.push({ kind: 'contested', persona: v.persona, text: `${v.persona}'s samples disagree: ${v.ship} ship, ${v.skip} skip` });
    if (v.status === 'recused') flags.push({ kind: 'recused', persona: v.persona, text: `${v.persona} was recused` });
  }
  for (const record of comparisons) {
    const other = record.tools.find((t) => t.slug !== run.tool.slug)!;
    for (const r of headToHead(record).results) {
      if (r.pick === 'position-dependent') flags.push({ kind: 'position-dependent', persona: r.persona, text: `${r.persona}'s pick against ${other.name} changes with the order shown` });
    }
  }
  return flags.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** Each pair's latest head-to-head comparison. */
async function latestComparisons(session: Session): Promise<ComparisonRecord[]> {
  const out: ComparisonRecord[] = [];
  for (const pair of await session.store.comparisonPairs()) {
    const [id] = await session.store.comparisonRunIds(pair);
    if (id) out.push(await session.store.readComparison(pair, id));
  }
  return out;
}
