import type { ComparisonRecord, PickRecord } from '../shapes/comparison-record.js';

/** One persona's head-to-head result: the tool it picked in both orders, or position-dependent when the orders disagree. */
export interface HeadToHeadResult {
  persona: string;
  personaName: string;
  /** A tool's slug; `position-dependent` (counted as a tie); null when a pick failed or the persona was recused. */
  pick: string | 'position-dependent' | null;
  status: 'ok' | 'failed' | 'recused';
  quote: string | null;
  model: string;
}

export interface HeadToHead {
  runId: string;
  results: HeadToHeadResult[];
  /** Personas picking each tool, by slug, and how many were position-dependent. */
  counts: Record<string, number>;
  positionDependent: number;
  /** "4 of 5 personas pick SmolVLM2; 1 position-dependent" */
  tally: string;
  /** The tool the head-to-head favours, or null for a tie. */
  winner: string | null;
}

/** Pure: picks in, one result per persona and the tally out. */
export function headToHead(record: ComparisonRecord): HeadToHead {
  const [a, b] = record.tools;
  const personas = [...new Set(record.picks.map((p) => p.persona))];
  const results = personas.map((persona): HeadToHeadResult => {
    const picks = record.picks.filter((p) => p.persona === persona);
    const first = picks[0]!;
    const [ab, ba] = [picks.find((p) => p.order === 'AB'), picks.find((p) => p.order === 'BA')];
    const base = { persona, personaName: first.personaName, model: first.model };
    if (first.status === 'recused') return { ...base, pick: null, status: 'recused', quote: first.recusal ?? null };
    if (!ab?.slug || !ba?.slug || ab.status !== 'ok' || ba.status !== 'ok') return { ...base, pick: null, status: 'failed', quote: null };
    if (ab.slug === ba.slug) return { ...base, pick: ab.slug, status: 'ok', quote: ab.pick!.quote };
    return { ...base, pick: 'position-dependent', status: 'ok', quote: ab.pick!.quote };
  });
  const counts: Record<string, number> = { [a.slug]: 0, [b.slug]: 0 };
  for (const r of results) if (r.pick && r.pick !== 'position-dependent') counts[r.pick] = (counts[r.pick] ?? 0) + 1;
  const positionDependent = results.filter((r) => r.pick === 'position-dependent').length;
  const decided = results.filter((r) => r.status === 'ok').length;
  const [lead, trail] = counts[a.slug]! >= counts[b.slug]! ? [a, b] : [b, a];
  const winner = counts[lead.slug]! === counts[trail.slug]! ? null : lead.slug;
  const name = (slug: string) => (slug === a.slug ? a.name : b.name);
  const head = winner ? `${counts[winner]} of ${decided} personas pick ${name(winner)}` : `${counts[a.slug]} of ${decided} personas pick ${a.name} and ${counts[b.slug]} pick ${b.name}`;
  const tally = `${head}${positionDependent ? `; ${positionDependent} position-dependent` : ''}`;
  return { runId: record.runId, results, counts, positionDependent, tally, winner };
}

/** How often each persona's pick follows the first position shown, over comparison runs (for stats). */
export function firstPositionShare(records: readonly ComparisonRecord[]): { persona: string; first: number; n: number }[] {
  const picks: PickRecord[] = records.flatMap((r) => r.picks.filter((p) => p.status === 'ok' && p.pick));
  const personas = [...new Set(picks.map((p) => p.persona))];
  return personas.map((persona) => {
    const mine = picks.filter((p) => p.persona === persona);
    return { persona, first: mine.filter((p) => p.pick!.choice === 'A').length, n: mine.length };
  });
}
