import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleissKappa, spearman } from '../../src/aggregate/stats.js';
import { useHarness } from '../support/harness.js';
import { personaOf, scriptedReviewer, toolNameOf } from '../support/llm-server.js';
import { cleanEnv, panel } from '../support/run-cli.js';

describe('agreement statistics, by hand', () => {
  it("Fleiss' κ: 4 raters on 3 items (P̄ = 0.6111, Pe = 0.625, κ = −0.037); total agreement is 1", () => {
    const kappa = fleissKappa([
      ['ship', 'ship', 'ship', 'ship'],
      ['ship', 'ship', 'skip', 'skip'],
      ['ship', 'ship', 'ship', 'skip'],
    ]);
    expect(kappa.n).toBe(3);
    expect(kappa.value).toBeCloseTo(-0.037037, 5);
    expect(
      fleissKappa([
        ['ship', 'ship'],
        ['ship', 'ship'],
        ['skip', 'skip'],
      ]).value,
    ).toBeCloseTo(1, 10);
    expect(
      fleissKappa([
        ['ship', 'skip'],
        ['ship', 'ship'],
      ]),
    ).toEqual({ value: null, n: 2 });
  });

  it("Spearman's ρ: ranks with one swap give 0.9; tied ranks are averaged", () => {
    expect(spearman([10, 20, 30, 40, 50], [15, 25, 20, 45, 50])).toBeCloseTo(0.9, 10);
    expect(spearman([80, 60, 60, 60, 40], [90, 70, 50, 30, 10])).toBeCloseTo(8 / Math.sqrt(80), 10);
  });
});

describe('panel stats on a small fixed catalog', () => {
  const h = useHarness();
  const TOOLS = [
    ['t1', 'Tool One', 9, 1],
    ['t2', 'Tool Two', 7, 3],
    ['t3', 'Tool Three', 5, 5],
    ['t4', 'Tool Four', 3, 7],
    ['t5', 'Tool Five', 1, 9],
  ] as const;
  /** builder and buyer ship everything, the skeptic nothing; the futurist ships t1–t3, the creator t1 and t4. */
  const SHIPS: Record<string, string[]> = { builder: ['t1', 't2', 't3', 't4', 't5'], skeptic: [], buyer: ['t1', 't2', 't3', 't4', 't5'], futurist: ['t1', 't2', 't3'], creator: ['t1', 't4'] };

  it('gives ship rates, lone dissent, pairwise agreement, κ and ρ as computed by hand, each with its n', async () => {
    await mkdir(join(h.ws.dir, 'small'));
    for (const [slug, name, ship, skip] of TOOLS) {
      await h.ws.write(
        `small/${slug}.yaml`,
        `name: ${name}\ncategory: Developer Tools\ntagline: A tool\npricing: { entry: Free }\ndescription: ${name} does one thing well.\ncommunity: { ship: ${ship}, skip: ${skip} }\n`,
      );
    }
    await h.ws.write('panel.config.yaml', 'catalog: small\n');
    h.server.respond = scriptedReviewer((r) => {
      const slug = TOOLS.find(([, name]) => name === toolNameOf(r.body))![0];
      return { verdict: SHIPS[personaOf(r.body)]!.includes(slug) ? 'ship' : 'skip', quote: 'One concrete fact about it.' };
    });
    expect((await panel(['regen'], { cwd: h.ws.dir, env: h.anthropicEnv() })).code).toBe(0);
    const result = await panel(['stats', '--json'], { cwd: h.ws.dir, env: cleanEnv() });
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout);
    const persona = (id: string) => stats.personas.find((p: { persona: string }) => p.persona === id);
    expect(persona('builder').shipRate).toEqual({ value: 1, n: 5 });
    expect(persona('skeptic').shipRate).toEqual({ value: 0, n: 5 });
    expect(persona('skeptic').loneDissent).toEqual({ value: 0.2, n: 5 });
    const pair = (a: string, b: string) => stats.pairs.find((p: { a: string; b: string }) => (p.a === a && p.b === b) || (p.a === b && p.b === a)).agreement;
    expect(pair('builder', 'skeptic')).toEqual({ value: 0, n: 5 });
    expect(pair('builder', 'buyer')).toEqual({ value: 1, n: 5 });
    expect(pair('futurist', 'creator')).toEqual({ value: 0.4, n: 5 });
    // Ships per tool 4,3,3,3,2 of 5: P̄ = 0.44, Pe = 0.52, κ = −0.08 / 0.48.
    expect(stats.kappa.n).toBe(5);
    expect(stats.kappa.value).toBeCloseTo(-0.08 / 0.48, 10);
    // Panel 80, 60, 60, 60, 40 against readers 90, 70, 50, 30, 10.
    expect(stats.community.rho.n).toBe(5);
    expect(stats.community.rho.value).toBeCloseTo(8 / Math.sqrt(80), 10);
    expect(stats.community.leads.slice(0, 2).map((l: { slug: string; gap: number }) => [l.slug, l.gap])).toEqual([
      ['t4', 30],
      ['t5', 30],
    ]);
    expect(stats.contested).toEqual({ value: null, n: 0 });

    const text = await panel(['stats'], { cwd: h.ws.dir, env: cleanEnv() });
    expect(text.stdout).toMatch(/Fleiss' κ for the panel: -0\.17 \(n=5\)/);
    expect(text.stdout).toMatch(/Contested verdicts, where sampled more than once: too few data \(n=0\)/);
  });
});
