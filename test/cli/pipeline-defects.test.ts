/**
 * Defects met reading the pipeline end to end (issue: one pipeline). Each
 * failed on the code before.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { cleanEnv, panel } from '../support/run-cli.js';

describe('defects met in the pipeline', () => {
  const h = useHarness({ seedRuns: true });

  it("panel diff shows each persona's majority over its samples, as serve and every page do", async () => {
    const dir = join(h.ws.runs, 'smolvlm2');
    const [seed] = await readdir(dir);
    const record = JSON.parse(await readFile(join(dir, seed!), 'utf8'));
    const skeptic = record.reviews.find((r: { persona: string }) => r.persona === 'skeptic');
    const sample = (n: number, verdict: string) => ({ ...skeptic, sample: n, review: { ...skeptic.review, verdict, quote: `Sample ${n}: ${verdict}.` } });
    const runId = '2026-11-02T00-00-00.000Z-samples';
    const sampled = {
      ...record,
      runId,
      createdAt: '2026-11-02T00:00:00.000Z',
      samples: 3,
      reviews: [...record.reviews.filter((r: { persona: string }) => r.persona !== 'skeptic'), sample(1, 'ship'), sample(2, 'skip'), sample(3, 'skip')],
    };
    await writeFile(join(dir, `${runId}.json`), JSON.stringify(sampled));
    const diff = await panel(['diff', record.runId, runId], { cwd: h.ws.dir, env: cleanEnv() });
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/^skeptic: ship → skip {2}\(flipped\)$/m);
    expect(diff.stdout).toMatch(/B: “Sample 2: skip\.”/);
  });

  it('a catalog folder that cannot be listed is an error naming it, never an empty catalog', async () => {
    await rm(h.ws.catalog, { recursive: true });
    await writeFile(h.ws.catalog, 'not a folder');
    const result = await panel(['regen', '--dry-run'], { cwd: h.ws.dir, env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read the catalog folder .*fixtures\/tools \(it is a file, not a folder\)/);
  });
});
