import { join } from 'node:path';
import pLimit from 'p-limit';
import { listSlugs } from '../catalog/catalog.js';
import type { Estimate } from '../cost/estimate.js';
import { UsageError } from '../errors.js';
import type { Tool } from '../shapes/tool.js';
import { DerivedByRun } from '../records/derived-by-run.js';
import { hashOf } from '../util/hash.js';
import { HOW_TO_CONFIGURE } from '../providers/resolve.js';
import type { RunSummary } from '../shapes/run-record.js';
import { batchApiOf } from './batch/execute-batch.js';
import { runMode } from './plan/run-mode.js';
import { plannedPicks, runHeadToHead } from './head-to-head/head-to-head.js';
import { spendOf } from '../cost/spend.js';
import type { EstimatedCall } from '../cost/estimate.js';
import type { ComparisonRecord, PickRecord } from '../shapes/comparison-record.js';
import { liveRoutes, recordedRoute } from './plan/routes.js';
import { editorialOf, rejectedIn } from './editorial-lookup.js';
import type { ProgressSink } from './kinds/ask-panel.js';
import { budgetFor } from './plan/budget-check.js';
import { submitBatch, type BatchSubmission } from './batch/execute-batch.js';
import { executeLive } from './live/execute-live.js';
import { checkClaims, checkerRoutes, checkSpend, estimatedCheck, judgesOf } from './live/check-claims.js';
import type { RunResult } from './outcome.js';
import { estimatePlans, needsCall, Planner, type ToolPlan } from './plan/plan.js';
import { Scheduler } from './ask/scheduler.js';
import { loadTools, openSession, type Session, type SessionOptions } from './session.js';

export interface RegenOptions {
  /** Tool slugs or paths; the whole catalog when empty. */
  tools?: readonly string[];
  /** Re-review every persona, changed or not. */
  force?: boolean;
  /** Accepted for scripts written before panel picked up unfinished runs by itself; it changes nothing. */
  resume?: boolean;
  /** Plan and estimate only: no call, nothing written, no provider needed. */
  dryRun?: boolean;
  maxCostUsd?: number;
  batch?: boolean;
  progress?: ProgressSink;
}

export type RegenResult =
  | {
      mode: 'dry-run';
      plans: ToolPlan[];
      estimate: Estimate;
      /** No provider: compared against each recording's own provider and model. */ asRecorded: boolean;
      /** Claim checks among the estimate's calls. */ checks: number;
    }
  | { mode: 'batch'; plans: ToolPlan[]; submission: BatchSubmission }
  | ({ mode: 'live'; plans: ToolPlan[]; comparisons: ComparisonRefresh[] } & RunResult);

/** A head-to-head comparison regen kept current: re-run (some picks asked again) or left as it was. */
export interface ComparisonRefresh {
  pair: string;
  calls: number;
  runFile: string | null;
  /** The picks paid for: counted in the command's spend. */
  paid: PickRecord[];
}

/**
 * `panel regen`: re-review only the (tool, persona) pairs whose inputs changed
 * since the tool's latest run, that are new, or that failed last time; carry
 * the rest into the new run as `reusedFrom`. A tool with nothing to do gets no new run.
 */
export async function regen(options: RegenOptions & SessionOptions): Promise<RegenResult> {
  return regenIn(await openSession(options), options);
}

