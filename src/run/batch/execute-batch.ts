import type { Tool } from '../../shapes/tool.js';
import { costOf, type Price } from '../../cost/prices.js';
import { spendOf, type Spend } from '../../cost/spend.js';
import { batchApi, batchLimit, type BatchApi } from '../../providers/batch/clients.js';
import type { BatchResult, BatchStatus } from '../../providers/batch/anthropic.js';
import { WIRES } from '../../providers/wire-registry.js';
import { parseReview } from '../../review/parse.js';
import { reviewCalls } from '../kinds/review-calls.js';
import { dropPending, listPending, savePending, type BatchEntry, type PendingBatch } from '../../records/pending-batch.js';
import type { ReviewRecord, RunRecord } from '../../shapes/run-record.js';
import type { RunStore } from '../../records/store.js';
import { newReviewRecord, newRunRecord, reuseReview } from '../../records/record-factory.js';
import { NO_USAGE } from '../../shapes/usage.js';
import { hashOf } from '../../util/hash.js';
import { UsageError } from '../../errors.js';
import { needsCall, sampleSlot, type ToolPlan } from '../plan/plan.js';
import type { Session } from '../session.js';
import type { ClaimCheckRecord } from '../../shapes/claim-check.js';
import { checkSpend } from '../live/check-claims.js';
import { BATCH_PRICE_FACTOR, batchChecker, checkFromResult, checkerProviders, checksOwedNow, owedCheck, type BatchChecking } from './check-batch.js';

export type BatchSubmission =
  | { kind: 'nothing' }
  | { kind: 'submitted'; batch: PendingBatch; path: string }
  /** A batch was already pending: it was collected instead of submitting another. */
  | { kind: 'collected'; pendingIds: string[]; reports: CollectReport[] };

/** The one API a batch goes to: a batch cannot mix providers, so a jury (or a claim checker) across providers is refused. */
export function batchApiOf(plans: readonly ToolPlan[], checking?: BatchChecking): PendingBatch['provider'] {
  const providers = new Set([
    ...plans.flatMap((p) => p.items.filter(needsCall).map((i) => i.provider)),
    ...checkerProviders(
      plans.map((p) => p.tool),
      checking,
    ),
  ]);
  const [only] = providers;
  if (providers.size > 1 || (only !== undefined && only !== 'anthropic' && only !== 'openai')) {
    throw new UsageError(`Batch mode submits to one provider's batch API, and this panel runs on ${[...providers].join(', ')}. Run it live, or give every persona the same built-in provider.`);
  }
  return (only ?? 'anthropic') as PendingBatch['provider'];
}

/** `regen --batch` / `review --batch`: submit what the plans need as provider batches, saved before and after each. */
export async function submitBatch(
  session: Session,
  plans: readonly ToolPlan[],
  command: PendingBatch['command'],
  provider: PendingBatch['provider'],
  /** With `grounding: on`: the claim checks go in batches too, those of new quotes once their reviews are collected. */
  checking?: BatchChecking,
): Promise<BatchSubmission> {
  const pending = await listPending(session.store);
  if (pending.length > 0) return { kind: 'collected', pendingIds: pending.map((b) => b.id), reports: await collectBatches(session) };
  const batch = await planBatch({
    plans,
    store: session.store,
    command,
    provider,
    newRunId: session.newRunId,
    now: session.now(),
    ...(checking ? { checkerOf: (tool: Tool) => batchChecker(session, tool, checking) } : {}),
  });
  // A tool with no review to make may still have quotes no check has read (a check that failed or left a quote out).
  const owed = checking
    ? await checksOwedNow(
        session,
        plans.filter((p) => !p.items.some(needsCall)).map((p) => p.tool),
        checking,
      )
    : [];
  if (owed.length) batch.checks = Object.fromEntries(owed.map((entry, i) => [`c${i}`, entry]));
  if (Object.keys(batch.entries).length + owed.length === 0) return { kind: 'nothing' };
  let path = '';
  await submitUnsent(batch, await batchApi(session.config, provider, session.fetch), batchLimit(session.config, provider), async (b) => {
    path = await savePending(session.store, b);
  });
  return { kind: 'submitted', batch, path: session.store.shown(path) };
}

