import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { panel } from '../support/run-cli.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
});
afterEach(() => ws.remove());

async function edit(relative: string, change: (text: string) => string) {
  const path = join(ws.dir, relative);
  await writeFile(path, change(await readFile(path, 'utf8')));
}
const runFiles = async (slug: string) => readdir(join(ws.runs, slug));

describe('no provider configured: the latest recorded run is replayed', () => {
  it('prints the card, says so on stderr with the run, and writes nothing', async () => {
    const result = await panel(['review', 'smolvlm2'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Panel ship 100% (4 ship, 0 skip)');
    expect(result.stderr).toMatch(/no API key set .* replays the latest recorded run of smolvlm2, 2026-11-01T00-00-00\.000Z-seedsmolvlm2, transcribed from the published panel/);
    expect(result.stderr).toMatch(/Today's inputs \(tool, persona prompts\) match the recording/);
    expect(await runFiles('smolvlm2')).toHaveLength(1);
  });

  it("says which of today's inputs differ from the recording", async () => {
    await edit('fixtures/tools/smolvlm2.yaml', (t) => t.replace('Apache 2.0, it', 'Apache 2.0 (v2), it'));
    await edit('personas/buyer.md', (t) => t.replace('You are the buyer', 'You are the procurement lead'));
    const result = await panel(['review', 'smolvlm2'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /differ from the recording \(builder: tool changed[^;]*; skeptic: tool changed[^;]*; futurist: tool changed[^;]*; buyer: tool changed \(description, tagline or pricing\), persona prompt changed\)/,
    );
  });

  it('without any recording, says how to configure a provider', async () => {
    const result = await panel(['review', 'ollama'], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ollama has no recorded run to replay\. Set ANTHROPIC_API_KEY .* OPENAI_API_KEY .* OPENAI_BASE_URL/);
  });
});

describe('--provider replay (strict)', () => {
  it('answers every request from a recording matched by hash', async () => {
    const result = await panel(['review', 'karpathy-skills', '--provider', 'replay', '--json'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    const card = JSON.parse(result.stdout);
    expect(card.panel.score.percent).toBe(75);
    expect(card.runFile).toBeNull();
    expect(card.replayedFrom).toEqual(['2026-11-01T00-00-00.000Z-seedkarpathyskills']);
    expect(result.stderr).not.toMatch(/no API key/);
  });

  it('a miss names the tool, the persona and what changed since the closest recording', async () => {
    await edit('personas/skeptic.md', (t) => t.replace('You are the skeptic', 'You are the contrarian'));
    const result = await panel(['review', 'smolvlm2', '--provider', 'replay'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /The Skeptic \(skeptic\): FAILED \(replay_miss\)\n {2}No recording of smolvlm2 answers the skeptic persona's request since the closest recording \(2026-11-01T00-00-00\.000Z-seedsmolvlm2\): persona prompt changed\./,
    );
    expect(result.stdout.match(/FAILED/g)).toHaveLength(1);
  });

  it('a different model is named as the change', async () => {
    const result = await panel(['review', 'smolvlm2', '--provider', 'replay', '--model', 'claude-sonnet-9'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    // An unknown model also gets its provider's safe defaults, so its parameters differ too.
    expect(result.stdout.match(/: model changed, parameters changed\./g)).toHaveLength(4);
  });
});