export async function regenIn(session: Session, options: RegenOptions): Promise<RegenResult> {
  const slugs = options.tools?.length ? options.tools : await listSlugs(session.config.catalog);
  const mode = runMode(session.config);
  if (mode.kind === 'replay' && !options.dryRun) {
    throw new UsageError(
      mode.strict
        ? 'regen makes new reviews, which replay cannot; name a live provider, or use --dry-run to see what would change.'
        : `regen calls a model and none is configured. ${HOW_TO_CONFIGURE} (--dry-run works without one.)`,
    );
  }
  const toolsReady = loadTools(session, slugs);
  const judges = judgesOf(session);
  const live = mode.kind === 'live' ? await liveRoutes(session, toolsReady, mode.defaultProvider, ...(judges ? [judges] : [])) : undefined;
  const tools = live?.tools ?? (await toolsReady);
  const planner = new Planner(session, live !== undefined && !options.dryRun);
  // Without a provider (dry run only), compare against where each persona's latest review ran.
  const routeFor = (tool: Tool, latest: RunSummary | undefined) => live?.routes.routeOf(tool) ?? recordedRoute(session, latest);
  const planInFull = async (tool: Tool) => {
    const [latest, editorial] = await Promise.all([session.store.latestSummary(tool.slug), editorialOf(session, tool.slug)]);
    return planner.plan(tool, latest, { all: Boolean(options.force), route: routeFor(tool, latest), rejected: rejectedIn(editorial, latest) });
  };
  // A tool whose calls, newest run and decisions are those of a plan that needed nothing is current again, read from one file.
  const current = live && !options.force ? DerivedByRun.open<NonNullable<ToolPlan['latest']>>(join(session.store.dir, '.work', 'current-plans.json'), 1) : undefined;
  // Each tool's calls and decisions as planned: a run written now is current for them (remembered below).
  const plannedWith = new Map<string, { calls: string; decisions: string }>();
  const planOne = async (tool: Tool): Promise<ToolPlan> => {
    if (!current) return planInFull(tool);
    const decisions = session.store.decisionsFacts(tool.slug);
    const fresh = planner.plan(tool, undefined, { all: false, route: live!.routes.routeOf(tool) });
    // The calls the plan would make: each slot's input fingerprint, or its recusal.
    const calls = hashOf(fresh.items.map((i) => [i.persona.id, i.sample, i.recused ?? i.fingerprint]));
    plannedWith.set(tool.slug, { calls, decisions });
    const latest = current.get(session.store, tool.slug, calls, decisions);
    if (latest) return { ...fresh, latest, items: fresh.items.map((i) => ({ ...i, reasons: [] })) };
    let plan: ToolPlan | undefined;
    await current.derive(
      session.store,
      tool.slug,
      async () => (plan = await planInFull(tool)).latest!,
      calls,
      () => plan!.latest !== undefined && plan!.items.every((i) => i.reasons.length === 0),
    );
    return plan!;
  };
  const files = pLimit(32); // a catalog of thousands must not open thousands of files at once
  const plans = await Promise.all(tools.map((tool) => files(() => planOne(tool))));
  await current?.save();

  // The picks regen would ask to keep each head-to-head of these tools current.
  const stalePicks = async () => {
    const toolOf = new Map(tools.map((t) => [t.slug, t]));
    const out: { pair: string; calls: EstimatedCall[] }[] = [];
    for (const { pair, latest, slugs } of await pairsToRefresh(session, new Set(toolOf.keys()))) {
      const calls = await plannedPicks(session, [toolOf.get(slugs[0])!, toolOf.get(slugs[1])!], latest, planner, live?.routes.routeOf);
      if (calls.length) out.push({ pair, calls });
    }
    return out;
  };
  if (options.dryRun) {
    // They count as calls too.
    const pickCalls = (await stalePicks()).flatMap((p) => p.calls);
    // With grounding on, each tool that gets new reviews gets a claim check of their quotes.
    const checkCalls = judges ? plans.filter((p) => p.items.some(needsCall)).map((p) => estimatedCheck(session, p, live && checkerRoutes(session, live.routes.routeOf)(p.tool))) : [];
    return { mode: 'dry-run', plans, estimate: estimatePlans(session, plans, [...pickCalls, ...checkCalls]), asRecorded: live === undefined, checks: checkCalls.length };
  }
  if (options.batch) {
    // A provider batch carries reviews and claim checks, not picks: say which comparisons it leaves stale, rather than leave them silently.
    const stale = await stalePicks();
    if (stale.length) {
      session.notice(
        `--batch sends no head-to-head picks: ${stale.map((p) => `${p.pair} (${p.calls.length} picks)`).join(', ')} ${stale.length === 1 ? 'stays' : 'stay'} as recorded. Once the batch is collected, \`panel regen\` without --batch asks those picks live.`,
      );
    }
    const checking = judges ? { route: checkerRoutes(session, live!.routes.routeOf), planner } : undefined;
    return { mode: 'batch', plans, submission: await submitBatch(session, plans, 'regen', batchApiOf(plans, checking), checking) };
  }
  await session.store.assertWritable();
  const scheduler = new Scheduler(session.config.concurrency, session.signal, budgetFor(session, options.maxCostUsd, plans));
  const result = await executeLive(session, plans, live!.routes.providers, {
    scheduler,
    // Once a tool's lock is held, plan it again if another process wrote a run meanwhile.
    replan: (plan) => planOne(plan.tool),
    command: 'regen',
    ...(options.progress ? { progress: options.progress } : {}),
  });
  // A run written whole, every review ok (or recused), is what the next regen finds current: remembered now, so it need not read the run.
  for (const o of result.outcomes) {
    const planned = o.record && plannedWith.get(o.plan.tool.slug);
    if (!planned || !current || o.failed || !o.record!.reviews.every((r) => r.status === 'ok' || r.status === 'recused')) continue;
    const { runId, score, provider } = o.record!;
    current.remember(session.store, o.plan.tool.slug, runId, { runId, score, provider }, planned.calls, planned.decisions);
  }
  await current?.save();
  const comparisons = result.stoppedBecause ? [] : await refreshComparisons(session, new Set(tools.map((t) => t.slug)), planner, scheduler);
  // The claim check of each tool's verdict run whose quotes have no current check (a quote carried over keeps its check).
  const checks =
    judges && !scheduler.stoppedBecause
      ? await checkClaims(
          session,
          // Each verdict run as a summary: the quotes and the tool, not the exchanges (a catalog's regen reads one per tool).
          tools.map((tool) => ({ tool, record: async () => (await session.store.latestCompleteSummary(tool.slug)).complete })),
          { scheduler, providers: live!.routes.providers, planner, route: checkerRoutes(session, live!.routes.routeOf) },
        )
      : undefined;
  // One spend line, one --max-cost and one stop switch over everything the command sent: reviews, picks and checks.
  const paid = [...result.outcomes.flatMap((o) => o.paid), ...comparisons.flatMap((c) => c.paid), ...(checks ?? []).flatMap((c) => c.paid.map(checkSpend))];
  return { mode: 'live', plans, ...result, stoppedBecause: scheduler.stoppedBecause, spend: spendOf(paid), comparisons, ...(checks ? { checks } : {}) };
}

