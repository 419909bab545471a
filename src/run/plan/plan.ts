import type { Tool } from '../../shapes/tool.js';
import { estimateCalls, type Estimate, type EstimatedCall } from '../../cost/estimate.js';
import type { Persona } from '../../personas/persona.js';
import { DEFAULT_CACHE_MIN_TOKENS, sharedPrefixTokens } from '../../providers/anthropic-cache.js';
import type { ModelInfo } from '../../models/lookup.js';
import { UsageError } from '../../errors.js';
import type { CallParams } from '../../providers/wire.js';
import { SERVER_TRAITS, type ServerChoice } from '../../providers/servers.js';
import { WIRES } from '../../providers/wire-registry.js';
import { personaVerdicts } from '../../aggregate/score.js';
import { buildPrompt, buildToolBlock, reviewRules, SHARED_RULES } from '../../review/prompt.js';
import type { ReviewRecord, RunSummary, Score } from '../../shapes/run-record.js';
import { fingerprint, type InputHashes } from '../../shapes/input-hashes.js';
import { inputHashes } from './inputs.js';
import type { Session } from '../session.js';

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
  /** Which of the persona's samples this call is, from 1. */
  sample: number;
  /** The configured provider it goes to (`anthropic`, `openai`, or a name under `providers:`), and that provider's API. */
  provider: string;
  api: 'anthropic' | 'openai';
  /** Set when the self-preference guard keeps the persona off this tool: no call, and the reason shown. */
  recused?: string;
  /** Why it is asked; empty when the latest review is current and is carried over. */
  reasons: string[];
  /**
   * The call's identity, computed once here and carried to execution, batch
   * and replay: the hash of each input (tool, rules, persona, provider, model,
   * parameters, schema) and their fingerprint. The record it produces keeps them.
   */
  inputs: InputHashes;
  fingerprint: string;
  /** The shared rules it is asked under (with the grounding rule when the site checks claims). */
  rules: string;
  /** The latest review of this persona, if any. */
  previous?: ReviewSummary;
}

