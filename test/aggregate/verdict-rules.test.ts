/**
 * The comparison verdict's wording follows written rules (README, "The
 * verdict's wording"): one row per case, each checked on its own.
 */
import { describe, expect, it } from 'vitest';
import type { HeadToHead } from '../../src/aggregate/head-to-head.js';
import type { ToolPanel } from '../../src/aggregate/page-model.js';
import { comparisonVerdict } from '../../src/aggregate/verdict-rules.js';

/** A panel with `ship` ship votes and `skip` skip votes (failed and tie counts optional). */
function panel(slug: string, name: string, ship: number, skip: number, extra: { ties?: number } = {}): ToolPanel {
  const counted = ship + skip;
  const valid = counted + (extra.ties ?? 0);
  const percent = counted === 0 ? null : Math.round((100 * ship) / counted);
  return {
    tool: { slug, name, category: 'Developer Tools', tagline: 't', pricing: { entry: 'Free' }, description: 'd' },
    score: { ship, skip, valid, failed: 0, percent, complete: valid >= 3, display: percent === null ? '—' : `${percent}%`, contested: 0 },
  } as unknown as ToolPanel;
}

function duel(winner: string | null, counts: Record<string, number>, tally: string): HeadToHead {
  return { runId: 'r', results: [], counts, positionDependent: 0, tally, winner };
}

const A = (ship: number, skip: number) => panel('smolvlm2', 'SmolVLM2', ship, skip);
const B = (ship: number, skip: number) => panel('karpathy-skills', 'Karpathy Skills', ship, skip);

type Row = [string, ToolPanel, ToolPanel, HeadToHead | undefined, { outcome: string; winner: string | null; prefers: string | null }, RegExp, RegExp?];

const rows: Row[] = [
  [
    'both ship, one leads (the seed)',
    A(4, 0),
    B(3, 1),
    undefined,
    { outcome: 'winner', winner: 'smolvlm2', prefers: 'smolvlm2' },
    /^Ship with SmolVLM2: the panel ships it 100% \(4 of 4\) against 75% \(3 of 4\) for Karpathy Skills, a 25-point lead\.$/,
  ],
  [
    'both ship at the same share',
    A(3, 1),
    B(3, 1),
    undefined,
    { outcome: 'tie', winner: null, prefers: null },
    /^A tie: both panels ship, SmolVLM2 at 75% \(3 of 4\) and Karpathy Skills at 75% \(3 of 4\)\./,
  ],
  [
    'both ship, same ship votes on panels of different sizes: not a lead',
    A(3, 0),
    B(3, 1),
    undefined,
    { outcome: 'tie', winner: null, prefers: null },
    /same number of ship votes \(3\) on panels of different sizes \(3 and 4\), so neither leads/,
    /Ship with/,
  ],
  [
    'only one panel ships',
    A(1, 3),
    B(3, 1),
    undefined,
    { outcome: 'winner', winner: 'karpathy-skills', prefers: 'karpathy-skills' },
    /^Ship with Karpathy Skills: its panel ships it 75% \(3 of 4\); SmolVLM2's panel does not \(25%, 1 of 4\)\.$/,
  ],
  [
    'half is not a majority: 50% (2 of 4) against 40% (2 of 5) is neither, and no lead',
    A(2, 3),
    B(2, 2),
    undefined,
    { outcome: 'neither', winner: null, prefers: null },
    /^Neither panel ships its tool: SmolVLM2 40% \(2 of 5\), Karpathy Skills 50% \(2 of 4\)\. .*same number of ship votes \(2\)/,
    /Ship with/,
  ],
  [
    'neither ships, one is preferred',
    A(1, 3),
    B(2, 2),
    undefined,
    { outcome: 'neither', winner: null, prefers: 'karpathy-skills' },
    /^Neither panel ships its tool: .*The panel prefers Karpathy Skills, by 25 points, but not enough to ship it\.$/,
    /Ship with/,
  ],
  ['neither ships, same share', A(1, 3), B(1, 3), undefined, { outcome: 'neither', winner: null, prefers: null }, /^Neither panel ships its tool: .*neither leads/],
  [
    'head to head won by a tool its panel ships',
    A(4, 0),
    B(3, 1),
    duel('smolvlm2', { smolvlm2: 4, 'karpathy-skills': 1 }, '4 of 5 personas pick SmolVLM2'),
    { outcome: 'winner', winner: 'smolvlm2', prefers: 'smolvlm2' },
    /^Ship with SmolVLM2: head to head, 4 of 5 personas pick SmolVLM2, each asked with the tools in both orders\./,
  ],
  [
    'head to head won by a tool its own panel does not ship: preferred, not ship with',
    A(2, 3),
    B(2, 3),
    duel('smolvlm2', { smolvlm2: 5, 'karpathy-skills': 0 }, '5 of 5 personas pick SmolVLM2'),
    { outcome: 'preferred', winner: null, prefers: 'smolvlm2' },
    /^Head to head the panel prefers SmolVLM2 \(5 of 5 personas pick SmolVLM2, .*\), but its own panel does not ship it \(40%, 2 of 5\), so this is a preference, not a ship\./,
    /Ship with/,
  ],
  [
    'head to head tied by position-dependent picks',
    A(4, 0),
    B(3, 1),
    duel(null, { smolvlm2: 1, 'karpathy-skills': 1 }, '1 of 2 personas pick SmolVLM2 and 1 pick Karpathy Skills; 3 position-dependent'),
    { outcome: 'tie', winner: null, prefers: null },
    /^Head to head, a tie: 1 of 2 personas pick SmolVLM2 and 1 pick Karpathy Skills; 3 position-dependent\./,
  ],
  [
    'an incomplete panel: no verdict',
    A(1, 1),
    B(3, 1),
    undefined,
    { outcome: 'incomplete', winner: null, prefers: null },
    /^No verdict yet: SmolVLM2's panel has only 2 valid reviews \(at least 3 are needed\)/,
  ],
  [
    'an incomplete panel with a head to head: still no verdict',
    A(1, 1),
    B(3, 1),
    duel('smolvlm2', { smolvlm2: 4, 'karpathy-skills': 0 }, '4 of 4 personas pick SmolVLM2'),
    { outcome: 'incomplete', winner: null, prefers: null },
    /^No verdict yet/,
  ],
];

describe('the comparison verdict, case by case', () => {
  for (const [name, a, b, h2h, expected, text, never] of rows) {
    it(name, () => {
      const verdict = comparisonVerdict(a, b, h2h);
      expect(verdict).toMatchObject(expected);
      expect(verdict.text).toMatch(text);
      if (never) expect(verdict.text).not.toMatch(never);
    });
  }

  it('never says "Ship with X" unless X\'s own panel ships it by a majority', () => {
    const shares = [
      [0, 4],
      [1, 3],
      [2, 2],
      [2, 3],
      [3, 1],
      [4, 0],
      [3, 2],
      [2, 1],
    ] as const;
    let checked = 0;
    for (const [s1, k1] of shares) {
      for (const [s2, k2] of shares) {
        for (const h2h of [undefined, duel('smolvlm2', { smolvlm2: 3, 'karpathy-skills': 0 }, '3 of 3 personas pick SmolVLM2')]) {
          const verdict = comparisonVerdict(A(s1, k1), B(s2, k2), h2h);
          const named = /^Ship with (SmolVLM2|Karpathy Skills)/.exec(verdict.text)?.[1];
          if (named) expect(named === 'SmolVLM2' ? s1 > k1 : s2 > k2, verdict.text).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBe(128);
  });
});
