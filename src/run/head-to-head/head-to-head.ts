import { join } from 'node:path';
import type { EstimatedCall } from '../../cost/estimate.js';
import type { Tool } from '../../shapes/tool.js';
import { spendOf } from '../../cost/spend.js';
import { WIRES } from '../../providers/wire-registry.js';
import { keptAsideDir } from '../../records/kept-aside.js';
import { isWriteFailure } from '../../records/write-fault.js';
import { UsageError, WorkError } from '../../errors.js';
import type { Persona } from '../../personas/persona.js';
import type { Provider } from '../../providers/provider.js';
import { COMPARISON_SCHEMA_VERSION, pairKey, type ComparisonRecord, type PickRecord } from '../../shapes/comparison-record.js';
import { ToolLock } from '../../records/tool-lock.js';
import { NO_USAGE } from '../../shapes/usage.js';
import { createReplayProviderFor } from '../replay/comparison-replay.js';
import { verdictRun } from '../verdict-lookup.js';
import { panelOf, type Route } from '../plan/plan.js';
import type { Planner } from '../plan/plan.js';
import { runMode } from '../plan/run-mode.js';
import { liveRoutes } from '../plan/routes.js';
import { Scheduler } from '../ask/scheduler.js';
import { runCalls } from '../live/run-calls.js';
import { askCalls } from '../kinds/call-kind.js';
import { pickCalls, planPicks, type PlannedPick } from '../kinds/pick-calls.js';
import { loadTools, type Session } from '../session.js';

export interface HeadToHeadOptions {
  /** Narrow the panel to these persona ids (default: every persona on either tool's panel). */
  personas?: readonly string[];
  planner: Planner;
  /** Ask every pick again, current or not (`compare --head-to-head --force`). */
  force?: boolean;
  /** The command's scheduler (regen shares its cap, its stop switch and its --max-cost budget); else one of its own. */
  scheduler?: Scheduler;
}

export interface HeadToHeadRun {
  /** The comparison: written now, carried as it was (current), or replayed. Undefined while unfinished. */
  record: ComparisonRecord | undefined;
  /** The comparison written, as a path to show; null when nothing was written. */
  runFile: string | null;
  replayedFrom: string | null;
  paid: PickRecord[];
  /** Every pick's inputs matched the latest comparison: it stands, and nothing was asked. */
  current: boolean;
  /** Stopped before every pick was in: the checkpoint that keeps what finished, for the same command to pick up. */
  unfinished?: { checkpoint: string; kept: number; of: number };
}

/**
 * `compare A B --head-to-head`: each persona on either tool's panel picks
 * between the two, asked twice, A first then B first. Live, the picks are
 * checkpointed as they arrive and the comparison is written whole, under the
 * pair's lock; with no provider, the latest comparison of the pair is
 * replayed, and panel says whether today's inputs differ from it.
 */
export async function runHeadToHead(session: Session, args: readonly [string, string], options: HeadToHeadOptions): Promise<HeadToHeadRun> {
  const tools = (await loadTools(session, args)) as [Tool, Tool];
  for (const tool of tools) {
    const verdict = await verdictRun(session, tool.slug);
    if (!verdict?.complete) throw new UsageError(`${tool.slug} has no complete run, and a head-to-head page shows both tools' panels. Run \`panel review ${tool.slug}\` first.`);
  }
  const pair = pairKey(tools[0].slug, tools[1].slug);
  const personas = personasOf(session, tools, options.personas);
  const mode = runMode(session.config);
  if (mode.kind === 'replay') return replayComparison(session, tools, pair, personas, options.planner, mode.strict);
  const { routes } = await liveRoutes(session, Promise.resolve(tools), mode.defaultProvider, () => personas);
  // The guard applies to both tools: a persona recused from either is recused from the comparison.
  const route = (persona: Persona): Route => {
    const [ra, rb] = tools.map((t) => routes.routeOf(t)(persona));
    return ra!.recused ? ra! : rb!;
  };
  return runLive(session, tools, pair, personas, route, routes.providers, options);
}