/** A call to make, its identity computed from what it will send (for a call outside a plan: the seed transcription, tests). */
export function plannedCall(tool: Tool, persona: Persona, route: Route, params: CallParams, reasons: string[], sample = 1, rules = SHARED_RULES): PlannedCall {
  const inputs = inputHashes(tool, persona, providerKey(route), params, rules);
  return { persona, params, sample, provider: route.provider, api: route.api, reasons, inputs, fingerprint: fingerprint(inputs), rules };
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

export const needsCall = (item: PlannedCall): boolean => item.reasons.length > 0 && !item.recused;

/**
 * One persona's sample as a key: `builder`, `builder#2`. Pending batches store
 * it, so sample 1 is the bare persona id (batches saved before samples read the same).
 */
export function sampleSlot(persona: string, sample: number | undefined): string {
  return (sample ?? 1) > 1 ? `${persona}#${sample}` : persona;
}

/** The tool needs a new run: a call to make, or a persona newly recused. */
export const needsRun = (plan: ToolPlan): boolean => plan.items.some((i) => i.reasons.length > 0);

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
  /** The shared rules every review of this command is asked under. */
  private readonly rules: string;

  constructor(
    private readonly session: Session,
    /** Whether this command makes live calls, so notices about them are worth saying. */
    private readonly live: boolean,
  ) {
    this.rules = reviewRules(session.config.grounding);
  }

  paramsFor(tool: Tool, persona: Persona, route: Route, sample = 1): CallParams {
    const wire = WIRES[route.api];
    const info = this.session.model(route.model, route.api);
    this.check(persona, info, route.api);
    const { entry } = info;
    return {
      model: route.model,
      maxTokens: entry.max_tokens ?? wire.defaultMaxTokens,
      ...(persona.temperature !== undefined ? { temperature: persona.temperature } : {}),
      ...(route.api === 'anthropic' && this.cacheWorthIt(tool, info) ? { cachePrefix: true as const } : {}),
      ...(route.api === 'anthropic' && (entry.structured_output === 'output_format' || entry.structured_output === 'strict_tool') ? { structuredOutput: entry.structured_output } : {}),
      ...(entry.effort?.default ? { effort: entry.effort.default } : {}),
      ...(route.api === 'openai' ? this.maxTokensParam(info, route.server ?? this.session.openaiServer) : {}),
      ...(sample > 1 ? { sample } : {}),
    };
  }

  /**
   * What the model rejects is refused here, before any call, naming the
   * persona, the model and the option; a model the table does not know gets
   * its provider's safe defaults, said once.
   */
  private check(persona: Persona, info: ModelInfo, provider: 'anthropic' | 'openai'): void {
    const { entry, id } = info;
    if (info.key && entry.provider !== provider) {
      throw new UsageError(
        `The ${persona.id} persona would run ${id}, an ${entry.provider} model, on the ${provider} provider. ` +
          `Name a ${provider} model (--model, the persona's \`model:\`, or \`model:\` in panel.config.yaml), or use --provider ${entry.provider}.`,
      );
    }
    if (persona.temperature !== undefined && !entry.sampling.includes('temperature')) {
      const why =
        provider === 'anthropic'
          ? 'the Anthropic API version panel speaks (2026-10-21) rejects temperature, top_p and top_k on every model'
          : entry.effort?.default && entry.effort.default !== 'none'
            ? `it accepts temperature only at reasoning effort none, and panel asks it for ${entry.effort.default}`
            : 'the model rejects sampling parameters';
      throw new UsageError(
        `The ${persona.id} persona (${persona.file}) sets temperature: ${persona.temperature}, and ${id} rejects it: ${why}. ` +
          "Remove `temperature:` from the persona's front matter, or give the persona a model that accepts it (`panel models` lists each model's sampling).",
      );
    }
    if (!info.key && this.live) {
      this.session.noticeOnce(
        `unknown-model:${id}`,
        `${id} is not in the model table, so panel asks it the way every ${provider} model accepts (${entry.structured_output}, no effort setting, no price). ` +
          'Add it to a `models:` file (README: The model table) to say more.',
      );
    }
  }

  /** OpenAI-compatible output cap: what the model accepts when the table knows it, else what the server reads. */
  private maxTokensParam(info: ModelInfo, server: ServerChoice): Pick<CallParams, 'maxTokensParam'> {
    const param = info.entry.max_tokens_param ?? SERVER_TRAITS[server].maxTokensParam;
    return param === 'max_completion_tokens' ? {} : { maxTokensParam: param };
  }

  /**
   * A tool's plan against its latest run: every persona (each of its
   * `samples`) when `all` (review, --force), else only those that are new,
   * failed last time, or whose inputs changed. `route` says where each persona
   * runs: its assignment (the jury, the guard applied), or its recording.
   */
  plan(tool: Tool, latest: RunSummary | undefined, options: { all: boolean; route: (persona: Persona) => Route; samples?: number; rejected?: ReadonlySet<string> }): ToolPlan {
    const samples = options.samples ?? this.session.config.samples;
    return planTool({
      tool,
      personas: panelOf(tool, this.session.personas),
      latest,
      samples,
      route: options.route,
      paramsFor: (persona, route, sample) => this.paramsFor(tool, persona, route, sample),
      rules: this.rules,
      force: options.all,
      ...(options.rejected ? { rejected: options.rejected } : {}),
    });
  }

  private cacheWorthIt(tool: Tool, info: ModelInfo): boolean {
    const key = `${tool.slug}\0${info.id}`;
    let decision = this.caching.get(key);
    if (decision !== undefined) return decision;
    const tokens = sharedPrefixTokens({ system: this.rules, toolBlock: buildToolBlock(tool) }, info.entry.chars_per_token ?? 4);
    const minimum = info.entry.cache_min_tokens ?? DEFAULT_CACHE_MIN_TOKENS;
    decision = tokens >= minimum;
    this.caching.set(key, decision);
    if (!decision && this.live) {
      this.session.noticeOnce(
        `cache:${info.id}`,
        `prompt caching is off for ${info.id}: a panel's shared prefix (about ${tokens.toLocaleString('en-US')} tokens, estimated) is below its ${minimum.toLocaleString('en-US')}-token minimum, so marking it would buy nothing.`,
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
  samples?: number;
  route: (persona: Persona) => Route;
  paramsFor: (persona: Persona, route: Route, sample: number) => CallParams;
  /** The shared rules (default: without the grounding rule). */
  rules?: string;
  force: boolean;
  /** Personas whose latest review the editors rejected: asked again, in a fresh conversation, like a failure. */
  rejected?: ReadonlySet<string>;
}): ToolPlan {
  const { tool, latest } = input;
  const samples = input.samples ?? 1;
  const items = input.personas.flatMap((persona) => {
    const route = input.route(persona);
    return Array.from({ length: route.recused ? 1 : samples }, (_, i): PlannedCall => {
      const sample = i + 1;
      if (route.recused) {
        const before = latest?.reviews.find((r) => r.persona === persona.id);
        const reasons = input.force || before?.status !== 'recused' || before.recusal !== route.recused ? ['recused'] : [];
        return { ...plannedCall(tool, persona, route, { model: route.model, maxTokens: 0 }, reasons, sample, input.rules), recused: route.recused };
      }
      const params = input.paramsFor(persona, route, sample);
      const call = plannedCall(tool, persona, route, params, [], sample, input.rules);
      const previous = latest?.reviews.find((r) => r.persona === persona.id && (r.sample ?? 1) === sample);
      const reasons: string[] = [];
      if (!latest) reasons.push('new tool');
      else if (!previous) reasons.push(latest.reviews.some((r) => r.persona === persona.id) ? 'new sample' : 'new on the panel');
      else {
        if (call.fingerprint !== previous.fingerprint) reasons.push(...changes(call.inputs, previous, tool, latest, params));
        if (previous.status !== 'ok') reasons.push(previous.status === 'recused' ? 'no longer recused' : 'failed last time');
        else if (input.rejected?.has(persona.id)) reasons.push('rejected by the editors');
      }
      if (input.force && reasons.length === 0) reasons.push('forced');
      const summary = previous && {
        persona: previous.persona,
        model: previous.model,
        status: previous.status,
        verdict: previous.review?.verdict ?? null,
        usage: previous.usage,
      };
      return { ...call, reasons, ...(summary ? { previous: summary } : {}) };
    });
  });
  return { tool, latest: latest && { runId: latest.runId, score: latest.score, provider: latest.provider }, items };
}

/** Where a persona runs for one plan: a provider (its name and API) and a model, or recused. */
export interface Route {
  provider: string;
  api: 'anthropic' | 'openai';
  model: string;
  server?: ServerChoice;
  recused?: string;
}

/**
 * The provider as it enters a review's input hashes: the API for the two
 * built-in providers (so records from before the jury keep their hashes), the
 * configured name for any other (two OpenAI-compatible servers differ).
 */
export function providerKey(route: Pick<Route, 'provider' | 'api'>): string {
  return route.provider === 'anthropic' || route.provider === 'openai' ? route.api : route.provider;
}

const TOOL_FIELDS = ['name', 'category', 'tagline', 'url', 'description'] as const;

/** Name each changed input, as precisely as the record allows. */
function changes(now: ReviewRecord['inputs'], previous: RunSummary['reviews'][number], tool: Tool, latest: RunSummary, params: CallParams): string[] {
  const then = previous.inputs;
  const out: string[] = [];
  if (now.tool !== then.tool) {
    const fields: string[] = TOOL_FIELDS.filter((f) => (tool[f] ?? '') !== (latest.tool[f] ?? ''));
    if (JSON.stringify(tool.pricing) !== JSON.stringify(latest.tool.pricing)) fields.push('pricing');
    const [was, current] = [latest.tool.latest, tool.latest];
    if (JSON.stringify(was ?? null) !== JSON.stringify(current ?? null)) {
      // "source: v0.9.1 → v1.0.0", "source: licence MIT → Apache-2.0": what the watch brought in.
      const tag = (l: typeof was) => l?.release?.tag ?? 'no release';
      if (tag(was) !== tag(current)) out.push(`source: ${tag(was)} → ${tag(current)}`);
      else if ((was?.licence ?? null) !== (current?.licence ?? null)) out.push(`source: licence ${was?.licence ?? 'none'} → ${current?.licence ?? 'none'}`);
      else out.push('source: release notes changed');
    }
    if (fields.length || out.length === 0) out.push(fields.length ? `${fields.join(', ')} changed` : 'tool changed');
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
  const before = personaVerdicts(
    plan.items.flatMap((i) =>
      i.previous ? [{ persona: i.persona.id, sample: i.sample, status: i.previous.status, ...(i.previous.verdict ? { review: { verdict: i.previous.verdict, quote: '' } } : {}) }] : [],
    ),
  );
  return personaVerdicts(after).flatMap((now) => {
    const old = before.find((b) => b.persona === now.persona)?.verdict;
    return old && now.verdict && old !== now.verdict ? [`${now.persona}: ${old} → ${now.verdict}`] : [];
  });
}

/** A planned call as the estimate sees it: the request it would send, measured here and nowhere else. */
export function estimatedCall(tool: Tool, item: PlannedCall, charsPerToken?: number): EstimatedCall {
  const wire = WIRES[item.api];
  const request = wire.buildRequest(buildPrompt(tool, item.persona, item.params.sample, item.rules), item.params);
  const used = item.previous?.usage;
  const inputTokens = used ? used.inputTokens + used.cacheWriteTokens + used.cacheReadTokens : 0;
  return {
    model: item.params.model,
    requestChars: JSON.stringify(request).length,
    maxTokens: item.params.maxTokens,
    ...(charsPerToken ? { charsPerToken } : {}),
    ...(used && inputTokens > 0 ? { previous: { inputTokens, outputTokens: used.outputTokens } } : {}),
  };
}

/** Tokens and cost of the calls the plans need (regen --dry-run). */
export function estimatePlans(session: Session, plans: readonly ToolPlan[], more: readonly EstimatedCall[] = []): Estimate {
  const calls = plans.flatMap((plan) => plan.items.filter(needsCall).map((item) => estimatedCall(plan.tool, item, session.model(item.params.model, item.api).entry.chars_per_token)));
  return estimateCalls([...calls, ...more], session.priceFor);
}