/** Every request the plans need (first asks only: a batch has no re-ask), as the record of a batch to submit. */
export async function planBatch(input: {
  plans: readonly ToolPlan[];
  store: RunStore;
  command: PendingBatch['command'];
  provider: PendingBatch['provider'];
  newRunId: () => string;
  now: Date;
  /** Where each tool's claim checker runs (`grounding: on`). */
  checkerOf?: (tool: Tool) => PendingBatch['tools'][string]['checker'];
}): Promise<PendingBatch> {
  const { plans, store, command, provider } = input;
  const wire = WIRES[provider];
  const entries: Record<string, BatchEntry> = {};
  const tools: PendingBatch['tools'] = {};
  let n = 0;
  for (const plan of plans) {
    const todo = plan.items.filter(needsCall);
    if (todo.length === 0) continue;
    const latest = plan.latest && (await store.read(store.pathOf(plan.tool.slug, plan.latest.runId)));
    const kind = reviewCalls(plan.tool);
    const checker = input.checkerOf?.(plan.tool);
    tools[plan.tool.slug] = {
      ...(checker ? { checker } : {}),
      runId: input.newRunId(),
      createdAt: input.now.toISOString(),
      tool: plan.tool,
      // One slot per persona and sample, in panel order: `builder#2` is the builder's second sample.
      personas: plan.items.map((i) => kind.slot(i)),
      carried: plan.items
        .filter((i) => !needsCall(i))
        .map((i) =>
          i.recused
            ? kind.recused(i)
            : reuseReview(
                latest!.reviews.find((r) => kind.slot(r) === kind.slot(i))!,
                latest!.runId,
              ),
        ),
    };
    for (const item of todo) {
      const request = wire.buildRequest(kind.prompt(item), item.params);
      entries[`r${n++}`] = {
        slug: plan.tool.slug,
        persona: item.persona.id,
        personaName: item.persona.name,
        model: item.params.model,
        inputs: item.inputs,
        sample: item.sample,
        request,
        requestHash: hashOf(request),
      };
    }
  }
  return { version: 1, id: input.newRunId(), provider, command, createdAt: input.now.toISOString(), batches: [], entries, tools };
}

/**
 * Submit every entry not yet in a provider batch, in chunks of at most
 * `limit`, saving the record before each submission and after it. A crash
 * can then lose at most the id of the one batch being created; running the
 * command again submits only the chunks that were never sent.
 */
export async function submitUnsent(batch: PendingBatch, api: Pick<BatchApi, 'submit'>, limit: number, save: (batch: PendingBatch) => Promise<void>): Promise<void> {
  const sent = new Set(batch.batches.flatMap((b) => b.customIds));
  const requests = new Map([...Object.entries(batch.entries), ...Object.entries(batch.checks ?? {})].map(([id, e]) => [id, e.request]));
  const unsent = [...requests.keys()].filter((id) => !sent.has(id));
  await save(batch);
  for (let i = 0; i < unsent.length; i += limit) {
    const customIds = unsent.slice(i, i + limit);
    const providerId = await api.submit(customIds.map((id) => ({ custom_id: id, params: requests.get(id)! })));
    batch.batches.push({ providerId, customIds });
    await save(batch);
  }
}

/** What collecting one pending batch came to. */
export type CollectReport =
  | { id: string; ended: false; batchesEnded: number; batches: number }
  | {
      id: string;
      ended: true;
      runs: RunRecord[];
      made: ReviewRecord[];
      failed: ReviewRecord[];
      /** Claim checks written from this batch. */
      checks: ClaimCheckRecord[];
      /** The claim checks of the new runs' quotes, submitted as a batch of their own. */
      followUp?: { id: string; checks: number; path: string };
      spend: Spend;
    };

/** `panel batch collect`: for each pending batch whose provider batches all ended, write the runs a live run would. */
export async function collectBatches(session: Session): Promise<CollectReport[]> {
  const reports: CollectReport[] = [];
  for (const batch of await listPending(session.store)) {
    const api = await batchApi(session.config, batch.provider, session.fetch);
    // A submission cut short by a crash: send the chunks that never went out.
    await submitUnsent(batch, api, batchLimit(session.config, batch.provider), async (b) => void (await savePending(session.store, b)));
    const statuses = await Promise.all(batch.batches.map((b) => api.status(b.providerId)));
    const ended = statuses.filter((s) => s.ended).length;
    if (ended < statuses.length) {
      reports.push({ id: batch.id, ended: false, batchesEnded: ended, batches: statuses.length });
      continue;
    }
    const results = new Map<string, BatchResult>();
    for (const b of batch.batches) for (const [id, r] of await api.results(b.providerId)) results.set(id, r);
    const runs = recordsFromBatch(batch, results, session.priceFor, session.config);
    for (const record of runs) await session.store.write(record);
    const checks = Object.entries(batch.checks ?? {}).map(([id, entry]) => checkFromResult(session, entry, results.get(id), session.priceFor(entry.call.model)));
    for (const check of checks) await session.store.writeClaimCheck(check);
    // The new runs' quotes, checked in a batch of their own (they exist only now), saved before this one is dropped.
    const followUp = await submitFollowUpChecks(session, batch, runs, api);
    await dropPending(session.store, batch.id);
    const made = runs.flatMap((r) => r.reviews.filter((v) => !v.reusedFrom));
    reports.push({
      id: batch.id,
      ended: true,
      runs,
      made,
      failed: made.filter((r) => r.status === 'failed'),
      checks,
      ...(followUp ? { followUp } : {}),
      spend: spendOf([...made, ...checks.map(checkSpend)]),
    });
  }
  return reports;
}

