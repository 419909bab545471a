import type { BatchStatus } from '../providers/batch/anthropic.js';
import type { BatchSubmission, CollectReport } from '../run/batch/execute-batch.js';
import { describeSpend } from '../cost/spend.js';
import { formatTable } from './table.js';

const s = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

/** What `--batch` says once the requests are with the provider. */
export function renderSubmission(submission: Extract<BatchSubmission, { kind: 'submitted' }>): string {
  const { batch, path } = submission;
  const reviews = Object.keys(batch.entries).length;
  const checks = Object.values(batch.checks ?? {});
  const tools = new Set([...Object.keys(batch.tools), ...checks.map((c) => c.call.slug)]).size;
  const kinds = checks.length ? ` (${[reviews ? s(reviews, 'review') : '', s(checks.length, 'claim check')].filter(Boolean).join(' and ')})` : '';
  const checksLater = Object.values(batch.tools).some((t) => t.checker) ? 'The claim checks of the new quotes go in a batch of their own once the reviews are collected.\n' : '';
  return (
    `Submitted ${s(reviews + checks.length, 'request')}${kinds} for ${s(tools, 'tool')} in ${s(batch.batches.length, 'batch', 'batches')} ` +
    `(${batch.batches.map((b) => b.providerId).join(', ')}); saved in ${path}.\n` +
    'Check with `panel batch status`; write the runs with `panel batch collect` (or run the same command again).\n' +
    checksLater
  );
}

/** One paragraph per pending batch: still running, or the runs it wrote and what they cost. */
export function renderCollected(reports: readonly CollectReport[]): string {
  if (reports.length === 0) return 'No batch is pending.\n';
  return reports
    .map((r) => {
      if (!r.ended) return `${r.id}: ${r.batchesEnded} of ${r.batches} batches ended; collect again later.\n`;
      const kinds = [...new Set(r.failed.map((v) => v.error?.kind))].join(', ');
      const reviews = r.runs.length
        ? `wrote ${s(r.runs.length, 'run')}; ${r.made.length - r.failed.length} reviews ok, ${r.failed.length} failed` + `${r.failed.length ? ` (${kinds}; \`panel regen\` retries them)` : ''}.`
        : '';
      const failedChecks = r.checks.filter((c) => c.status === 'failed').length;
      const checks = r.checks.length ? `wrote ${s(r.checks.length, 'claim check')}${failedChecks ? ` (${failedChecks} failed; their quotes are checked again next time)` : ''}.` : '';
      const followUp = r.followUp
        ? `Submitted the claim checks of the new quotes: ${s(r.followUp.checks, 'request')} as ${r.followUp.id}, saved in ${r.followUp.path}; collect it once it ends.\n`
        : '';
      return `${r.id}: ${[reviews, checks].filter(Boolean).join(' ')}\n` + followUp + `Spent: ${describeSpend(r.spend)} (batch price).\n`;
    })
    .join('');
}

export function renderBatchStatus(rows: readonly { id: string; requests: number; status: BatchStatus }[]): string {
  if (rows.length === 0) return 'No batch is pending.\n';
  const cells = rows.map((r) => [
    r.id,
    r.status.providerId,
    String(r.requests),
    r.status.status,
    Object.entries(r.status.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  ]);
  return `${formatTable(['pending', 'provider batch', 'requests', 'status', 'counts'], cells)}\n`;
}

/** A collect report for scripts: run ids and counts, not whole records. */
export function collectedJson(r: CollectReport) {
  if (!r.ended) return r;
  return {
    id: r.id,
    ended: true,
    runs: r.runs.map((x) => `${x.tool.slug}/${x.runId}`),
    ok: r.made.length - r.failed.length,
    failed: r.failed.length,
    checks: r.checks.map((c) => ({ slug: c.slug, runId: c.runId, status: c.status, quotes: c.quotes.length })),
    ...(r.followUp ? { followUp: { id: r.followUp.id, checks: r.followUp.checks } } : {}),
    spend: r.spend,
  };
}
