import { plural } from './words.js';
import type { Estimate } from '../cost/estimate.js';
import { describeSpend, formatUsd } from '../cost/spend.js';
import type { RunResult, ToolOutcome } from '../run/outcome.js';
import { needsCall, needsRun, summarizeReasons, verdictFlips, type ToolPlan } from '../run/plan/plan.js';
import type { Score } from '../shapes/run-record.js';
import { safeJson } from './formats.js';
import type { ComparisonRefresh } from '../run/regen.js';
import { spendJson } from './review-report.js';
import { formatTable } from './table.js';

const callsOf = (plans: readonly ToolPlan[]) => plans.reduce((n, p) => n + p.items.filter(needsCall).length, 0);
const pendingOf = (plans: readonly ToolPlan[]) => plans.filter(needsRun);
const scoreText = (score: Score | undefined) => (score ? (score.percent === null ? '—' : `${score.percent}%`) : 'new');

/** One row of the regen table, as text and JSON show it. */
function row(o: ToolOutcome) {
  return {
    tool: o.plan.tool.slug,
    changed: summarizeReasons(o.plan),
    calls: o.paid.length,
    flips: o.record ? verdictFlips(o.plan, o.record.reviews) : verdictFlips(o.plan, o.paid),
    before: scoreText(o.plan.latest?.score),
    after: o.record ? scoreText(o.record.score) : 'unfinished',
    runFile: o.runFile,
    spend: spendJson(o),
    failed: o.failed,
    ...(o.unfinished ? { unfinished: o.unfinished } : {}),
  };
}

/** The table after a live regen: tool, what changed, verdict flips, old → new panel ship; then calls and spend. */
export function renderRegen(plans: readonly ToolPlan[], result: RunResult & { comparisons?: ComparisonRefresh[] }, format: 'text' | 'json'): string {
  const calls = callsOf(plans);
  const rows = result.outcomes.map(row);
  const comparisons = result.comparisons ?? [];
  // Claim checks sent by this command (grounding: on), each one call per tool.
  const checks = (result.checks ?? []).reduce((n, c) => n + c.paid.length, 0);
  if (format === 'json') return `${safeJson({ calls, checks, spend: result.spend, tools: rows, comparisons })}\n`;
  const compared = comparisons.map((c) => `Head-to-head ${c.pair} re-run: ${c.calls} pick${c.calls === 1 ? '' : 's'} asked again (${c.runFile}).\n`).join('');
  const checked = checks ? ` and ${plural(checks, 'claim check')}` : '';
  if (rows.length === 0) {
    const made = checks ? `${plural(checks, 'claim check')} of quotes no check had read. Spent: ${describeSpend(result.spend)}.` : 'No calls made.';
    return `Nothing to re-review: all ${plans.length} tool${plans.length === 1 ? ' is' : 's are'} current. ${made}\n${compared}`;
  }
  return (
    formatTable(
      ['tool', 'what changed', 'verdict flips', 'panel ship'],
      rows.map((r) => [r.tool, r.changed, r.flips.join('; ') || '—', `${r.before} → ${r.after}`]),
    ) +
    `\n${checks ? plural(calls, 'review') : plural(calls, 'call')} for ${plural(rows.length, 'tool')}${checked}; ${plans.length - rows.length} current.\n` +
    `Spent: ${describeSpend(result.spend)}.\n` +
    compared
  );
}

/** `regen --dry-run`: what would be re-reviewed and why, and an estimate of tokens and cost. */
export function renderDryRun(plans: readonly ToolPlan[], estimate: Estimate, asRecorded: boolean, format: 'text' | 'json', checks = 0): string {
  const reviews = callsOf(plans);
  const pending = pendingOf(plans);
  // The estimate counts every call regen would make: the reviews above, the claim checks of their quotes and the head-to-head picks that keep comparisons current.
  const picks = estimate.calls - reviews - checks;
  const calls = estimate.calls;
  if (format === 'json') {
    const tools = pending.map((p) => ({ tool: p.tool.slug, personas: p.items.filter(needsCall).map((i) => ({ persona: i.persona.id, reasons: i.reasons })) }));
    return `${safeJson({ calls, reviews, picks, checks, tools, estimate })}\n`;
  }
  const rows = pending.flatMap((p) => p.items.filter(needsCall).map((i) => [p.tool.slug, i.persona.id, i.reasons.join('; ')]));
  const note = asRecorded ? " (no provider configured: compared with each recording's own provider and model)" : '';
  const head = rows.length ? `${formatTable(['tool', 'persona', 'why'], rows)}\n` : '';
  const extras = [checks > 0 ? plural(checks, 'claim check') : '', picks > 0 ? plural(picks, 'head-to-head pick') : ''].filter(Boolean);
  const what = extras.length
    ? `${plural(calls, 'call')}: ${plural(reviews, 'review')} for ${plural(pending.length, 'tool')} and ${extras.join(' and ')}`
    : `${plural(calls, 'call')} for ${plural(pending.length, 'tool')}`;
  return `${head}Would make ${what}; ${plans.length - pending.length} current${note}. Nothing was called or written.\n${estimateText(estimate)}`;
}

function estimateText(e: Estimate): string {
  if (e.calls === 0) return '';
  const n = (x: number) => x.toLocaleString('en-US');
  const cost = e.cost === null ? 'cost unknown (a model has no price in the model table)' : `about ${formatUsd(e.cost)}`;
  return `Estimate, not a quote: ${n(e.inputTokens)} input and ${n(e.outputTokens)} output tokens, ${cost}; ${e.basis.join('; ')}.\n`;
}