function personasOf(session: Session, tools: readonly [Tool, Tool], narrow: readonly string[] | undefined): Persona[] {
  const union = new Set([...panelOf(tools[0], session.personas), ...panelOf(tools[1], session.personas)].map((p) => p.id));
  for (const id of narrow ?? []) {
    if (!union.has(id)) throw new UsageError(`--personas names \`${id}\`, which is on neither tool's panel (${[...union].join(', ')}).`);
  }
  return session.personas.filter((p) => union.has(p.id) && (!narrow || narrow.includes(p.id)));
}

async function runLive(
  session: Session,
  tools: readonly [Tool, Tool],
  pair: string,
  personas: readonly Persona[],
  route: (p: Persona) => Route,
  providers: ReadonlyMap<string, Provider>,
  options: HeadToHeadOptions,
): Promise<HeadToHeadRun> {
  const { store } = session;
  await store.assertWritable();
  const workDir = join(store.dir, '.work', '.comparisons');
  const lock = await ToolLock.acquire(workDir, pair, 'compare', {
    onWait: () => session.notice(`waiting for ${pair}: another panel process is running this comparison.`),
    ...(session.signal ? { signal: session.signal } : {}),
  });
  if (!lock) throw new WorkError(`interrupted while waiting for ${pair}; no pick was asked.`);
  try {
    return await runLocked(session, tools, pair, planPicks(tools, personas, route, options.planner), providers, options, workDir);
  } catch (error) {
    if (!isWriteFailure(error)) throw error;
    // The checkpoint could not be started, or the comparison written: every pick already paid for is in its checkpoint or kept aside.
    throw new WorkError(
      `the runs folder ${store.shown(store.dir)} cannot be written (${error.code}): ${pair} was not recorded, and every pick already answered is kept ` +
        `(in ${store.shown(workDir)} or in ${keptAsideDir(join(store.dir, '.comparisons'))}). Free space or fix the folder's permissions, then run the same command again.`,
    );
  } finally {
    await lock.release();
  }
}

/**
 * The pair's run under its lock, with every guarantee a tool's run has: a
 * current comparison is reused whole (`--force` asks again); picks kept in an
 * unfinished run's checkpoint, or matching the latest comparison, are not
 * bought again; each new pick is checkpointed (group commit, fsynced) before
 * it counts, or kept aside when the runs folder will not take it; damaged
 * lines are reported; no pick starts once the command has stopped; and the
 * comparison is written whole only when every pick is in.
 */
async function runLocked(
  session: Session,
  tools: readonly [Tool, Tool],
  pair: string,
  calls: PlannedPick[],
  providers: ReadonlyMap<string, Provider>,
  options: HeadToHeadOptions,
  workDir: string,
): Promise<HeadToHeadRun> {
  const { store } = session;
  const ids = await store.comparisonRunIds(pair);
  const latest = ids[0] && !options.force ? await store.readComparison(pair, ids[0]) : undefined;
  if (latest && calls.every((c) => carried(latest, c))) return { record: latest, runFile: null, replayedFrom: null, paid: [], current: true };

  const kind = pickCalls(session, tools);
  const carriedPicks = new Map<string, PickRecord>();
  for (const call of calls) {
    const pick = carried(latest, call);
    if (pick) carriedPicks.set(kind.slot(call), pick);
  }
  const run = await runCalls(session, {
    kind,
    subject: pair,
    workDir,
    keptAsideRoot: join(store.dir, '.comparisons'),
    calls,
    carried: carriedPicks,
    recorded: new Set(ids),
    resume: () => undefined, // a comparison always starts a new run: its picks are carried, not its id
    writesIncomplete: false,
    scheduler: options.scheduler ?? new Scheduler(session.config.concurrency, session.signal),
    providers,
    priceFor: session.priceFor,
  });
  if (!run.done) return { record: undefined, runFile: null, replayedFrom: null, paid: run.paid, current: false, unfinished: run.unfinished };
  const record = { ...comparisonRecord(session, tools, pair, run.entries), runId: run.header.runId, createdAt: run.header.createdAt };
  const path = await run.commit(() => store.writeComparison(record));
  return { record, runFile: store.shown(path), replayedFrom: null, paid: run.paid, current: false };
}

