// The README's example, as an editor would write it: the shipped SmolVLM2 run
// replayed through the real Anthropic client, importing the package by name.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from 'editorial-panel';
import { loadRuns, replayFetch } from 'editorial-panel/testing';

test('SmolVLM2 still gets Panel ship 100% from its recorded run', async () => {
  const fetch = replayFetch(await loadRuns('runs/smolvlm2'));

  // Keep this test's new run out of the project's runs/ folder.
  const dir = await mkdtemp(join(tmpdir(), 'panel-'));
  const config = join(dir, 'panel.config.yaml');
  await writeFile(config, `catalog: ${resolve('fixtures/tools')}\npersonas: ${resolve('personas')}\nruns: ${dir}\n`);

  let out = '';
  const code = await runCli(['review', 'smolvlm2', '--provider', 'anthropic', '--config', config, '--json'], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    env: { ANTHROPIC_API_KEY: 'test-key' },
    cwd: process.cwd(),
    fetch,
  });

  expect(code).toBe(0);
  expect(fetch.misses).toEqual([]); // every request matched a recording
  expect(fetch.hits).toBe(4);
  expect(JSON.parse(out).panel.score.percent).toBe(100);
});
