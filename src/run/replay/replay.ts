import { UsageError } from '../../errors.js';
import type { Tool } from '../../shapes/tool.js';
import { spendOf } from '../../cost/spend.js';
import { HOW_TO_CONFIGURE } from '../../providers/resolve.js';
import { WIRES } from '../../providers/wire-registry.js';
import type { RunRecord } from '../../shapes/run-record.js';
import { newRunRecord } from '../../records/record-factory.js';
import { describeInputChanges } from '../../shapes/input-hashes.js';
import { askPanel, type ProgressSink } from '../kinds/ask-panel.js';
import type { RunResult, ToolOutcome } from '../outcome.js';
import type { PlannedCall, Planner, Route } from '../plan/plan.js';
import type { Persona } from '../../personas/persona.js';
import type { ReviewRecord } from '../../shapes/run-record.js';
import { verdictRun } from '../verdict-lookup.js';
import { assignPersona } from '../plan/assign.js';
import { createReplayProvider } from './replay-provider.js';
import { Scheduler } from '../ask/scheduler.js';
import type { Session } from '../session.js';
import type { CheckOutcome } from '../live/check-claims.js';
import { replayChecks } from './check-replay.js';

/**
 * Review tools from their recordings, with no network and nothing written.
 * `strict` (`--provider replay`) answers each request by its hash from any
 * recording of the tool; otherwise (no provider configured) each persona gets
 * its answer from the latest run, with a notice that says which run and
 * whether today's inputs differ from it. Every recording is found before any
 * panel runs, so a tool with none fails fast.
 */
export async function executeReplay(session: Session, tools: readonly Tool[], planner: Planner, options: { strict: boolean; progress?: ProgressSink }): Promise<RunResult> {
  const sources = await Promise.all(tools.map((tool) => recordingsOf(session, tool, options.strict)));
  const scheduler = new Scheduler(session.config.concurrency, session.signal);
  const checks: CheckOutcome[] = [];
  const outcomes = await Promise.all(
    tools.map(async (tool, i): Promise<ToolOutcome> => {
      const recorded = sources[i]!;
      // Each persona replays where its recording ran: a jury's reviews may come from several providers.
      const route = (persona: Persona): Route => {
        const review = recorded.flatMap((r) => r.reviews).find((r) => r.persona === persona.id);
        const api = review?.api ?? recorded[0]!.provider;
        const provider = review?.provider ?? api;
        // --model, the persona's or the config's model still apply, so a strict replay says when the model changed.
        const chosen = assignPersona(session, persona, provider);
        const model = (chosen.provider === provider ? chosen.model : undefined) ?? review?.model ?? WIRES[api].defaultModel;
        return { provider, api, model, ...(review?.status === 'recused' ? { recused: review.recusal ?? 'recused' } : {}) };
      };
      const samples = recorded[0]!.samples ?? 1;
      const plan = planner.plan(tool, undefined, { all: true, route, samples });
      const providers = new Map(plan.items.map((item) => [item.provider, createReplayProvider(recorded, options.strict ? 'strict' : 'latest', item.api)]));
      if (!options.strict) session.notice(fallbackNotice(tool, recorded[0]!, plan));
      const asked = await askPanel({
        tool,
        calls: plan.items.filter((c) => !c.recused),
        providers,
        priceFor: session.priceFor,
        scheduler,
        ...(options.progress ? { progress: options.progress } : {}),
      });
      const reviews = plan.items.map((item) => asked.find((r) => r.persona === item.persona.id && (r.sample ?? 1) === item.sample) ?? recordedRecusal(recorded, item));
      const replayedFrom = [...new Set(reviews.flatMap((r) => r.exchanges.map((e) => e.replayedFrom ?? '')).filter(Boolean))];
      // The page shows the run the answers came from: its id, time and origin.
      const source = recorded.find((r) => r.runId === replayedFrom[0]) ?? recorded[0]!;
      const record = newRunRecord({
        tool,
        provider: source.provider,
        config: session.config,
        reviews,
        runId: source.runId,
        createdAt: source.createdAt,
        origin: source.origin,
        command: 'review',
        samples,
      });
      // Its quotes' claim checks: replayed by request hash (strict, grounding: on), else as stored.
      const check = await replayChecks(session, tool, record, { strict: options.strict, planner, scheduler });
      if (check.missed) session.notice(`${tool.slug}: ${check.missed}`);
      checks.push(check);
      return { plan, record, runFile: null, replayedFrom, paid: [], failed: reviews.some((r) => r.status === 'failed') || check.missed !== undefined };
    }),
  );
  return { outcomes, stoppedBecause: scheduler.stoppedBecause, spend: spendOf([]), checks };
}

/** Newest first: every record of the tool (strict), or its latest. */
async function recordingsOf(session: Session, tool: Tool, strict: boolean): Promise<RunRecord[]> {
  const { store } = session;
  // The no-key fallback replays the tool's verdict: its newest complete run.
  const recorded = strict ? await store.all(tool.slug) : [(await verdictRun(session, tool.slug))?.record].filter((r) => r !== undefined);
  if (recorded.length > 0) return recorded;
  throw new UsageError(
    strict
      ? `--provider replay: ${tool.slug} has no recorded run under ${store.shown(store.dir)}/${tool.slug}/. Run it live once to record it.`
      : `No provider is configured and ${tool.slug} has no recorded run to replay. ${HOW_TO_CONFIGURE}`,
  );
}

/** A recused persona's record, as the recording has it (replay asks nothing of it). */
function recordedRecusal(recorded: readonly RunRecord[], item: PlannedCall): ReviewRecord {
  return recorded.flatMap((r) => r.reviews).find((r) => r.persona === item.persona.id && r.status === 'recused')!;
}

function fallbackNotice(tool: Tool, record: RunRecord, plan: ReturnType<Planner['plan']>): string {
  const origin = record.origin.kind === 'transcribed' ? ', transcribed from the published panel' : '';
  const head = `no API key set (ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL), so this replays the latest ` + `recorded run of ${tool.slug}, ${record.runId}${origin}, offline.`;
  const changes: string[] = [];
  for (const item of plan.items.filter((i) => i.sample === 1 && !i.recused)) {
    const { persona } = item;
    const recorded = record.reviews.find((r) => r.persona === persona.id);
    if (!recorded) {
      changes.push(`${persona.id}: not in the recording`);
      continue;
    }
    const diff = describeInputChanges(item.inputs, recorded.inputs);
    if (diff.length) changes.push(`${persona.id}: ${diff.join(', ')}`);
  }
  return changes.length
    ? `${head} Today's inputs differ from the recording (${changes.join('; ')}); set a provider to review them live.`
    : `${head} Today's inputs (tool, persona prompts) match the recording.`;
}
