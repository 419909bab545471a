import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tool } from '../catalog/tool-schema.js';
import { spendOf } from '../cost/spend.js';
import { UsageError, WorkError } from '../errors.js';
import type { Persona } from '../personas/persona.js';
import type { Provider } from '../providers/provider.js';
import { buildPickPrompt, pickSchema, pickSchemaHash, REPAIR_PICK, PICK_REQUEST } from '../review/pick.js';
import { personaLens, SHARED_RULES, toolPromptFields } from '../review/prompt.js';
import { COMPARISON_SCHEMA_VERSION, pairKey, pickRecordSchema, type ComparisonRecord, type PickInputs, type PickRecord } from '../runs/comparison-record.js';
import { ToolLock } from '../runs/tool-lock.js';
import { NO_USAGE } from '../shapes/usage.js';
import { converse } from './converse.js';
import { hashOf } from '../util/hash.js';
import { createReplayProviderFor } from './comparison-replay.js';
import { verdictRun } from './lookup.js';
import { panelOf, providerKey, type Route } from './plan.js';
import type { Planner } from './plan.js';
import { runMode } from './providers-for-run.js';
import { liveRoutes } from './routes.js';
import { Scheduler } from './scheduler.js';
import { loadTools, type Session } from './session.js';

export interface HeadToHeadOptions {
  /** Narrow the panel to these persona ids (default: every persona on either tool's panel). */
  personas?: readonly string[];
  planner: Planner;
  /** Carried into a new run unchanged when their inputs still match (regen). */
  carry?: ComparisonRecord;
}

