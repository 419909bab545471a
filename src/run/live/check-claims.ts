import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Tool } from '../../shapes/tool.js';
import { personaVerdicts } from '../../aggregate/score.js';
import type { Persona } from '../../personas/persona.js';
import type { Provider } from '../../providers/provider.js';
import { ToolLock } from '../../records/tool-lock.js';
import type { ClaimCheckRecord } from '../../shapes/claim-check.js';
import type { RunSummary } from '../../shapes/run-record.js';
import type { Scheduler } from '../ask/scheduler.js';
import { claimCheckCalls, plannedCheck, type PlannedCheck } from '../kinds/claim-check-calls.js';
import { materialHash } from '../../review/claim-check-prompt.js';
import { needsCall, panelOf, type Planner, type Route, type ToolPlan } from '../plan/plan.js';
import type { EstimatedCall } from '../../cost/estimate.js';
import { WIRES } from '../../providers/wire-registry.js';
import type { CallParams } from '../../providers/wire.js';
import type { Session } from '../session.js';
import { runCalls } from './run-calls.js';

/**
 * The claim checker, routed as a persona is: `checker:` in the config (or
 * --checker) is its provider and model, else the model the run's personas
 * default to; the self-preference guard reroutes or recuses it as it would a
 * persona whose model the tool's maker made.
 */
export function checkerPersona(session: Session): Persona {
  const checker = session.config.checker;
  return {
    id: 'checker',
    name: 'The claim checker',
    lens: "reads each quote's claims against the tool's material",
    prompt: '',
    file: '',
    ...(checker ? { provider: checker.provider, model: checker.model } : {}),
  };
}

/** The quotes a run shows, one per persona: what the checker reads. */
export function shownQuotes(record: Pick<RunSummary, 'reviews'>): { persona: string; quote: string }[] {
  return personaVerdicts(record.reviews).flatMap((v) => (v.status === 'ok' && v.shown?.review ? [{ persona: v.persona, quote: v.shown.review.quote }] : []));
}

/** The quotes of a run that no stored check of the same material has read: each is asked once, and a quote carried by regen keeps its check. */
export function uncheckedQuotes(record: Pick<RunSummary, 'reviews' | 'tool'>, checks: readonly ClaimCheckRecord[]): { persona: string; quote: string }[] {
  const material = materialHash(record.tool);
  const done = new Set(checks.filter((c) => c.status === 'ok' && c.material === material).flatMap((c) => c.quotes.map((q) => `${q.persona}\0${q.quote}`)));
  return shownQuotes(record).filter((q) => !done.has(`${q.persona}\0${q.quote}`));
}

export interface CheckOptions {
  scheduler: Scheduler;
  providers: ReadonlyMap<string, Provider>;
  /** Where the checker runs for a tool (its route as a persona of the tool's panel). */
  route: (tool: Tool) => Route;
  planner: Planner;
}

/** What a check reads of a run: its quotes, its tool and its id (a summary will do: no exchange is read). */
type CheckedRun = Pick<RunSummary, 'reviews' | 'tool' | 'runId'>;

/** Where the checker runs for each tool: its route as a persona of the tool's panel (the guard applied). */
export function checkerRoutes(session: Session, routeOf: (tool: Tool) => (persona: Persona) => Route): (tool: Tool) => Route {
  const checker = checkerPersona(session);
  return (tool) => routeOf(tool)(checker);
}

/** What one tool's claim check came to. */
export interface CheckOutcome {
  slug: string;
  /** The check written now; undefined when every quote was already checked, or it did not finish. */
  record: ClaimCheckRecord | undefined;
  paid: ClaimCheckRecord[];
  /** Every check the run's quotes are read against (the one made now first, then those stored): what its card shows. */
  current: ClaimCheckRecord[];
}

/**
 * Check the quotes of each tool's run that have no current check: one
 * checker request per tool, on the shared pipeline (the tool's check lock,
 * the checkpoint, the scheduler and its --max-cost budget), written as a
 * claim-check record.
 */
export async function checkClaims(session: Session, runs: readonly { tool: Tool; record: () => Promise<CheckedRun | undefined> }[], options: CheckOptions): Promise<CheckOutcome[]> {
  const out: CheckOutcome[] = [];
  // A few tools at a time: each reads its run and its checks, and a catalog of thousands must not hold them all at once.
  const slots = pLimit(16);
  await Promise.all(
    runs.map(({ tool, record: load }) =>
      slots(async () => {
        const record = await load();
        if (!record) return;
        const stored = await session.store.claimChecks(tool.slug);
        const quotes = uncheckedQuotes(record, stored);
        if (quotes.length === 0 || options.scheduler.stoppedBecause !== undefined) {
          out.push({ slug: tool.slug, record: undefined, paid: [], current: stored });
          return;
        }
        const outcome = await checkOne(session, tool, planCheck(session, tool, options.route(tool), options.planner, quotes, record.runId), options);
        out.push({ ...outcome, current: outcome.record ? [outcome.record, ...stored] : stored });
      }),
    ),
  );
  return out;
}

