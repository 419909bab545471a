import pLimit from 'p-limit';
import { buildPanel, buildToolPage } from '../../aggregate/card.js';
import type { ToolPanel } from '../../aggregate/page-model.js';
import type { Tool } from '../../catalog/tool-schema.js';
import { UsageError } from '../../errors.js';
import { inputHashes } from '../../run/inputs.js';
import { describeInputChanges } from '../../shapes/input-hashes.js';
import { runPanel, Scheduler, type ProgressSink } from '../../run/execute-live.js';
import { runToolPanel } from '../../run/tool-run.js';
import { planRegen } from '../../run/plan.js';
import { budgetFrom } from '../budget-flag.js';
import { priceOf } from '../../cost/prices.js';
import { describeSpend, spendOf } from '../../cost/spend.js';
import type { Persona } from '../../personas/persona.js';
import type { Provider } from '../../providers/provider.js';
import { createReplayProvider } from '../../run/replay-provider.js';
import { WIRES } from '../../providers/wires.js';
import { HOW_TO_CONFIGURE, planProvider, type ProviderPlan } from '../../providers/resolve.js';
import type { ReviewRecord, RunRecord } from '../../runs/record.js';
import { newRunRecord } from '../../runs/record-factory.js';
import { renderPage, safeJson } from '../../render/page.js';
import { renderPanelText } from '../../render/text.js';
import type { ParsedArgs } from '../args.js';
import { callParams, createContext, loadTools, panelOf, type Context } from '../context.js';
import type { Io } from '../io.js';
import { emit, pageOutput } from '../output.js';
import { createProgress } from '../progress.js';

/** What `panel review` reports per tool. */
interface Outcome {
  panel: ToolPanel;
  /** The run record written, or null when the panel was replayed (replay writes nothing). */
  runFile: string | null;
  replayedFrom: string[];
  failed: boolean;
  /** Interrupted: the checkpoint kept for --resume. */
  unfinished?: { checkpoint: string; kept: number; of: number };
  /** The reviews this command paid for (live runs only). */
  paid: ReviewRecord[];
}

export async function reviewCommand(args: ParsedArgs, io: Io): Promise<number> {
  const output = pageOutput(args, 'text', true);
  if (args.positionals.length === 0) {
    throw new UsageError('Name at least one tool: `panel review <tool...>`. `panel tools` lists the catalog.');
  }
  if (output.format === 'html' && args.positionals.length > 1) {
    throw new UsageError('--format html renders one tool per page; review one tool, or use `panel show <tool>` for each.');
  }
  const ctx = await createContext(args, io);
  const tools = await loadTools(ctx, args.positionals);
  const notice = (message: string) => io.stderr.write(`panel: ${message}\n`);
  const plan = await planProvider(ctx.config, { ...(io.fetch ? { fetch: io.fetch } : {}), onNotice: notice });
  ctx.live = plan.kind === 'live';
  if (args.values['batch']) return reviewByBatch(ctx, tools, plan);
  const scheduler = new Scheduler(ctx.config.concurrency, io.signal, budgetFrom(args));
  const progress = createProgress(io.stderr);

  let outcomes: Outcome[];
  try {
    // Replay sources are resolved before any call, so a missing recording fails fast.
    const providers = await Promise.all(tools.map((tool) => providerFor(ctx, plan, tool, notice)));
    const resume = Boolean(args.values['resume']);
    // Enough tools open at once to keep every call slot busy, and no more (each holds a checkpoint file).
    const toolSlots = pLimit(Math.max(4, ctx.config.concurrency));
    outcomes = await Promise.all(tools.map((tool, i) => toolSlots(() => reviewTool(ctx, tool, providers[i]!, scheduler, progress, resume, notice))));
  } finally {
    progress.close();
  }

  const paid = outcomes.flatMap((o) => o.paid);
  if (paid.length > 0) notice(`spent: ${describeSpend(spendOf(paid))}`);
  const finished = outcomes.filter((o) => !o.unfinished);
  const unfinished = outcomes.filter((o) => o.unfinished);
  if (finished.length > 0) await emit(io, renderOutcomes(finished, output), output.out);
  if (unfinished.length > 0) {
    for (const o of unfinished) {
      notice(`interrupted: kept ${o.unfinished!.kept} of ${o.unfinished!.of} reviews of ${o.panel.tool.slug} in ${o.unfinished!.checkpoint}.`);
    }
    notice(`resume with: panel review ${unfinished.map((o) => o.panel.tool.slug).join(' ')} --resume`);
  }
  if (scheduler.stoppedBecause && scheduler.stoppedBecause !== 'interrupted') notice(`stopped: ${scheduler.stoppedBecause}`);
  return outcomes.some((o) => o.failed) || scheduler.stoppedBecause ? 1 : 0;
}

function renderOutcomes(outcomes: Outcome[], output: ReturnType<typeof pageOutput>): string {
  switch (output.format) {
    case 'json': {
      // The page model of each tool, plus where its run went: a script can follow runFile.
      const data = outcomes.map((o) => ({ ...buildToolPage(o.panel), runFile: o.runFile, replayedFrom: o.replayedFrom }));
      return `${safeJson(data.length === 1 ? data[0] : data)}\n`;
    }
    case 'text':
      return outcomes.map((o) => renderPanelText(o.panel) + footer(o)).join('\n');
    default:
      return outcomes.map((o) => renderPage(buildToolPage(o.panel), output.format, output)).join('\n---\n\n');
  }
}

