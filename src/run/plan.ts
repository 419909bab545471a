import type { Tool } from '../catalog/tool-schema.js';
import { estimateCalls, type Estimate, type PlannedCall as EstimatedCall } from '../cost/estimate.js';
import type { Persona } from '../personas/persona.js';
import { minCacheableTokens, sharedPrefixTokens } from '../providers/anthropic-cache.js';
import type { CallParams, WireFormat } from '../providers/wire.js';
import { buildPrompt, buildToolBlock, SHARED_RULES } from '../review/prompt.js';
import type { ReviewRecord, RunSummary, Score } from '../runs/record.js';
import { fingerprint } from '../shapes/input-hashes.js';
import { inputHashes } from './inputs.js';
import type { Session } from './session.js';

/** What a plan keeps of a previous review: enough to compare, not its exchanges. */
export interface ReviewSummary {
  persona: string;
  model: string;
  status: ReviewRecord['status'];
  verdict: 'ship' | 'skip' | null;
  /** What the review's calls reported (zero when it was carried over from an older run). */
  usage: ReviewRecord['usage'];
}

/** One persona of a tool's panel: the call it needs, or why none is needed. */
export interface PlannedCall {
  persona: Persona;
  params: CallParams;
  /** Why it is asked; empty when the latest review is current and is carried over. */
  reasons: string[];
  /** The latest review of this persona, if any. */
  previous?: ReviewSummary;
}

/**
 * A tool's plan. It keeps only the latest run's id and score, not the record:
 * a catalog of thousands is planned in full before any call, and holding every
 * latest record (exchanges and all) would cost hundreds of megabytes.
 */
export interface ToolPlan {
  tool: Tool;
  latest: { runId: string; score: Score; provider: RunSummary['provider'] } | undefined;
  items: PlannedCall[];
}

export const needsCall = (item: PlannedCall): boolean => item.reasons.length > 0;

/** The personas on a tool's panel, in the panel's order; all of them when the tool names none. */
export function panelOf(tool: Tool, personas: readonly Persona[]): Persona[] {
  if (!tool.panel) return [...personas];
  return tool.panel.map((id) => personas.find((p) => p.id === id)!);
}

/**
 * Decides each persona's call parameters for one command. Model precedence:
 * --model, then the persona's own, then PANEL_MODEL / `model:`, then the
 * fallback (a recording's model, or the provider's default). Prompt caching is
 * decided once per tool and model; when it is off and the command calls a
 * model, it says so once.
 */
export class Planner {
  private readonly caching = new Map<string, boolean>();

  constructor(
    private readonly session: Session,
    /** Whether this command makes live calls, so notices about them are worth saying. */
    private readonly live: boolean,
  ) {}

  paramsFor(tool: Tool, persona: Persona, wire: Pick<WireFormat, 'id' | 'defaultMaxTokens'>, fallbackModel: string): CallParams {
    const model = this.session.modelFlag ?? persona.model ?? this.session.config.model ?? fallbackModel;
    return {
      model,
      maxTokens: wire.defaultMaxTokens,
      ...(persona.temperature !== undefined ? { temperature: persona.temperature } : {}),
      ...(wire.id === 'anthropic' && this.cacheWorthIt(tool, model) ? { cachePrefix: true as const } : {}),
    };
  }

  /**
   * A tool's plan against its latest run: every persona when `all` (review,
   * --force), else only those that are new, failed last time, or whose inputs
   * changed. `fallbackModel` gives a persona's model when nothing else names
   * one (a replay, or a dry run with no provider, uses the recorded model).
   */
  plan(tool: Tool, latest: RunSummary | undefined, wire: WireFormat, options: { all: boolean; fallbackModel?: (persona: string) => string | undefined }): ToolPlan {
    return planTool({
      tool,
      personas: panelOf(tool, this.session.personas),
      latest,
      wire: wire.id,
      paramsFor: (persona) => {
        return this.paramsFor(tool, persona, wire, options.fallbackModel?.(persona.id) ?? wire.defaultModel);
      },
      force: options.all,
    });
  }

  private cacheWorthIt(tool: Tool, model: string): boolean {
    const key = `${tool.slug}\0${model}`;
    let decision = this.caching.get(key);
    if (decision !== undefined) return decision;
    const tokens = sharedPrefixTokens({ system: SHARED_RULES, toolBlock: buildToolBlock(tool) });
    const minimum = minCacheableTokens(model);
    decision = tokens >= minimum;
    this.caching.set(key, decision);
    if (!decision && this.live) {
      this.session.noticeOnce(
        `cache:${model}`,
        `prompt caching is off for ${model}: a panel's shared prefix (about ${tokens.toLocaleString('en-US')} tokens, estimated) is below its ${minimum.toLocaleString('en-US')}-token minimum, so marking it would buy nothing.`,
      );
    }
    return decision;
  }
}