/** A tool's check of these quotes where the checker runs, with room for one answer that covers every quote's claims. */
export function planCheck(session: Session, tool: Tool, route: Route, planner: Planner, quotes: { persona: string; quote: string }[], reviewRun: string): PlannedCheck {
  return plannedCheck(tool, route, checkParams(session, tool, route, planner), quotes, reviewRun);
}

/** The checker's parameters for a tool: its model's, with room for one answer that covers every quote's claims. */
export function checkParams(session: Session, tool: Tool, route: Route, planner: Planner): CallParams {
  return route.recused ? { model: route.model, maxTokens: 0 } : withRoom(planner.paramsFor(tool, checkerPersona(session), route));
}

async function checkOne(session: Session, tool: Tool, call: PlannedCheck, options: CheckOptions): Promise<Omit<CheckOutcome, 'current'>> {
  const { store } = session;
  if (call.recused) {
    noticeCheckerRecused(session, tool.slug, call.recused);
    return { slug: tool.slug, record: undefined, paid: [] };
  }
  const workDir = join(store.dir, '.work', '.checks');
  const lock = await ToolLock.acquire(workDir, tool.slug, 'check', {
    onWait: () => session.notice(`waiting for ${tool.slug}'s claim check: another panel process is running it.`),
    ...(session.signal ? { signal: session.signal } : {}),
  });
  if (!lock) return { slug: tool.slug, record: undefined, paid: [] };
  try {
    const recorded = new Set((await store.claimChecks(tool.slug)).map((c) => c.runId));
    const run = await runCalls(session, {
      kind: claimCheckCalls(session, tool),
      subject: tool.slug,
      workDir,
      keptAsideRoot: join(store.dir, '.checks'),
      calls: [call],
      carried: new Map(),
      recorded,
      resume: () => undefined,
      writesIncomplete: false,
      scheduler: options.scheduler,
      providers: options.providers,
      priceFor: session.priceFor,
    });
    if (!run.done) return { slug: tool.slug, record: undefined, paid: run.paid };
    const record = { ...run.entries[0]!, runId: run.header.runId, createdAt: run.header.createdAt };
    await run.commit(() => store.writeClaimCheck(record));
    if (record.status === 'failed') session.notice(`${tool.slug}: the claim check failed (${record.error?.message ?? 'no answer'}); its quotes are checked again next time.`);
    const unchecked = call.quotes.length - record.quotes.length;
    if (record.status === 'ok' && unchecked > 0)
      session.notice(`${tool.slug}: the checker left out ${unchecked} quote${unchecked === 1 ? '' : 's'}; ${unchecked === 1 ? 'it is' : 'they are'} checked again next time.`);
    return { slug: tool.slug, record, paid: run.paid };
  } finally {
    await lock.release();
  }
}

/** Said once per tool: the guard keeps the checker off it, so only the figures check reads its quotes. */
export function noticeCheckerRecused(session: Session, slug: string, recused: string): void {
  session.noticeOnce(`checker-recused:${slug}`, `${slug}: its quotes are not checked by a model: ${recused.replace(/^recused: /, '')} (the self-preference guard). The figures check still applies.`);
}

function withRoom<P extends { maxTokens: number }>(params: P): P {
  return { ...params, maxTokens: Math.max(params.maxTokens, 4096) };
}

/** Who judges a tool in a live command: its panel, and the claim checker when `grounding: on`. */
export function judgesOf(session: Session): ((tool: Tool) => Persona[]) | undefined {
  if (!session.config.grounding) return undefined;
  const checker = checkerPersona(session);
  return (tool) => [...panelOf(tool, session.personas), checker];
}

/** A check as the spend line counts it: its model, tokens and cost. */
export function checkSpend(check: ClaimCheckRecord): { model: string; usage: ClaimCheckRecord['usage']; cost: number | null } {
  return { model: check.checker.model, usage: check.usage, cost: check.cost };
}

/**
 * A tool's claim check as the dry run sees it: its new quotes are not written
 * yet, so each planned persona's quote is counted at the longest a quote may
 * run (about 180 words); the checker routed as a live run would route it, or,
 * with no provider, on `checker:` or Anthropic's default model.
 */
export function estimatedCheck(session: Session, plan: ToolPlan, route: Route | undefined): EstimatedCall {
  const checker = session.config.checker;
  const where: Route =
    route ??
    (checker
      ? { provider: checker.provider, api: session.config.providers[checker.provider]?.kind ?? 'anthropic', model: checker.model }
      : { provider: 'anthropic', api: 'anthropic', model: WIRES.anthropic.defaultModel });
  const quotes = [...new Set(plan.items.filter(needsCall).map((i) => i.persona.id))].map((persona) => ({ persona, quote: 'x'.repeat(1100) }));
  const params = { model: where.model, maxTokens: 4096 };
  return claimCheckCalls(session, plan.tool).estimate(plannedCheck(plan.tool, where, params, quotes, ''));
}