export interface HeadToHeadRun {
  record: ComparisonRecord;
  /** The comparison written, as a path to show; null when replayed. */
  runFile: string | null;
  replayedFrom: string | null;
  paid: PickRecord[];
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

/** Every input of one pick, hashed one by one. */
function pickInputs(first: Tool, second: Tool, persona: Persona, route: Route, params: object): PickInputs {
  const { model: _model, ...rest } = params as { model: string };
  return {
    first: hashOf(toolPromptFields(first)),
    second: hashOf(toolPromptFields(second)),
    rules: hashOf(SHARED_RULES),
    persona: hashOf([personaLens(persona), PICK_REQUEST]),
    provider: hashOf(providerKey(route)),
    model: hashOf(route.model),
    params: hashOf(rest),
    schema: pickSchemaHash(),
  };
}

interface PickJob {
  persona: Persona;
  order: 'AB' | 'BA';
  route: Route;
  params: ReturnType<Planner['paramsFor']>;
  inputs: PickInputs;
  fingerprint: string;
}

function jobsFor(session: Session, tools: readonly [Tool, Tool], personas: readonly Persona[], route: (p: Persona) => Route, planner: Planner): PickJob[] {
  return personas.flatMap((persona) => {
    const r = route(persona);
    return (['AB', 'BA'] as const).map((order) => {
      const [first, second] = order === 'AB' ? tools : [tools[1], tools[0]];
      const params = r.recused ? { model: r.model, maxTokens: 0 } : planner.paramsFor(first, persona, r);
      const inputs = pickInputs(first, second, persona, r, params);
      return { persona, order, route: r, params, inputs, fingerprint: hashOf(inputs) };
    });
  });
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
  const lock = await ToolLock.acquire(workDir, pair, 'compare', { onWait: () => session.notice(`waiting for ${pair}: another panel process is running this comparison.`) });
  if (!lock) throw new WorkError(`interrupted while waiting for ${pair}.`);
  try {
    const jobs = jobsFor(session, tools, personas, route, options.planner);
    const checkpointPath = join(workDir, pair, 'picks.jsonl');
    const kept = await readPicks(checkpointPath);
    const reuse = (job: PickJob) =>
      kept.find((p) => p.persona === job.persona.id && p.order === job.order && p.fingerprint === job.fingerprint) ??
      carried(options.carry, job);
    if (kept.length) session.notice(`resuming ${pair}: ${jobs.filter((j) => kept.some((p) => p.fingerprint === j.fingerprint)).length} picks already done (kept from its checkpoint).`);
    // regen: a comparison whose every input is unchanged stays as it is.
    if (options.carry && jobs.every((j) => carried(options.carry, j))) return { record: options.carry, runFile: null, replayedFrom: null, paid: [] };
    const scheduler = new Scheduler(session.config.concurrency, session.signal);
    await mkdir(join(workDir, pair), { recursive: true });
    const handle = await open(checkpointPath, 'a');
    let paid: PickRecord[];
    try {
      paid = [];
      const picks = await Promise.all(
        jobs.map(async (job) => {
          const done = reuse(job);
          if (done) return done;
          if (job.route.recused) return recusedPick(job);
          const provider = providers.get(job.route.provider)!;
          const lane = scheduler.lane(job.route.provider);
          const pick = await lane.limit(() => askPick(session, tools, job, provider, lane.throttle, scheduler.signal));
          await handle.appendFile(`${JSON.stringify(pick)}\n`);
          await handle.sync();
          paid.push(pick);
          return pick;
        }),
      );
      const record = comparisonRecord(session, tools, pair, picks);
      const path = await store.writeComparison(record);
      await handle.close();
      await unlink(checkpointPath).catch(() => {});
      return { record, runFile: store.shown(path), replayedFrom: null, paid };
    } finally {
      await handle.close().catch(() => {});
    }
  } finally {
    await lock.release();
  }
}

/** A pick of the previous comparison whose inputs still match, carried over at no cost (regen). */
function carried(previous: ComparisonRecord | undefined, job: PickJob): PickRecord | undefined {
  const found = previous?.picks.find((p) => p.persona === job.persona.id && p.order === job.order && p.fingerprint === job.fingerprint && p.status === 'ok');
  return found && { ...found, usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 };
}

function recusedPick(job: PickJob): PickRecord {
  return { ...subject(job), status: 'recused', recusal: job.route.recused!, exchanges: [], usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 };
}

function subject(job: PickJob) {
  return { persona: job.persona.id, personaName: job.persona.name, order: job.order, model: job.route.model, provider: job.route.provider, api: job.route.api, inputs: job.inputs, fingerprint: job.fingerprint };
}

/** Ask one pick (see `converse`): a failed pick is a result, never a throw. */
async function askPick(session: Session, tools: readonly [Tool, Tool], job: PickJob, provider: Provider, throttle: ReturnType<Scheduler['lane']>['throttle'], signal: AbortSignal): Promise<PickRecord> {
  const [first, second] = job.order === 'AB' ? tools : [tools[1], tools[0]];
  // The call's inputs in a review's shape, for a replay miss to name what changed.
  const { first: a, second: b, ...rest } = job.inputs;
  const inputs = { ...rest, tool: hashOf([a, b]) };
  const call = { persona: job.persona.id, prompt: buildPickPrompt(first, second, job.persona), params: job.params, inputs, signal, throttle };
  const { result, ...calls } = await converse(provider, call, pickSchema, session.priceFor(job.route.model), REPAIR_PICK);
  const outcome = 'answer' in result ? { status: 'ok' as const, pick: result.answer, slug: result.answer.choice === 'A' ? first.slug : second.slug } : { status: 'failed' as const, error: result.error };
  return { ...subject(job), ...outcome, ...calls };
}

async function readPicks(path: string): Promise<PickRecord[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').flatMap((line) => {
    try {
      const parsed = pickRecordSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
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
  const route = (persona: Persona): Route => {
    const pick = latest.picks.find((p) => p.persona === persona.id);
    return { provider: pick?.provider ?? 'anthropic', api: pick?.api ?? 'anthropic', model: pick?.model ?? 'claude-haiku-5-5', ...(pick?.status === 'recused' ? { recused: pick.recusal ?? 'recused' } : {}) };
  };
  const jobs = jobsFor(session, tools, personas, route, planner);
  if (!strict) {
    const changed = jobs.filter((j) => !latest.picks.some((p) => p.persona === j.persona.id && p.order === j.order && p.fingerprint === j.fingerprint));
    session.notice(
      `no API key set, so this replays the latest head-to-head comparison of ${pair}, ${latest.runId}, offline. ` +
        (changed.length ? `Today's inputs differ from it for ${[...new Set(changed.map((j) => j.persona.id))].join(', ')}; set a provider to compare them live.` : "Today's inputs match it."),
    );
    return { record: latest, runFile: null, replayedFrom: latest.runId, paid: [] };
  }
  const scheduler = new Scheduler(session.config.concurrency, session.signal);
  const providers = new Map<string, Provider>();
  const picks = await Promise.all(
    jobs.map(async (job) => {
      if (job.route.recused) return recusedPick(job);
      let provider = providers.get(job.route.api);
      if (!provider) providers.set(job.route.api, (provider = createReplayProviderFor(records, job.route.api)));
      const lane = scheduler.lane(job.route.provider);
      return askPick(session, tools, job, provider, lane.throttle, scheduler.signal);
    }),
  );
  return { record: { ...comparisonRecord(session, tools, pair, picks), runId: latest.runId, createdAt: latest.createdAt }, runFile: null, replayedFrom: latest.runId, paid: [] };
}