/** The head-to-heads whose two tools are both in this regen, with their latest comparison. */
async function pairsToRefresh(session: Session, slugs: ReadonlySet<string>): Promise<{ pair: string; latest: ComparisonRecord; slugs: [string, string] }[]> {
  const out: { pair: string; latest: ComparisonRecord; slugs: [string, string] }[] = [];
  for (const pair of await session.store.comparisonPairs()) {
    const [latestId] = await session.store.comparisonRunIds(pair);
    if (!latestId) continue;
    const latest = await session.store.readComparison(pair, latestId);
    const [a, b] = latest.tools.map((t) => t.slug) as [string, string];
    if (slugs.has(a) && slugs.has(b)) out.push({ pair, latest, slugs: [a, b] });
  }
  return out;
}

/**
 * Keep current every head-to-head of two tools in this regen: a comparison is
 * run again only for the picks whose inputs changed (a tool's text, a
 * persona, a model); the rest are carried over.
 */
async function refreshComparisons(session: Session, slugs: ReadonlySet<string>, planner: Planner, scheduler: Scheduler): Promise<ComparisonRefresh[]> {
  const out: ComparisonRefresh[] = [];
  for (const {
    pair,
    latest,
    slugs: [a, b],
  } of await pairsToRefresh(session, slugs)) {
    if (scheduler.stoppedBecause !== undefined) break;
    const personas = [...new Set(latest.picks.map((p) => p.persona))];
    const run = await runHeadToHead(session, [a, b], { planner, personas, scheduler });
    if (run.runFile || run.paid.length) out.push({ pair, calls: run.paid.length, runFile: run.runFile, paid: run.paid });
  }
  return out;
}
