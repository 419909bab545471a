import type { Tool } from '../catalog/tool-schema.js';
import type { Persona } from '../personas/persona.js';
import type { CallParams } from '../providers/wire.js';
import type { ReviewRecord, RunSummary, Score } from '../runs/record.js';
import { inputHashes } from './inputs.js';
import { fingerprint } from '../shapes/input-hashes.js';

/** What a plan keeps of a previous review: enough to compare, not its exchanges. */
export interface ReviewSummary {
  persona: string;
  model: string;
  status: ReviewRecord['status'];
  verdict: 'ship' | 'skip' | null;
  /** What the review's calls reported (zero when it was carried over from an older run). */
  usage: ReviewRecord['usage'];
}

/** Why one (tool, persona) pair is re-reviewed. */
export interface RegenItem {
  persona: Persona;
  params: CallParams;
  /** Empty when the review is current and will be carried over. */
  reasons: string[];
  /** The latest review of this persona, if any. */
  previous?: ReviewSummary;
}

/**
 * A tool's plan. It keeps only the latest run's id and score, not the record:
 * a catalog of thousands is planned in full before any call, and holding every
 * latest record (exchanges and all) would cost hundreds of megabytes.
 */
export interface RegenPlan {
  tool: Tool;
  latest: { runId: string; score: Score; provider: RunSummary['provider'] } | undefined;
  items: RegenItem[];
}

/**
 * Which personas of a tool's panel need a new review, and why: no run yet, a
 * persona new to the panel, a failure last time, or any input (tool, shared
 * rules, persona prompt, provider, model, parameters, review schema) whose
 * hash differs from the latest run's. Pure.
 */
export function planRegen(input: {
  tool: Tool;
  personas: readonly Persona[];
  latest: RunSummary | undefined;
  wire: string;
  paramsFor: (persona: Persona) => CallParams;
  force: boolean;
}): RegenPlan {
  const { tool, latest } = input;
  const items = input.personas.map((persona): RegenItem => {
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

/** "skeptic: ship → skip" for each persona whose verdict moved between the plan's previous reviews and new ones. */
export function verdictFlips(before: readonly (ReviewSummary | undefined)[], after: readonly ReviewRecord[]): string[] {
  return after.flatMap((r) => {
    const old = before.find((b) => b?.persona === r.persona)?.verdict;
    const now = r.review?.verdict;
    return old && now && old !== now ? [`${r.persona}: ${old} → ${now}`] : [];
  });
}
