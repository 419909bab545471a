import type { ReplayDifference } from '../run/replay/reparse.js';
import type { RunRecord } from '../shapes/run-record.js';
import { safeJson } from './formats.js';

export interface ReparseResult {
  record: RunRecord;
  differences: ReplayDifference[];
}

/** `panel replay`: same or DIFFERS per run, then each difference. */
export function renderReparse(results: readonly ReparseResult[], format: 'text' | 'json'): string {
  if (format === 'json') {
    return `${safeJson({ runs: results.map((r) => ({ tool: r.record.tool.slug, runId: r.record.runId, differences: r.differences })) })}\n`;
  }
  const differing = results.filter((r) => r.differences.length > 0);
  const lines = results.map((r) => `${r.differences.length ? 'DIFFERS' : 'same   '}  ${r.record.tool.slug}/${r.record.runId}`);
  for (const r of differing) lines.push('', `${r.record.tool.slug}/${r.record.runId}:`, ...r.differences.map(describe));
  lines.push('', `${results.length} run${results.length === 1 ? '' : 's'} replayed with no network; ${differing.length} differ${differing.length === 1 ? 's' : ''} from the record.`);
  return `${lines.join('\n')}\n`;
}

function describe(d: ReplayDifference): string {
  const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);
  return `  ${d.persona ? `${d.persona} ` : ''}${d.field}: recorded ${clip(d.recorded)}, now ${clip(d.now)}`;
}
