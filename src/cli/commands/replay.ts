import { UsageError } from '../../errors.js';
import { reparseRecord, type ReplayDifference } from '../../run/reparse.js';
import type { RunRecord } from '../../runs/record.js';
import { safeJson } from '../../render/page.js';
import { outputFormat, type ParsedArgs } from '../args.js';
import { createContext, type Context } from '../context.js';
import type { Io } from '../io.js';
import { recordFor } from '../recorded.js';

/**
 * `panel replay <run>` / `--all`: re-parse every recorded response and
 * re-aggregate with today's code, no network; exit 1 on any difference from
 * what the record says.
 */
export async function replayCommand(args: ParsedArgs, io: Io): Promise<number> {
  const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
  const all = Boolean(args.values['all']);
  if (all === (args.positionals.length > 0)) throw new UsageError('Name runs to replay (`panel replay <run...>`), or pass --all for every recorded run.');
  const ctx = await createContext(args, io);
  const records = all ? await everyRecord(ctx) : await Promise.all(args.positionals.map((arg) => recordFor(ctx, arg)));
  const results = records.map((record) => ({ record, differences: reparseRecord(record) }));
  const differing = results.filter((r) => r.differences.length > 0);

  if (format === 'json') {
    io.stdout.write(
      `${safeJson({ runs: results.map((r) => ({ tool: r.record.tool.slug, runId: r.record.runId, differences: r.differences })) })}\n`,
    );
  } else {
    const lines = results.map((r) => `${r.differences.length ? 'DIFFERS' : 'same   '}  ${r.record.tool.slug}/${r.record.runId}`);
    for (const r of differing) {
      lines.push('', `${r.record.tool.slug}/${r.record.runId}:`, ...r.differences.map(describe));
    }
    lines.push('', `${results.length} run${results.length === 1 ? '' : 's'} replayed with no network; ${differing.length} differ${differing.length === 1 ? 's' : ''} from the record.`);
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return differing.length > 0 ? 1 : 0;
}

function describe(d: ReplayDifference): string {
  const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);
  return `  ${d.persona ? `${d.persona} ` : ''}${d.field}: recorded ${clip(d.recorded)}, now ${clip(d.now)}`;
}

async function everyRecord(ctx: Context): Promise<RunRecord[]> {
  return (await Promise.all((await ctx.store.slugs()).map((slug) => ctx.store.all(slug)))).flat();
}
