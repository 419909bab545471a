import pLimit from 'p-limit';
import { listSlugs } from '../../catalog/catalog.js';
import { UsageError } from '../../errors.js';
import { planRegen, verdictFlips, type RegenPlan } from '../../run/plan.js';
import { Scheduler } from '../../run/execute-live.js';
import { runToolPanel } from '../../run/tool-run.js';
import { budgetFrom } from '../budget-flag.js';
import { priceOf } from '../../cost/prices.js';
import { describeSpend, formatUsd, spendOf } from '../../cost/spend.js';
import { estimateCalls, type Estimate, type PlannedCall } from '../../cost/estimate.js';
import { buildPrompt } from '../../review/prompt.js';
import type { WireFormat } from '../../providers/wire.js';
import { WIRES } from '../../providers/wires.js';
import { HOW_TO_CONFIGURE, planProvider } from '../../providers/resolve.js';
import type { Provider } from '../../providers/provider.js';
import { reuseReview } from '../../runs/record-factory.js';
import type { ReviewRecord, RunRecord } from '../../runs/record.js';
import { safeJson } from '../../render/page.js';
import { outputFormat, type ParsedArgs } from '../args.js';
import { callParams, createContext, loadTools, panelOf, type Context } from '../context.js';
import type { Io } from '../io.js';
import { createProgress } from '../progress.js';
import { formatTable } from '../table.js';

interface RegenRow {
  tool: string;
  changed: string;
  calls: number;
  flips: string[];
  before: string;
  after: string;
  runFile: string | null;
  failed: boolean;
  unfinished?: { checkpoint: string; kept: number; of: number };
  /** The reviews this regen paid for. */
  paid: ReviewRecord[];
}

/**
 * `panel regen [tool...]`: re-review only the (tool, persona) pairs whose
 * inputs changed since the tool's latest run, that are new, or that failed
 * last time; carry the rest into the new run as `reusedFrom`. A tool with
 * nothing to do gets no new run.
 */
