import type { Io } from '../io.js';
import { UsageError } from '../../errors.js';
import type { BatchSubmission } from '../../run/batch/execute-batch.js';
import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';

export const batch = defineCommand({
  usage: 'batch status|collect',
  summary: 'pending provider batches from regen/review --batch',
  help: `Usage: panel batch status | panel batch collect [--json]

Batches come from \`panel regen --batch\` or \`panel review <tool...> --batch\`,
which submit every pending request to the provider's batch API (Anthropic
Message Batches, or OpenAI files + Batch; half price) and return. status shows each batch's progress; collect, once they have
ended, writes the run records a live run would (errored, expired and canceled
entries become failed reviews that the next regen retries).
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    const [sub, ...extra] = args.positionals;
    if ((sub !== 'status' && sub !== 'collect') || extra.length > 0) throw new UsageError('Use `panel batch status` or `panel batch collect`.');
    const [{ sessionFor }, run, report, { safeJson }] = await Promise.all([
      import('../session.js'),
      import('../../run/batch/execute-batch.js'),
      import('../../render/batch-report.js'),
      import('../../render/formats.js'),
    ]);
    const session = await sessionFor(args, io);
    if (sub === 'status') {
      const rows = await run.batchStatus(session);
      io.stdout.write(format === 'json' ? `${safeJson({ pending: rows })}\n` : report.renderBatchStatus(rows));
      return 0;
    }
    const reports = await run.collectBatches(session);
    io.stdout.write(format === 'json' ? `${safeJson({ collected: reports.map(report.collectedJson) })}\n` : report.renderCollected(reports));
    return reports.some((r) => r.ended && r.failed.length > 0) ? 1 : 0;
  },
});

/** What `review --batch` and `regen --batch` print after submitting (or collecting a batch already pending). */
export async function presentSubmission(io: Io, submission: BatchSubmission): Promise<number> {
  const report = await import('../../render/batch-report.js');
  switch (submission.kind) {
    case 'nothing':
      io.stdout.write('Nothing to re-review: no batch submitted.\n');
      return 0;
    case 'submitted':
      io.stdout.write(report.renderSubmission(submission));
      return 0;
    case 'collected':
      io.stderr.write(`panel: a batch is already pending (${submission.pendingIds.join(', ')}); collecting it instead of submitting again.\n`);
      io.stdout.write(report.renderCollected(submission.reports));
      return submission.reports.some((r) => r.ended && r.failed.length > 0) ? 1 : 0;
  }
}