/**
 * Which personas of a tool's panel need a new review, and why: no run yet, a
 * persona new to the panel, a failure last time, or any input (tool, shared
 * rules, persona prompt, provider, model, parameters, review schema) whose
 * hash differs from the latest run's. Pure.
 */
export function planTool(input: {
  tool: Tool;
  personas: readonly Persona[];
  latest: RunSummary | undefined;
  wire: string;
  paramsFor: (persona: Persona) => CallParams;
  force: boolean;
}): ToolPlan {
  const { tool, latest } = input;
  const items = input.personas.map((persona): PlannedCall => {
    const params = input.paramsFor(persona);
    const previous = latest?.reviews.find((r) => r.persona === persona.id);
    const reasons: string[] = [];
    if (!latest) reasons.push('new tool');
    else if (!previous) reasons.push('new on the panel');
    else {
      const now = inputHashes(tool, persona, input.wire, params);
      if (fingerprint(now) !== previous.fingerprint) reasons.push(...changes(now, previous, tool, latest, params));
      if (previous.status === 'failed') reasons.push('failed last time');
    }
    if (input.force && reasons.length === 0) reasons.push('forced');
    const summary = previous && {
      persona: previous.persona,
      model: previous.model,
      status: previous.status,
      verdict: previous.review?.verdict ?? null,
      usage: previous.usage,
    };
    return { persona, params, reasons, ...(summary ? { previous: summary } : {}) };
  });
  return { tool, latest: latest && { runId: latest.runId, score: latest.score, provider: latest.provider }, items };
}

const TOOL_FIELDS = ['name', 'category', 'tagline', 'url', 'description'] as const;

/** Name each changed input, as precisely as the record allows. */
function changes(now: ReviewRecord['inputs'], previous: RunSummary['reviews'][number], tool: Tool, latest: RunSummary, params: CallParams): string[] {
  const then = previous.inputs;
  const out: string[] = [];
  if (now.tool !== then.tool) {
    const fields: string[] = TOOL_FIELDS.filter((f) => (tool[f] ?? '') !== (latest.tool[f] ?? ''));
    if (JSON.stringify(tool.pricing) !== JSON.stringify(latest.tool.pricing)) fields.push('pricing');
    out.push(fields.length ? `${fields.join(', ')} changed` : 'tool changed');
  }
  if (now.rules !== then.rules) out.push('shared rules changed');
  if (now.persona !== then.persona) out.push('persona prompt changed');
  if (now.provider !== then.provider) out.push('provider changed');
  if (now.model !== then.model) out.push(`model changed (${previous.model} → ${params.model})`);
  if (now.params !== then.params) out.push('parameters changed');
  if (now.schema !== then.schema) out.push('review schema changed');
  return out;
}

/** "description changed (4); failed last time: futurist": reasons with the personas they touch. */
export function summarizeReasons(plan: ToolPlan): string {
  const byReason = new Map<string, string[]>();
  for (const item of plan.items) for (const reason of item.reasons) byReason.set(reason, [...(byReason.get(reason) ?? []), item.persona.id]);
  const all = plan.items.length;
  return [...byReason].map(([reason, personas]) => (personas.length === all ? reason : `${reason}: ${personas.join(', ')}`)).join('; ');
}

/** "skeptic: ship → skip" for each persona whose verdict moved between the plan's previous reviews and new ones. */
export function verdictFlips(plan: ToolPlan, after: readonly ReviewRecord[]): string[] {
  return after.flatMap((r) => {
    if (r.reusedFrom) return [];
    const old = plan.items.find((i) => i.persona.id === r.persona)?.previous?.verdict;
    const now = r.review?.verdict;
    return old && now && old !== now ? [`${r.persona}: ${old} → ${now}`] : [];
  });
}

/** A planned call as the estimate sees it: the request it would send, measured here and nowhere else. */
export function estimatedCall(tool: Tool, item: PlannedCall, wire: WireFormat): EstimatedCall {
  const request = wire.buildRequest(buildPrompt(tool, item.persona), item.params);
  const used = item.previous?.usage;
  const inputTokens = used ? used.inputTokens + used.cacheWriteTokens + used.cacheReadTokens : 0;
  return {
    model: item.params.model,
    requestChars: JSON.stringify(request).length,
    maxTokens: item.params.maxTokens,
    ...(used && inputTokens > 0 ? { previous: { inputTokens, outputTokens: used.outputTokens } } : {}),
  };
}

/** Tokens and cost of the calls the plans need (regen --dry-run). */
export function estimatePlans(session: Session, plans: readonly ToolPlan[], wireOf: (plan: ToolPlan) => WireFormat): Estimate {
  const calls = plans.flatMap((plan) => plan.items.filter(needsCall).map((item) => estimatedCall(plan.tool, item, wireOf(plan))));
  return estimateCalls(calls, session.priceFor);
}