/** Where each persona's picks ran in a recorded comparison: the route a replay, or a dry run with no provider, takes. */
function recordedPickRoute(latest: ComparisonRecord): (persona: Persona) => Route {
  return (persona) => {
    const pick = latest.picks.find((p) => p.persona === persona.id);
    const api = pick?.api ?? 'anthropic';
    return { provider: pick?.provider ?? api, api, model: pick?.model ?? WIRES[api].defaultModel, ...(pick?.status === 'recused' ? { recused: pick.recusal ?? 'recused' } : {}) };
  };
}

/**
 * The picks a regen would ask for a pair, for its dry run: every pick whose
 * inputs differ from the pair's latest comparison. Routes as a live run would
 * take them, or, with no provider, as the latest comparison ran.
 */
export async function plannedPicks(
  session: Session,
  tools: readonly [Tool, Tool],
  latest: ComparisonRecord,
  planner: Planner,
  route?: (tool: Tool) => (persona: Persona) => Route,
): Promise<EstimatedCall[]> {
  const personas = session.personas.filter((p) => latest.picks.some((k) => k.persona === p.id));
  const recorded = recordedPickRoute(latest);
  const live =
    route &&
    ((persona: Persona): Route => {
      const [ra, rb] = tools.map((t) => route(t)(persona));
      return ra!.recused ? ra! : rb!;
    });
  const kind = pickCalls(session, tools);
  return planPicks(tools, personas, live ?? recorded, planner)
    .filter((call) => !call.recused && !carried(latest, call))
    .map((call) => kind.estimate(call));
}

/** A pick of the previous comparison whose inputs still match, carried over at no cost (regen). */
function carried(previous: ComparisonRecord | undefined, call: PlannedPick): PickRecord | undefined {
  const found = previous?.picks.find((p) => p.persona === call.persona.id && p.order === call.order && p.fingerprint === call.fingerprint && p.status === 'ok');
  return found && { ...found, usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 };
}

function comparisonRecord(session: Session, tools: readonly [Tool, Tool], pair: string, picks: PickRecord[]): ComparisonRecord {
  const snap = (t: Tool) => {
    const { file: _file, ...rest } = t;
    return rest;
  };
  const spend = spendOf(picks);
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    kind: 'comparison',
    runId: session.newRunId(),
    createdAt: session.now().toISOString(),
    pair,
    tools: [snap(tools[0]), snap(tools[1])],
    picks,
    usage: spend.usage,
    cost: spend.cost,
  };
}

/** Replay a pair's latest comparison (no key), or answer each pick by request hash from its recordings (`--provider replay`). */
async function replayComparison(session: Session, tools: readonly [Tool, Tool], pair: string, personas: readonly Persona[], planner: Planner, strict: boolean): Promise<HeadToHeadRun> {
  const { store } = session;
  const ids = await store.comparisonRunIds(pair);
  if (ids.length === 0) {
    throw new UsageError(`No provider is configured and ${pair} has no recorded head-to-head comparison to replay. Set a provider key to run it.`);
  }
  const records = await Promise.all(ids.map((id) => store.readComparison(pair, id)));
  const latest = records[0]!;
  const calls = planPicks(tools, personas, recordedPickRoute(latest), planner);
  if (!strict) {
    const changed = calls.filter((c) => !latest.picks.some((p) => p.persona === c.persona.id && p.order === c.order && p.fingerprint === c.fingerprint));
    session.notice(
      `no API key set, so this replays the latest head-to-head comparison of ${pair}, ${latest.runId}, offline. ` +
        (changed.length ? `Today's inputs differ from it for ${[...new Set(changed.map((c) => c.persona.id))].join(', ')}; set a provider to compare them live.` : "Today's inputs match it."),
    );
    return { record: latest, runFile: null, replayedFrom: latest.runId, paid: [], current: changed.length === 0 };
  }
  // Each pick replays where its recording ran, by request hash.
  const providers = new Map(calls.map((c) => [c.provider, createReplayProviderFor(records, c.api)]));
  const picks = await askCalls(pickCalls(session, tools), calls, { providers, scheduler: new Scheduler(session.config.concurrency, session.signal), priceFor: session.priceFor });
  return { record: { ...comparisonRecord(session, tools, pair, picks), runId: latest.runId, createdAt: latest.createdAt }, runFile: null, replayedFrom: latest.runId, paid: [], current: false };
}
