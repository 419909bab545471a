import { anthropicBatches, ANTHROPIC_BATCH_LIMIT, type BatchResult } from '../../providers/batch/anthropic.js';
import { openaiBatches, OPENAI_BATCH_LIMIT } from '../../providers/batch/openai.js';
import { dropPending, listPending, savePending, type PendingBatch } from '../../runs/pending-batch.js';
import { planBatch, recordsFromBatch, submitUnsent } from '../../run/execute-batch.js';
import { priceOf } from '../../cost/prices.js';
import { describeSpend, spendOf } from '../../cost/spend.js';
import { UsageError } from '../../errors.js';
import type { RegenPlan } from '../../run/plan.js';
import { formatTable } from '../table.js';
import type { ParsedArgs } from '../args.js';
import { createContext, type Context } from '../context.js';
import type { Io } from '../io.js';

/** The provider's batch API: Anthropic Message Batches, or OpenAI files + batches. */
async function client(ctx: Context, provider: PendingBatch['provider']) {
  const common = { timeoutMs: ctx.config.timeoutMs, ...(ctx.io.fetch ? { fetch: ctx.io.fetch } : {}) };
  if (provider === 'anthropic') {
    const { apiKey, baseURL } = ctx.config.anthropic;
    if (!apiKey) throw new UsageError('This batch uses the Anthropic Message Batches API and needs ANTHROPIC_API_KEY.');
    return anthropicBatches({ apiKey, ...(baseURL ? { baseURL } : {}), ...common });
  }
  const { apiKey, baseURL } = ctx.config.openai;
  if (!apiKey) throw new UsageError('This batch uses the OpenAI Batch API and needs OPENAI_API_KEY.');
  return openaiBatches({ apiKey, ...(baseURL ? { baseURL } : {}), ...common });
}

/** `regen --batch` / `review --batch`: submit what the plans need as provider batches, save it, return. */
export async function submitPlans(ctx: Context, plans: RegenPlan[], command: PendingBatch['command'], provider: PendingBatch['provider']): Promise<number> {
  const pending = await listPending(ctx.store.dir);
  if (pending.length > 0) {
    ctx.io.stderr.write(`panel: a batch is already pending (${pending.map((b) => b.id).join(', ')}); collecting it instead of submitting again.\n`);
    return collect(ctx);
  }
  const batch = await planBatch({ plans, store: ctx.store, command, now: ctx.io.now?.() ?? new Date(), personas: ctx.personas, provider });
  const count = Object.keys(batch.entries).length;
  if (count === 0) {
    ctx.io.stdout.write('Nothing to re-review: no batch submitted.\n');
    return 0;
  }
  let path = '';
  await submitUnsent(batch, await client(ctx, provider), limitFor(ctx, provider), async (b) => {
    path = await savePending(ctx.store.dir, b);
  });
  ctx.io.stdout.write(
    `Submitted ${count} request${count === 1 ? '' : 's'} for ${Object.keys(batch.tools).length} tool${Object.keys(batch.tools).length === 1 ? '' : 's'} ` +
      `in ${batch.batches.length} batch${batch.batches.length === 1 ? '' : 'es'} (${batch.batches.map((b) => b.providerId).join(', ')}); saved in ${ctx.store.shown(path)}.\n` +
      'Check with `panel batch status`; write the runs with `panel batch collect` (or run the same command again).\n',
  );
  return 0;
}

function limitFor(ctx: Context, provider: PendingBatch['provider']): number {
  return ctx.config.batchLimit ?? (provider === 'anthropic' ? ANTHROPIC_BATCH_LIMIT : OPENAI_BATCH_LIMIT);
}

/** `panel batch status` and `panel batch collect`. */
export async function batchCommand(args: ParsedArgs, io: Io): Promise<number> {
  const sub = args.positionals[0];
  if (sub !== 'status' && sub !== 'collect') throw new UsageError('Use `panel batch status` or `panel batch collect`.');
  const ctx = await createContext(args, io);
  return sub === 'status' ? status(ctx) : collect(ctx);
}

async function status(ctx: Context): Promise<number> {
  const pending = await listPending(ctx.store.dir);
  if (pending.length === 0) {
    ctx.io.stdout.write('No batch is pending.\n');
    return 0;
  }
  const rows: string[][] = [];
  for (const batch of pending) {
    const api = await client(ctx, batch.provider);
    for (const b of batch.batches) {
      const s = await api.status(b.providerId);
      const counts = Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(', ');
      rows.push([batch.id, b.providerId, String(b.customIds.length), s.status, counts]);
    }
  }
  ctx.io.stdout.write(`${formatTable(['pending', 'provider batch', 'requests', 'status', 'counts'], rows)}\n`);
  return 0;
}

async function collect(ctx: Context): Promise<number> {
  const pending = await listPending(ctx.store.dir);
  if (pending.length === 0) {
    ctx.io.stdout.write('No batch is pending.\n');
    return 0;
  }
  let failed = false;
  for (const batch of pending) {
    const api = await client(ctx, batch.provider);
    // A submission cut short by a crash: send the chunks that never went out.
    await submitUnsent(batch, api, limitFor(ctx, batch.provider), async (b) => void (await savePending(ctx.store.dir, b)));
    const statuses = await Promise.all(batch.batches.map((b) => api.status(b.providerId)));
    const open = statuses.filter((s) => !s.ended);
    if (open.length > 0) {
      ctx.io.stdout.write(`${batch.id}: ${statuses.length - open.length} of ${statuses.length} batches ended; collect again later.\n`);
      continue;
    }
    const results = new Map<string, BatchResult>();
    for (const b of batch.batches) for (const [id, r] of await api.results(b.providerId)) results.set(id, r);
    const records = recordsFromBatch(batch, results, (model) => priceOf(ctx.prices, model), ctx.config);
    for (const record of records) await ctx.store.write(record);
    await dropPending(ctx.store.dir, batch.id);
    const made = records.flatMap((r) => r.reviews.filter((v) => !v.reusedFrom));
    const bad = made.filter((r) => r.status === 'failed');
    failed ||= bad.length > 0;
    ctx.io.stdout.write(
      `${batch.id}: wrote ${records.length} run${records.length === 1 ? '' : 's'}; ${made.length - bad.length} reviews ok, ${bad.length} failed` +
        `${bad.length ? ` (${[...new Set(bad.map((r) => r.error?.kind))].join(', ')}; \`panel regen\` retries them)` : ''}.\n` +
        `Spent: ${describeSpend(spendOf(made))} (batch price).\n`,
    );
  }
  return failed ? 1 : 0;
}