function footer(o: Outcome): string {
  if (o.runFile) return `\nRun recorded: ${o.runFile}\n`;
  return `\nReplayed from ${o.replayedFrom.join(', ')} (no calls made, nothing written)\n`;
}

interface ToolProvider {
  provider: Provider;
  /** Newest first; only for replay. */
  recorded: RunRecord[];
}

async function providerFor(ctx: Context, plan: ProviderPlan, tool: Tool, notice: (m: string) => void): Promise<ToolProvider> {
  if (plan.kind === 'live') return { provider: plan.provider, recorded: [] };
  const recorded = plan.strict ? await ctx.store.all(tool.slug) : [await ctx.store.latest(tool.slug)].filter((r) => r !== undefined);
  const newest = recorded[0];
  if (!newest) {
    throw new UsageError(
      plan.strict
        ? `--provider replay: ${tool.slug} has no recorded run under ${ctx.store.shown(ctx.store.dir)}/${tool.slug}/. Run it live once to record it.`
        : `No provider is configured and ${tool.slug} has no recorded run to replay. ${HOW_TO_CONFIGURE}`,
    );
  }
  if (!plan.strict) notice(fallbackNotice(ctx, tool, newest));
  return { provider: createReplayProvider(recorded, plan.strict ? 'strict' : 'latest'), recorded };
}

function fallbackNotice(ctx: Context, tool: Tool, record: RunRecord): string {
  const origin = record.origin.kind === 'transcribed' ? ', transcribed from the published panel' : '';
  const head =
    `no API key set (ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL), so this replays the latest ` +
    `recorded run of ${tool.slug}, ${record.runId}${origin}, offline.`;
  const changes: string[] = [];
  for (const persona of panelOf(tool, ctx.personas)) {
    const recorded = record.reviews.find((r) => r.persona === persona.id);
    if (!recorded) {
      changes.push(`${persona.id}: not in the recording`);
      continue;
    }
    const params = callParams(ctx, persona, WIRES[record.provider], recorded.model, tool);
    const diff = describeInputChanges(inputHashes(tool, persona, record.provider, params), recorded.inputs);
    if (diff.length) changes.push(`${persona.id}: ${diff.join(', ')}`);
  }
  return changes.length
    ? `${head} Today's inputs differ from the recording (${changes.join('; ')}); set a provider to review them live.`
    : `${head} Today's inputs (tool, persona prompts) match the recording.`;
}

async function reviewTool(
  ctx: Context,
  tool: Tool,
  source: ToolProvider,
  scheduler: Scheduler,
  progress: ProgressSink,
  resume: boolean,
  notice: (message: string) => void,
): Promise<Outcome> {
  const { provider, recorded } = source;
  const wire = provider.wire;
  const recordedModel = (persona: Persona) =>
    recorded.flatMap((r) => r.reviews).find((r) => r.persona === persona.id)?.model ?? wire.defaultModel;
  const personas = panelOf(tool, ctx.personas);
  const paramsOf = (persona: Persona) => callParams(ctx, persona, wire, recordedModel(persona), tool);
  const now = ctx.io.now?.() ?? new Date();

  if (provider.name === 'replay') {
    // Replay answers from records already on disk: nothing to checkpoint, nothing to write.
    const reviews = await runPanel({ tool, personas, provider, paramsFor: paramsOf, scheduler, progress });
    const replayedFrom = [...new Set(reviews.flatMap((r) => r.exchanges.map((e) => e.replayedFrom ?? '')).filter(Boolean))];
    const source = recorded.find((r) => r.runId === replayedFrom[0]);
    const record = newRunRecord({ tool, provider: wire.id, config: ctx.config, reviews, now, command: 'review' });
    const panel = buildPanel({ ...record, ...(source ? { origin: source.origin, runId: source.runId, createdAt: source.createdAt } : {}) });
    return { panel, runFile: null, replayedFrom, failed: reviews.some((r) => r.status === 'failed'), paid: [] };
  }

  const result = await runToolPanel({
    tool,
    slots: personas.map((persona) => ({ persona, params: paramsOf(persona) })),
    provider,
    scheduler,
    progress,
    store: ctx.store,
    config: ctx.config,
    now,
    resume,
    notice,
    command: 'review',
    priceFor: (model) => priceOf(ctx.prices, model),
  });
  const record = result.record ?? newRunRecord({ tool, provider: wire.id, config: ctx.config, reviews: result.reviews, now, command: 'review' });
  return {
    panel: buildPanel(record),
    runFile: result.path ?? null,
    replayedFrom: [],
    failed: result.reviews.some((r) => r.status === 'failed'),
    ...(result.unfinished ? { unfinished: result.unfinished } : {}),
    paid: result.fresh,
  };
}

/** `review --batch`: every persona of each tool's panel, submitted as a provider batch (see `panel batch`). */
async function reviewByBatch(ctx: Context, tools: Tool[], plan: ProviderPlan): Promise<number> {
  if (plan.kind !== 'live') throw new UsageError(`Batch mode submits to a provider's batch API and none is configured. ${HOW_TO_CONFIGURE}`);
  const wire = plan.provider.wire;
  const plans = tools.map((tool) =>
    planRegen({
      tool,
      personas: panelOf(tool, ctx.personas),
      latest: undefined,
      wire: wire.id,
      paramsFor: (persona) => callParams(ctx, persona, wire, wire.defaultModel, tool),
      force: true,
    }),
  );
  const { submitPlans } = await import('./batch.js');
  return submitPlans(ctx, plans, 'review', wire.id);
}