export async function regenCommand(args: ParsedArgs, io: Io): Promise<number> {
  const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
  const dryRun = Boolean(args.values['dry-run']);
  const force = Boolean(args.values['force']);
  const ctx = await createContext(args, io);
  const slugs = args.positionals.length > 0 ? args.positionals : await listSlugs(ctx.config.catalog);
  const tools = await loadTools(ctx, slugs);

  const plan = await planProvider(ctx.config, { ...(io.fetch ? { fetch: io.fetch } : {}), onNotice: (m) => io.stderr.write(`panel: ${m}\n`) });
  ctx.live = plan.kind === 'live';
  if (plan.kind === 'replay' && !dryRun) {
    throw new UsageError(
      plan.strict
        ? 'regen makes new reviews, which replay cannot; name a live provider, or use --dry-run to see what would change.'
        : `regen calls a model and none is configured. ${HOW_TO_CONFIGURE} (--dry-run works without one.)`,
    );
  }
  const live = plan.kind === 'live' ? plan.provider : undefined;

  // Bounded file I/O: a catalog of thousands must not open thousands of files at once.
  const io32 = pLimit(32);
  const plans = await Promise.all(
    tools.map((tool) => io32(async () => {
      const latest = await ctx.store.latestSummary(tool.slug);
      // Without a provider (dry run only), compare against the recording's own provider and model.
      const wire = live?.wire ?? WIRES[latest?.provider ?? 'anthropic'];
      return planRegen({
        tool,
        personas: panelOf(tool, ctx.personas),
        latest,
        wire: wire.id,
        paramsFor: (persona) => {
          const recordedModel = live ? undefined : latest?.reviews.find((r) => r.persona === persona.id)?.model;
          return callParams(ctx, persona, wire, recordedModel ?? wire.defaultModel, tool);
        },
        force,
      });
    })),
  );
  const pending = plans.filter((p) => p.items.some((i) => i.reasons.length > 0));
  const calls = pending.reduce((n, p) => n + p.items.filter((i) => i.reasons.length > 0).length, 0);

  if (args.values['batch'] && !dryRun) {
    const { submitPlans } = await import('./batch.js');
    return submitPlans(ctx, plans, 'regen', live!.wire.id);
  }

  if (dryRun) {
    const estimate = estimatePlans(ctx, plans, live?.wire);
    io.stdout.write(format === 'json' ? safeJson({ ...dryRunJson(plans, calls), estimate }) + '\n' : dryRunText(plans, pending.length, calls, live === undefined) + estimateText(estimate));
    return 0;
  }

  const scheduler = new Scheduler(ctx.config.concurrency, io.signal, budgetFrom(args));
  const progress = createProgress(io.stderr);
  let rows: RegenRow[];
  try {
    // Enough tools open at once to keep every call slot busy, and no more (each holds a checkpoint file).
    const toolSlots = pLimit(Math.max(4, ctx.config.concurrency));
    const resume = Boolean(args.values['resume']);
    rows = await Promise.all(pending.map((p) => toolSlots(() => regenTool(ctx, p, live!, scheduler, progress, resume))));
  } finally {
    progress.close();
  }
  const spend = spendOf(rows.flatMap((r) => r.paid));
  if (format === 'json') {
    io.stdout.write(`${safeJson({ calls, spend, tools: rows.map(({ paid: _paid, ...row }) => row) })}\n`);
  } else if (rows.length === 0) {
    io.stdout.write(`Nothing to re-review: all ${plans.length} tool${plans.length === 1 ? ' is' : 's are'} current. No calls made.\n`);
  } else {
    io.stdout.write(
      formatTable(
        ['tool', 'what changed', 'verdict flips', 'panel ship'],
        rows.map((r) => [r.tool, r.changed, r.flips.join('; ') || '—', `${r.before} → ${r.after}`]),
      ) +
        `\n${calls} call${calls === 1 ? '' : 's'} for ${rows.length} tool${rows.length === 1 ? '' : 's'}; ${plans.length - rows.length} current.\n` +
        `Spent: ${describeSpend(spend)}.\n`,
    );
  }
  if (scheduler.stoppedBecause && scheduler.stoppedBecause !== 'interrupted') io.stderr.write(`panel: stopped: ${scheduler.stoppedBecause}\n`);
  const unfinished = rows.filter((r) => r.unfinished);
  if (unfinished.length > 0) {
    io.stderr.write(`panel: interrupted: ${unfinished.length} tool${unfinished.length === 1 ? '' : 's'} unfinished, completed reviews kept under ${ctx.store.shown(ctx.store.dir)}/.work/.\n`);
    io.stderr.write(`panel: resume with: panel regen${args.positionals.length ? ` ${args.positionals.join(' ')}` : ''} --resume\n`);
  }
  return rows.some((r) => r.failed) || scheduler.stoppedBecause ? 1 : 0;
}

async function regenTool(
  ctx: Context,
  plan: RegenPlan,
  provider: Provider,
  scheduler: Scheduler,
  progress: ReturnType<typeof createProgress>,
  resume: boolean,
): Promise<RegenRow> {
  // The latest run is read again only now, for the reviews carried over (plans keep no records).
  const latest = plan.latest && (await ctx.store.read(ctx.store.pathOf(plan.tool.slug, plan.latest.runId)));
  const carried = (persona: string) => latest!.reviews.find((r) => r.persona === persona)!;
  const result = await runToolPanel({
    tool: plan.tool,
    slots: plan.items.map((item) => ({
      persona: item.persona,
      params: item.params,
      ...(item.reasons.length === 0 ? { carried: reuseReview(carried(item.persona.id), latest!.runId) } : {}),
    })),
    provider,
    scheduler,
    progress,
    store: ctx.store,
    config: ctx.config,
    now: ctx.io.now?.() ?? new Date(),
    resume,
    command: 'regen',
    priceFor: (model) => priceOf(ctx.prices, model),
    notice: (m) => ctx.io.stderr.write(`panel: ${m}\n`),
  });
  const made = result.reviews.filter((r) => !r.reusedFrom);
  return {
    tool: plan.tool.slug,
    changed: summarize(plan),
    calls: result.fresh.length,
    flips: verdictFlips(plan.items.map((i) => i.previous), made),
    before: scoreText(plan.latest),
    after: result.record ? scoreText(result.record) : 'unfinished',
    runFile: result.path ?? null,
    failed: made.some((r) => r.status === 'failed'),
    ...(result.unfinished ? { unfinished: result.unfinished } : {}),
    paid: result.fresh,
  };
}

