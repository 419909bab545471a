import { UsageError } from '../errors.js';
import type { Tool } from '../catalog/tool-schema.js';
import { spendOf } from '../cost/spend.js';
import { HOW_TO_CONFIGURE } from '../providers/resolve.js';
import { WIRES } from '../providers/wires.js';
import type { RunRecord } from '../runs/record.js';
import { newRunRecord } from '../runs/record-factory.js';
import { describeInputChanges } from '../shapes/input-hashes.js';
import { askPanel, type ProgressSink } from './ask-panel.js';
import { inputHashes } from './inputs.js';
import type { RunResult, ToolOutcome } from './outcome.js';
import type { Planner } from './plan.js';
import { verdictRun } from './lookup.js';
import { createReplayProvider } from './replay-provider.js';
import { Scheduler } from './scheduler.js';
import type { Session } from './session.js';

/**
 * Review tools from their recordings, with no network and nothing written.
 * `strict` (`--provider replay`) answers each request by its hash from any
 * recording of the tool; otherwise (no provider configured) each persona gets
 * its answer from the latest run, with a notice that says which run and
 * whether today's inputs differ from it. Every recording is found before any
 * panel runs, so a tool with none fails fast.
 */
export async function executeReplay(
  session: Session,
  tools: readonly Tool[],
  planner: Planner,
  options: { strict: boolean; progress?: ProgressSink },
): Promise<RunResult> {
  const sources = await Promise.all(tools.map((tool) => recordingsOf(session, tool, options.strict)));
  const scheduler = new Scheduler(session.config.concurrency, session.signal);
  const outcomes = await Promise.all(
    tools.map(async (tool, i): Promise<ToolOutcome> => {
      const recorded = sources[i]!;
      const provider = createReplayProvider(recorded, options.strict ? 'strict' : 'latest');
      const wire = provider.wire;
      const modelOf = (persona: string) => recorded.flatMap((r) => r.reviews).find((r) => r.persona === persona)?.model ?? wire.defaultModel;
      const plan = planner.plan(tool, undefined, wire, { all: true, fallbackModel: modelOf });
      if (!options.strict) session.notice(fallbackNotice(tool, recorded[0]!, plan, wire.id));
      const reviews = await askPanel({ tool, calls: plan.items, provider, priceFor: session.priceFor, scheduler, ...(options.progress ? { progress: options.progress } : {}) });
      const replayedFrom = [...new Set(reviews.flatMap((r) => r.exchanges.map((e) => e.replayedFrom ?? '')).filter(Boolean))];
      // The page shows the run the answers came from: its id, time and origin.
      const source = recorded.find((r) => r.runId === replayedFrom[0]) ?? recorded[0]!;
      const record = newRunRecord({ tool, provider: wire.id, config: session.config, reviews, runId: source.runId, createdAt: source.createdAt, origin: source.origin, command: 'review' });
      return { plan, record, runFile: null, replayedFrom, paid: [], failed: reviews.some((r) => r.status === 'failed') };
    }),
  );
  return { outcomes, stoppedBecause: scheduler.stoppedBecause, spend: spendOf([]) };
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

function fallbackNotice(tool: Tool, record: RunRecord, plan: ReturnType<Planner['plan']>, wire: keyof typeof WIRES): string {
  const origin = record.origin.kind === 'transcribed' ? ', transcribed from the published panel' : '';
  const head =
    `no API key set (ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL), so this replays the latest ` +
    `recorded run of ${tool.slug}, ${record.runId}${origin}, offline.`;
  const changes: string[] = [];
  for (const { persona, params } of plan.items) {
    const recorded = record.reviews.find((r) => r.persona === persona.id);
    if (!recorded) {
      changes.push(`${persona.id}: not in the recording`);
      continue;
    }
    const diff = describeInputChanges(inputHashes(tool, persona, wire, params), recorded.inputs);
    if (diff.length) changes.push(`${persona.id}: ${diff.join(', ')}`);
  }
  return changes.length
    ? `${head} Today's inputs differ from the recording (${changes.join('; ')}); set a provider to review them live.`
    : `${head} Today's inputs (tool, persona prompts) match the recording.`;
}
