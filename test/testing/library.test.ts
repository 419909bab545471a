import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regen, review, UsageError } from '../../src/index.js';
import { loadRuns, replayFetch } from '../../src/testing/index.js';
import { ROOT } from '../support/workspace.js';

/** review() and regen() as a script uses them: no runCli, no argv, results as data. */
describe('the library API', () => {
  async function workspace() {
    const dir = await mkdtemp(join(tmpdir(), 'panel-lib-'));
    await writeFile(join(dir, 'panel.config.yaml'), `catalog: ${join(ROOT, 'fixtures/tools')}\npersonas: ${join(ROOT, 'personas')}\nruns: ${join(dir, 'runs')}\n`);
    return dir;
  }

  it("review() runs a panel live and returns each tool's outcome with its record, paid reviews and spend", async () => {
    const dir = await workspace();
    const fetch = replayFetch(await loadRuns(join(ROOT, 'runs/smolvlm2')));
    const notices: string[] = [];
    const result = await review({
      tools: ['smolvlm2'],
      cwd: dir,
      env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_CONFIG_DIR: dir },
      fetch,
      notice: (m) => notices.push(m),
      now: () => new Date('2026-12-01T00:00:00Z'),
      newId: () => 'abc123',
    });
    expect(result.mode).toBe('live');
    if (result.mode === 'batch') throw new Error('unreachable');
    const [outcome] = result.outcomes;
    expect(outcome!.record!.runId).toBe('2026-12-01T00-00-00.000Z-abc123');
    expect(outcome!.record!.score.percent).toBe(100);
    expect(outcome!.paid).toHaveLength(4);
    expect(outcome!.runFile).toMatch(/smolvlm2\/2026-12-01T00-00-00\.000Z-abc123\.json$/);
    expect(fetch.hits).toBe(4);
  });

  it('regen() plans against the latest run: a dry run says what would be asked, with no provider', async () => {
    const dir = await workspace();
    const result = await regen({ tools: ['aider'], dryRun: true, cwd: dir, env: {} });
    expect(result.mode).toBe('dry-run');
    if (result.mode !== 'dry-run') throw new Error('unreachable');
    // Aider's panel is every persona: five calls, each for a new tool (an empty plan would fail here).
    expect(result.plans[0]!.items.map((i) => [i.persona.id, i.reasons])).toEqual(['builder', 'skeptic', 'futurist', 'buyer', 'creator'].map((p) => [p, ['new tool']]));
    expect(result.estimate.calls).toBe(5);
  });

  it('throws a UsageError (exit code 2) for bad input, as the CLI reports it', async () => {
    const dir = await workspace();
    await expect(review({ tools: ['no-such-tool'], cwd: dir, env: {} })).rejects.toBeInstanceOf(UsageError);
  });
});