function scoreText(record: Pick<RunRecord, 'score'> | undefined): string {
  return record ? (record.score.percent === null ? '—' : `${record.score.percent}%`) : 'new';
}

/** "description changed (4); failed last time: futurist" — reasons with the personas they touch. */
function summarize(plan: RegenPlan): string {
  const byReason = new Map<string, string[]>();
  for (const item of plan.items) for (const reason of item.reasons) byReason.set(reason, [...(byReason.get(reason) ?? []), item.persona.id]);
  const all = plan.items.length;
  return [...byReason]
    .map(([reason, personas]) => (personas.length === all ? reason : `${reason}: ${personas.join(', ')}`))
    .join('; ');
}

function dryRunText(plans: RegenPlan[], tools: number, calls: number, asRecorded: boolean): string {
  const rows = plans.flatMap((p) => p.items.filter((i) => i.reasons.length > 0).map((i) => [p.tool.slug, i.persona.id, i.reasons.join('; ')]));
  const note = asRecorded ? ' (no provider configured: compared with each recording\'s own provider and model)' : '';
  const head = rows.length ? `${formatTable(['tool', 'persona', 'why'], rows)}\n` : '';
  return `${head}Would make ${calls} call${calls === 1 ? '' : 's'} for ${tools} tool${tools === 1 ? '' : 's'}; ${plans.length - tools} current${note}. Nothing was called or written.\n`;
}

function dryRunJson(plans: RegenPlan[], calls: number) {
  return {
    calls,
    tools: plans
      .filter((p) => p.items.some((i) => i.reasons.length))
      .map((p) => ({ tool: p.tool.slug, personas: p.items.filter((i) => i.reasons.length).map((i) => ({ persona: i.persona.id, reasons: i.reasons })) })),
  };
}

/** The planned calls' tokens and cost, from the requests they would send. */
function estimatePlans(ctx: Context, plans: RegenPlan[], liveWire: WireFormat | undefined): Estimate {
  const calls: PlannedCall[] = plans.flatMap((plan) =>
    plan.items
      .filter((item) => item.reasons.length > 0)
      .map((item) => {
        const wire = liveWire ?? WIRES[plan.latest?.provider ?? 'anthropic'];
        const requestChars = JSON.stringify(wire.buildRequest(buildPrompt(plan.tool, item.persona), item.params)).length;
        const used = item.previous?.usage;
        const inputTokens = used ? used.inputTokens + used.cacheWriteTokens + used.cacheReadTokens : 0;
        return {
          model: item.params.model,
          requestChars,
          maxTokens: item.params.maxTokens,
          ...(used && inputTokens > 0 ? { previous: { inputTokens, outputTokens: used.outputTokens } } : {}),
        };
      }),
  );
  return estimateCalls(calls, (model) => priceOf(ctx.prices, model));
}

function estimateText(e: Estimate): string {
  if (e.calls === 0) return '';
  const n = (x: number) => x.toLocaleString('en-US');
  const cost = e.cost === null ? 'cost unknown (a model has no price in prices.yaml)' : `about ${formatUsd(e.cost)}`;
  return `Estimate, not a quote: ${n(e.inputTokens)} input and ${n(e.outputTokens)} output tokens, ${cost}; ${e.basis.join('; ')}.\n`;
}
