import { describeSpend, spendOf } from '../cost/spend.js';
import type { ReviewRecord, RunRecord } from '../shapes/run-record.js';
import { personaVerdicts, verdictMoves, type PersonaVerdict } from '../aggregate/score.js';
import type { ComparisonRecord } from '../shapes/comparison-record.js';
import { headToHead } from '../aggregate/head-to-head.js';
import { safeJson } from './formats.js';
import { formatTable } from './table.js';

const percent = (r: RunRecord) => (r.score.percent === null ? '—' : `${r.score.percent}%`);
const cell = (r: ReviewRecord | undefined) => (!r ? '' : r.status === 'failed' ? 'failed' : `${r.review!.verdict}${r.reusedFrom ? '=' : ''}`);

/** `panel history`: every run of a tool (oldest first), each persona's verdict, the moves, and the spend over all runs. */
export function renderHistory(slug: string, runs: readonly RunRecord[], format: 'text' | 'json'): string {
  const personas = [...new Set(runs.flatMap((r) => r.reviews.map((v) => v.persona)))];
  const { moves } = verdictMoves(runs);
  // Each call counted once: reviews carried into later runs carry zero usage there.
  const spend = spendOf(runs.flatMap((r) => r.reviews));

  if (format === 'json') {
    return `${safeJson({
      tool: slug,
      runs: runs.map((r) => ({
        runId: r.runId,
        createdAt: r.createdAt,
        origin: r.origin.kind,
        provider: r.provider,
        models: [...new Set(r.reviews.map((v) => v.model))],
        score: r.score,
        usage: r.usage,
        verdicts: Object.fromEntries(r.reviews.map((v) => [v.persona, { status: v.status, verdict: v.review?.verdict ?? null, reusedFrom: v.reusedFrom ?? null }])),
      })),
      moves,
      usage: spend.usage,
      cost: spend.cost,
    })}\n`;
  }
  const rows = runs.map((r) => [
    r.runId,
    r.createdAt.slice(0, 16).replace('T', ' '),
    `${r.provider} ${[...new Set(r.reviews.map((v) => v.model))].join(',')}${r.origin.kind === 'transcribed' ? ' (transcribed)' : ''}`,
    percent(r),
    ...personas.map((p) => cell(r.reviews.find((v) => v.persona === p))),
  ]);
  const lines = [
    `${runs.at(-1)!.tool.name} (${slug}): ${runs.length} run${runs.length === 1 ? '' : 's'}, oldest first; "=" marks a review carried over unchanged`,
    '',
    formatTable(['run', 'date (UTC)', 'provider model', 'ship', ...personas], rows),
    '',
    moves.length ? 'Verdict moves:' : 'No verdict has moved.',
    ...moves.map((m) => `  ${m.runId}  ${m.persona}: ${m.from} → ${m.to}`),
    '',
    `Spent over all runs (each call counted once): ${describeSpend(spend)}.`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `panel diff`: each persona's verdict and quote in two runs, side by side,
 * flips marked. With samples, a persona's verdict is its majority (as on every
 * page and in `panel serve`), and the quote the one the page shows.
 */
export function renderDiff(a: RunRecord, b: RunRecord, format: 'text' | 'json'): string {
  const [pa, pb] = [a, b].map((run) => new Map(personaVerdicts(run.reviews).map((v) => [v.persona, v])));
  const personas = [...new Set([...pa!.keys(), ...pb!.keys()])];
  const side = (v: PersonaVerdict | undefined) => ({ verdict: !v ? 'absent' : (v.verdict ?? v.status), quote: v?.shown?.review?.quote ?? null });
  const entries = personas.map((persona) => {
    const [sa, sb] = [side(pa!.get(persona)), side(pb!.get(persona))];
    return { persona, a: sa, b: sb, flipped: sa.verdict !== sb.verdict };
  });
  if (format === 'json') {
    return `${safeJson({ a: { runId: a.runId, tool: a.tool.slug, score: a.score }, b: { runId: b.runId, tool: b.tool.slug, score: b.score }, personas: entries })}\n`;
  }
  const lines = [`${a.tool.name}: ${a.runId} (${percent(a)}) → ${b.tool.name === a.tool.name ? '' : `${b.tool.name}: `}${b.runId} (${percent(b)})`];
  for (const e of entries) {
    lines.push('', `${e.persona}: ${e.a.verdict} → ${e.b.verdict}${e.flipped ? '  (flipped)' : ''}`);
    if (e.a.quote === e.b.quote && e.a.quote) lines.push(`  both: “${e.a.quote}”`);
    else {
      lines.push(`  A: ${e.a.quote ? `“${e.a.quote}”` : '—'}`);
      lines.push(`  B: ${e.b.quote ? `“${e.b.quote}”` : '—'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `panel history a--b`: every head-to-head of the pair, oldest first, each persona's pick, and how picks moved. */
export function renderComparisonHistory(pair: string, runs: readonly ComparisonRecord[], format: 'text' | 'json'): string {
  const results = runs.map((r) => ({ run: r, duel: headToHead(r) }));
  const nameOf = (slug: string | null, run: ComparisonRecord) => (slug === null ? 'no pick' : (run.tools.find((t) => t.slug === slug)?.name ?? slug));
  const moves: string[] = [];
  const last = new Map<string, string>();
  for (const { run, duel } of results) {
    for (const r of duel.results) {
      const now = nameOf(r.pick, run);
      const before = last.get(r.persona);
      if (before && before !== now) moves.push(`${run.runId}  ${r.persona}: ${before} → ${now}`);
      last.set(r.persona, now);
    }
  }
  if (format === 'json') {
    return `${safeJson({ pair, runs: results.map(({ run, duel }) => ({ runId: run.runId, createdAt: run.createdAt, tally: duel.tally, winner: duel.winner, picks: Object.fromEntries(duel.results.map((r) => [r.persona, r.pick])) })), moves })}\n`;
  }
  const personas = [...new Set(runs.flatMap((r) => r.picks.map((p) => p.persona)))];
  const rows = results.map(({ run, duel }) => [run.runId, run.createdAt.slice(0, 16).replace('T', ' '), ...personas.map((p) => nameOf(duel.results.find((r) => r.persona === p)?.pick ?? null, run))]);
  return `${[`${pair}: ${runs.length} head-to-head run${runs.length === 1 ? '' : 's'}, oldest first`, '', formatTable(['run', 'date (UTC)', ...personas], rows), '', moves.length ? 'Pick moves:' : 'No pick has moved.', ...moves.map((m) => `  ${m}`)].join('\n')}\n`;
}

/** `panel diff` of two head-to-head runs: each persona's pick in both, moves marked. */
export function renderComparisonDiff(a: ComparisonRecord, b: ComparisonRecord, format: 'text' | 'json'): string {
  const [da, db] = [headToHead(a), headToHead(b)];
  const name = (run: ComparisonRecord, slug: string | null | undefined) => (slug ? (run.tools.find((t) => t.slug === slug)?.name ?? slug) : 'no pick');
  const personas = [...new Set([...da.results, ...db.results].map((r) => r.persona))];
  const entries = personas.map((persona) => {
    const before = name(a, da.results.find((r) => r.persona === persona)?.pick);
    const after = name(b, db.results.find((r) => r.persona === persona)?.pick);
    return { persona, a: before, b: after, moved: before !== after };
  });
  if (format === 'json') return `${safeJson({ a: { runId: a.runId, tally: da.tally }, b: { runId: b.runId, tally: db.tally }, personas: entries })}\n`;
  return `${[`${a.pair}: ${a.runId} (${da.tally}) → ${b.runId} (${db.tally})`, '', ...entries.map((e) => `${e.persona}: ${e.a} → ${e.b}${e.moved ? '  (moved)' : ''}`)].join('\n')}\n`;
}
