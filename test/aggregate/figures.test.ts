/**
 * The figures check, as a table worked by hand: each figure a quote states,
 * normalised, looked for in the tool's own material; the seed's eight quotes
 * included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFigures, toolMaterial } from '../../src/aggregate/figures.js';
import { ROOT } from '../support/workspace.js';

describe('figures check', () => {
  const cases: [string, string, [string, boolean][]][] = [
    ['2B params', 'an open-source 2-billion-parameter model', [['2B', true]]],
    [
      'two sizes: 2 billion and 500M',
      'sizes: 2B and 500 million parameters',
      [
        ['2 billion', true],
        ['500M', true],
      ],
    ],
    ['32k stars', 'With 32,000 GitHub stars', [['32k', true]]],
    ['32K stars', 'With 32,000+ GitHub stars', [['32K', true]]],
    ['9,000+ stars in a day', '9,200 gained in a single day', [['9,000+', true]]],
    ['9,000+ stars in a day', '90,000 gained in a single day', [['9,000+', false]]],
    ['$0.033/hour per seat', 'costs 0.033 USD per hour', [['$0.033', true]]],
    ['$0.033/hour', 'costs $0.33 per hour', [['$0.033', false]]],
    ['runs on a 16GB GPU', 'runs on consumer GPUs', [['16GB', false]]],
    ['runs on a 16 GB GPU', 'needs 16GB of memory', [['16 GB', true]]],
    ['3x faster', 'up to 3x its size', [['3x', true]]],
    ['30% better', '30 contributors', [['30%', false]]],
    ['v1.2.3 is out', 'Release 1.2.3', [['v1.2.3', true]]],
    ['Qwen2-VL-7B and InternVL2-8B, SmolVLM1', 'nothing', []],
    [
      '50-500 person company',
      'nothing',
      [
        ['50', false],
        ['500', false],
      ],
    ],
  ];
  it.each(cases)('%s in "%s"', (quote, material, expected) => {
    expect(checkFigures(quote, material).map((c) => [c.figure, c.found])).toEqual(expected);
  });

  it("on the seed's eight quotes: 32,000 GitHub stars is found, the 16GB consumer GPU is not", () => {
    const got: Record<string, [string, boolean][]> = {};
    for (const slug of ['smolvlm2', 'karpathy-skills']) {
      const dir = join(ROOT, 'runs', slug);
      const record = JSON.parse(
        readFileSync(
          join(
            dir,
            readdirSync(dir).find((f) => f.endsWith('.json'))!,
          ),
          'utf8',
        ),
      );
      for (const r of record.reviews) got[`${slug}/${r.persona}`] = checkFigures(r.review.quote, toolMaterial(record.tool)).map((c) => [c.figure, c.found]);
    }
    expect(got).toEqual({
      'karpathy-skills/builder': [['32,000', true]],
      'karpathy-skills/skeptic': [
        ['32,000', true],
        ['200k', false],
      ],
      'karpathy-skills/futurist': [['9,000+', true]], // the material: "9,200 gained in a single day"
      'karpathy-skills/creator': [
        ['30%', false],
        ['100%', false],
      ],
      'smolvlm2/builder': [
        ['2B', true],
        ['2.0', true],
        ['16GB', false],
      ], // Apache 2.0 is in the pricing notes
      'smolvlm2/skeptic': [
        ['2', true],
        ['7B', false],
        ['2B', true],
        ['12', false],
        ['2.0', true],
      ], // "PaliGemma 2": a name's number, found by coincidence
      'smolvlm2/futurist': [
        ['2027', false],
        ['2B', true],
        ['7B', false],
      ],
      'smolvlm2/buyer': [
        ['50', false],
        ['500', false],
        ['$0.01', false],
        ['2.0', true],
      ],
    });
  });
});
