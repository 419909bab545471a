/**
 * The latest complete run is the tool's verdict: a newer run whose personas
 * failed stays in history but never replaces the last complete panel in show,
 * compare or the no-key replay, and compare will not publish an incomplete one
 * unless asked to.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { cleanEnv, panel } from '../support/run-cli.js';

const h = useHarness({ seedRuns: true });
const outage = () => {
  h.server.respond = () => ({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'simulated outage' } } });
};
const offline = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: cleanEnv() });

describe('a failed run after a complete one', () => {
  it('show, the no-key replay and compare keep the complete panel, and name the newer incomplete run', async () => {
    outage();
    const failed = await panel(['regen', 'smolvlm2', '--force'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(failed.code).toBe(1);
    expect((await readdir(join(h.ws.runs, 'smolvlm2'))).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const show = await offline(['show', 'smolvlm2']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Panel ship 100% (4 ship, 0 skip)');
    expect(show.stderr).toMatch(/a newer run of smolvlm2, \S+, is incomplete \(4 of 4 failed\); showing 2026-11-01T00-00-00\.000Z-seedsmolvlm2/);

    const replay = await offline(['review', 'smolvlm2']);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('Panel ship 100%');
    expect(replay.stderr).toMatch(/replays the latest recorded run of smolvlm2, 2026-11-01T00-00-00\.000Z-seedsmolvlm2/);

    const compare = await offline(['compare', 'smolvlm2', 'karpathy-skills']);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/Ship with SmolVLM2: the panel ships it 100%/);
  });

  it('compare refuses a tool with no complete run, and with --allow-incomplete says so with no error text or command', async () => {
    outage();
    expect((await panel(['review', 'aider'], { cwd: h.ws.dir, env: h.anthropicEnv() })).code).toBe(1);
    const refused = await offline(['compare', 'aider', 'smolvlm2']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/aider has no complete run to publish: \S+ is incomplete\. Run `panel regen aider` to retry its failed personas, or pass --allow-incomplete/);
    expect(refused.stdout).toBe('');
    for (const format of ['md', 'html']) {
      const page = await offline(['compare', 'aider', 'smolvlm2', '--allow-incomplete', '--format', format]);
      expect(page.code).toBe(0);
      expect(page.stdout).toMatch(/incomplete/);
      expect(page.stdout).not.toMatch(/simulated outage|invalid_request_error|not attempted|panel regen|panel review/);
    }
  });
});
