/**
 * Calibration: twenty tools labelled by the editors, each persona's κ,
 * agreement and leniency against values worked by hand; a changed persona
 * prompt makes its figures stale; fewer than twenty labels is "too few".
 */
import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../support/catalog-gen.js';
import { useHarness } from '../support/harness.js';
import { personaOf, scriptedReviewer, toolNameOf } from '../support/llm-server.js';
import { panel } from '../support/run-cli.js';

const h = useHarness();
const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });

interface Editors {
  editors: Record<string, { n: number; agreement: number | null; kappa: number | null; leniency: number | null; stale: number; overrides: number; rejects: number; reviews: number }>;
}

/**
 * The builder ships tools 0-13 and skips 14-19; the skeptic skips all. The
 * editors ship 0-9 and 14-15 and skip the rest. Builder, worked by hand:
 * 10 agree on ship (0-9), 4 disagree (10-13: builder ship, editors skip),
 * 2 disagree (14-15: builder skip, editors ship), 4 agree on skip (16-19).
 * Agreement 14/20 = 0.7; builder ships 14/20 = 0.7, editors 12/20 = 0.6;
 * chance agreement 0.7·0.6 + 0.3·0.4 = 0.54; κ = (0.7 − 0.54) / 0.46 =
 * 0.347826…; leniency 0.7 − 0.6 = +0.1. Skeptic: agrees on the 8 skips:
 * 0.4; ships 0, editors 0.6; chance 0·0.6 + 1·0.4 = 0.4; κ = 0; leniency −0.6.
 */
const builderShips = (i: number) => i <= 13;
const editorsShip = (i: number) => i <= 9 || i === 14 || i === 15;

describe('agreement with the editors', () => {
  it('gives κ, agreement and leniency as worked by hand, stale after a prompt change, and too few labels under twenty', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: tools\n');
    await generateCatalog(`${h.ws.dir}/tools`, 20);
    h.server.respond = scriptedReviewer((r) => {
      const i = Number(toolNameOf(r.body).replace('Tool ', ''));
      const persona = personaOf(r.body);
      return { verdict: persona === 'skeptic' ? 'skip' : persona === 'builder' && !builderShips(i) ? 'skip' : 'ship', quote: `As the ${persona}, a concrete verdict on Tool ${i}.` };
    });
    expect((await run(['regen'])).code).toBe(0);
    for (let i = 0; i < 19; i++) expect((await run(['label', `tool-${String(i).padStart(4, '0')}`, editorsShip(i) ? 'ship' : 'skip', '--editor', 'Ada'])).code).toBe(0);

    const few = JSON.parse((await run(['stats', '--json'])).stdout) as Editors;
    expect(few.editors['builder']).toMatchObject({ n: 19, agreement: null, kappa: null, leniency: null, stale: 0 });
    expect((await run(['stats'])).stdout).toMatch(/builder\s+too few labels \(n=19; 20 needed\)/);

    expect((await run(['label', 'tool-0019', 'skip', '--editor', 'Ada'])).code).toBe(0);
    const stats = JSON.parse((await run(['stats', '--json'])).stdout) as Editors;
    expect(stats.editors['builder']!.n).toBe(20);
    expect(stats.editors['builder']!.agreement).toBeCloseTo(0.7, 10);
    expect(stats.editors['builder']!.kappa).toBeCloseTo(0.347826087, 8);
    expect(stats.editors['builder']!.leniency).toBeCloseTo(0.1, 10);
    expect(stats.editors['skeptic']).toMatchObject({ n: 20, stale: 0 });
    expect(stats.editors['skeptic']!.agreement).toBeCloseTo(0.4, 10);
    expect(stats.editors['skeptic']!.kappa).toBeCloseTo(0, 10);
    expect(stats.editors['skeptic']!.leniency).toBeCloseTo(-0.6, 10);
    expect((await run(['stats'])).stdout).toMatch(/builder\s+0\.35 \(n=20\)\s+70%\s+\+10 points/);

    // A new prompt is a new judge: the builder's labels go stale; the skeptic's figures stand.
    const { readFile, writeFile } = await import('node:fs/promises');
    const file = `${h.ws.personas}/builder.md`;
    await writeFile(file, `${await readFile(file, 'utf8')}\nAlso weigh the documentation.\n`);
    const after = JSON.parse((await run(['stats', '--json'])).stdout) as Editors;
    expect(after.editors['builder']).toMatchObject({ n: 0, agreement: null, kappa: null, stale: 20 });
    expect(after.editors['skeptic']).toMatchObject({ n: 20, stale: 0 });
    expect((await run(['stats'])).stdout).toMatch(/builder\s+too few labels \(n=0; 20 needed\)\s+20 stale/);
  });

  it('counts overrides and rejections per persona over its reviews', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: tools\n');
    await generateCatalog(`${h.ws.dir}/tools`, 4);
    expect((await run(['regen'])).code).toBe(0);
    await run(['override', 'tool-0000', 'skeptic', 'ship', '--editor', 'Ada', '--reason', 'too harsh']);
    await run(['reject', 'tool-0001', 'skeptic', '--editor', 'Ada', '--reason', 'off topic']);
    const stats = JSON.parse((await run(['stats', '--json'])).stdout) as Editors;
    expect(stats.editors['skeptic']).toMatchObject({ overrides: 0.25, rejects: 0.25, reviews: 4 });
    expect(stats.editors['builder']).toMatchObject({ overrides: 0, rejects: 0, reviews: 4 });
  });
});
