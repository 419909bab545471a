import { randomBytes } from 'node:crypto';
import type { Tool } from '../catalog/tool-schema.js';
import { costOf, type Price } from '../cost/prices.js';
import { inputHashes } from './inputs.js';
import { fingerprint } from '../shapes/input-hashes.js';
import type { RegenPlan } from './plan.js';
import type { Persona } from '../personas/persona.js';
import { WIRES } from '../providers/wires.js';
import { parseReview } from '../review/parse.js';
import { buildPrompt } from '../review/prompt.js';
import { newRunRecord, reuseReview } from '../runs/record-factory.js';
import type { ReviewRecord, RunRecord } from '../runs/record.js';
import { newRunId, type RunStore } from '../runs/store.js';
import { hashOf } from '../util/hash.js';
import type { BatchResult } from '../providers/batch/anthropic.js';
import type { BatchEntry, PendingBatch } from '../runs/pending-batch.js';

/** Both providers bill batch calls at half the standard price. */
export const BATCH_PRICE_FACTOR = 0.5;

export interface BatchClient {
  submit(requests: { custom_id: string; params: Record<string, unknown> }[]): Promise<string>;
}

/**
 * Build every pending request of the plans (first asks only: a batch has no
 * re-ask) into the record of a batch to submit (see submitUnsent).
 */
export async function planBatch(input: {
  plans: RegenPlan[];
  store: RunStore;
  command: RunRecord['writtenBy']['command'];
  now: Date;
  personas: readonly Persona[];
  provider: PendingBatch['provider'];
}): Promise<PendingBatch> {
  const wire = WIRES[input.provider];
  const entries: Record<string, BatchEntry> = {};
  const tools: PendingBatch['tools'] = {};
  let n = 0;
  for (const plan of input.plans) {
    const todo = plan.items.filter((i) => i.reasons.length > 0);
    if (todo.length === 0) continue;
    const latest = plan.latest && (await input.store.read(input.store.pathOf(plan.tool.slug, plan.latest.runId)));
    tools[plan.tool.slug] = {
      runId: newRunId(input.now),
      createdAt: input.now.toISOString(),
      tool: plan.tool,
      personas: plan.items.map((i) => i.persona.id),
      carried: plan.items
        .filter((i) => i.reasons.length === 0)
        .map((i) => reuseReview(latest!.reviews.find((r) => r.persona === i.persona.id)!, latest!.runId)),
    };
    for (const item of todo) {
      const request = wire.buildRequest(buildPrompt(plan.tool, item.persona), item.params);
      const inputs = inputHashes(plan.tool, item.persona, wire.id, item.params);
      entries[`r${n++}`] = {
        slug: plan.tool.slug,
        persona: item.persona.id,
        personaName: item.persona.name,
        model: item.params.model,
        inputs,
        fingerprint: fingerprint(inputs),
        request,
        requestHash: hashOf(request),
      };
    }
  }
  return {
    version: 1,
    id: `${input.now.toISOString().replace(/:/g, '-')}-${randomBytes(3).toString('hex')}`,
    provider: input.provider,
    command: input.command,
    createdAt: input.now.toISOString(),
    batches: [],
    entries,
    tools,
  };
}

/**
 * Submit every entry not yet in a provider batch, in chunks of at most
 * `limit`, saving the record before each submission and after it. A crash
 * can then lose at most the id of the one batch being created; running the
 * command again submits only the chunks that were never sent.
 */
export async function submitUnsent(batch: PendingBatch, client: BatchClient, limit: number, save: (batch: PendingBatch) => Promise<void>): Promise<void> {
  const sent = new Set(batch.batches.flatMap((b) => b.customIds));
  const unsent = Object.keys(batch.entries).filter((id) => !sent.has(id));
  await save(batch);
  for (let i = 0; i < unsent.length; i += limit) {
    const customIds = unsent.slice(i, i + limit);
    const providerId = await client.submit(customIds.map((id) => ({ custom_id: id, params: batch.entries[id]!.request })));
    batch.batches.push({ providerId, customIds });
    await save(batch);
  }
}

/** A batch result as a review: parsed as a live answer is; errored, expired and canceled entries are failures regen retries. */
export function reviewFromResult(provider: PendingBatch['provider'], entry: BatchEntry, result: BatchResult | undefined, price: Price | undefined): ReviewRecord {
  const base = {
    persona: entry.persona,
    personaName: entry.personaName,
    model: entry.model,
    inputs: entry.inputs,
    fingerprint: entry.fingerprint,
    latencyMs: 0,
  };
  if (!result || result.type !== 'succeeded') {
    // An entry with no result line was never run: the batch expired or was cancelled first.
    const type = result?.type ?? 'expired';
    const detail = result?.error ? `: ${JSON.stringify(result.error).slice(0, 300)}` : '';
    return {
      ...base,
      status: 'failed',
      error: { kind: `batch_${type}`, message: `the batch entry was ${type}${detail}` },
      exchanges: [],
      usage: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 },
      cost: 0,
      attempts: 1,
    };
  }
  const output = WIRES[provider].readResponse(result.message);
  const parsed = parseReview(output);
  const exchange = { request: entry.request, requestHash: entry.requestHash, response: { status: 200, headers: {}, body: result.message }, latencyMs: 0, attempts: 1 };
  return {
    ...base,
    ...(parsed.ok ? { status: 'ok' as const, review: parsed.review } : { status: 'failed' as const, error: { ...parsed.failure, message: `${parsed.failure.message} (a batch answer gets no re-ask; regen retries it)` } }),
    exchanges: [exchange],
    usage: output.usage,
    cost: price ? costOf(output.usage, price) * BATCH_PRICE_FACTOR : null,
    attempts: 1,
  };
}

/** Run records for every tool of a finished batch, the same as a live run writes. */
export function recordsFromBatch(batch: PendingBatch, results: Map<string, BatchResult>, priceFor: (model: string) => Price | undefined, config: { concurrency: number; timeoutMs: number; attempts: number }): RunRecord[] {
  return Object.entries(batch.tools).map(([slug, t]) => {
    const made = new Map(
      Object.entries(batch.entries)
        .filter(([, e]) => e.slug === slug)
        .map(([id, e]) => [e.persona, reviewFromResult(batch.provider, e, results.get(id), priceFor(e.model))]),
    );
    const reviews = t.personas.map((p) => made.get(p) ?? t.carried.find((r) => r.persona === p)!);
    const record = newRunRecord({ tool: t.tool as Tool, provider: batch.provider, config, reviews, now: new Date(t.createdAt), runId: t.runId, command: batch.command });
    return record;
  });
}