/** A batch of the claim checks a collected batch's runs owe, submitted and saved; undefined when they owe none. */
async function submitFollowUpChecks(
  session: Session,
  batch: PendingBatch,
  runs: readonly RunRecord[],
  api: Pick<BatchApi, 'submit'>,
): Promise<{ id: string; checks: number; path: string } | undefined> {
  const entries = [];
  for (const run of runs) {
    const checker = batch.tools[run.tool.slug]?.checker;
    const entry = checker && (await owedCheck(session, batch.tools[run.tool.slug]!.tool as Tool, run, checker));
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) return undefined;
  const followUp: PendingBatch = {
    version: 1,
    id: session.newRunId(),
    provider: batch.provider,
    command: batch.command,
    createdAt: session.now().toISOString(),
    batches: [],
    entries: {},
    checks: Object.fromEntries(entries.map((entry, i) => [`c${i}`, entry])),
    tools: {},
  };
  let path = '';
  await submitUnsent(followUp, api, batchLimit(session.config, batch.provider), async (b) => {
    path = await savePending(session.store, b);
  });
  return { id: followUp.id, checks: entries.length, path: session.store.shown(path) };
}

/** `panel batch status`: each provider batch of each pending batch, as the provider reports it. */
export async function batchStatus(session: Session): Promise<{ id: string; requests: number; status: BatchStatus }[]> {
  const rows = [];
  for (const batch of await listPending(session.store)) {
    const api = await batchApi(session.config, batch.provider, session.fetch);
    for (const b of batch.batches) rows.push({ id: batch.id, requests: b.customIds.length, status: await api.status(b.providerId) });
  }
  return rows;
}

/** A batch result as a review: parsed as a live answer is; errored, expired and canceled entries are failures regen retries. */
function reviewFromResult(provider: PendingBatch['provider'], entry: BatchEntry, result: BatchResult | undefined, price: Price | undefined): ReviewRecord {
  const subject = { persona: entry.persona, personaName: entry.personaName, model: entry.model, inputs: entry.inputs, provider, api: provider, sample: entry.sample ?? 1 };
  if (!result || result.type !== 'succeeded') {
    // An entry with no result line was never run: the batch expired or was cancelled first.
    const type = result?.type ?? 'expired';
    const detail = result?.error ? `: ${JSON.stringify(result.error).slice(0, 300)}` : '';
    return newReviewRecord(subject, { error: { kind: `batch_${type}`, message: `the batch entry was ${type}${detail}` } }, { exchanges: [], usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 1 });
  }
  const output = WIRES[provider].readResponse(result.message);
  const parsed = parseReview(output);
  const exchange = { request: entry.request, requestHash: entry.requestHash, response: { status: 200, headers: {}, body: result.message }, latencyMs: 0, attempts: 1 };
  return newReviewRecord(subject, parsed.ok ? { review: parsed.review } : { error: { ...parsed.failure, message: `${parsed.failure.message} (a batch answer gets no re-ask; regen retries it)` } }, {
    exchanges: [exchange],
    usage: output.usage,
    cost: price ? costOf(output.usage, price) * BATCH_PRICE_FACTOR : null,
    latencyMs: 0,
    attempts: 1,
  });
}

/** Run records for every tool of a finished batch, the same as a live run writes. */
function recordsFromBatch(
  batch: PendingBatch,
  results: Map<string, BatchResult>,
  priceFor: (model: string) => Price | undefined,
  config: { concurrency: number; timeoutMs: number; attempts: number },
): RunRecord[] {
  return Object.entries(batch.tools).map(([slug, t]) => {
    const made = new Map(
      Object.entries(batch.entries)
        .filter(([, e]) => e.slug === slug)
        .map(([id, e]) => [sampleSlot(e.persona, e.sample), reviewFromResult(batch.provider, e, results.get(id), priceFor(e.model))]),
    );
    const reviews = t.personas.map((slot) => made.get(slot) ?? t.carried.find((r) => sampleSlot(r.persona, r.sample) === slot)!);
    return newRunRecord({ tool: t.tool as Tool, provider: batch.provider, config, reviews, runId: t.runId, createdAt: t.createdAt, command: batch.command });
  });
}
