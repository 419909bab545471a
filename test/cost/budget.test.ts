import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runRecordSchema } from '../../src/shapes/run-record.js';
import { panel } from '../support/run-cli.js';
import { useHarness } from '../support/harness.js';
import { expectEvery } from '../support/expect-every.js';

describe('--max-cost', () => {
  const h = useHarness();
  const review = (...argv: string[]) => panel(['review', 'smolvlm2', '--model', 'claude-haiku-4-5', '--concurrency', '1', ...argv], { cwd: h.ws.dir, env: h.anthropicEnv() });

  it('stops starting calls before the budget would be exceeded, keeps what finished, and says so', async () => {
    const result = await review('--max-cost', '0.008');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stopped: the --max-cost budget of \$0\.0080 would be exceeded \(spent \$0\.0030 so far\)/);
    // Each call costs $0.0015 here; the next is started only if spent + its estimate (a re-ask included) fits.
    expect(h.server.requests).toHaveLength(2);
    const [file] = await readdir(join(h.ws.runs, 'smolvlm2'));
    const record = runRecordSchema.parse(JSON.parse(await readFile(join(h.ws.runs, 'smolvlm2', file!), 'utf8')));
    expect(record.reviews.map((r) => r.status)).toEqual(['ok', 'ok', 'failed', 'failed']);
    expectEvery(record.reviews.slice(2), (r) => r.error?.kind === 'not_attempted');
    expect(record.cost).toBeCloseTo(0.003, 10);
    expect(record.cost!).toBeLessThanOrEqual(0.008);
  });

  it('lets the whole panel run when it fits', async () => {
    expect((await review('--max-cost', '1')).code).toBe(0);
    expect(h.server.requests).toHaveLength(4);
  });

  it('needs a price for the model (a usage error before any call, nothing written), and a sensible amount', async () => {
    const unpriced = await panel(['review', 'smolvlm2', '--max-cost', '1', '--model', 'claude-unpriced-9'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(unpriced.code).toBe(2);
    expect(unpriced.stderr).toMatch(/--max-cost needs a price for every model it would call, and claude-unpriced-9 \(the builder persona's, for smolvlm2\) has none/);
    expect(unpriced.stderr).toMatch(/under `models:`/);
    expect(unpriced.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(h.server.requests).toHaveLength(0);
    expect(existsSync(join(h.ws.dir, 'runs/smolvlm2'))).toBe(false);
    const bad = await review('--max-cost', 'lots');
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/--max-cost is `lots`; give US dollars/) });
  });
});
