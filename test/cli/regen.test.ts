/**
 * regen, history, diff and replay against the loopback server (real SDK, real
 * sockets), counting the calls the server receives.
 */
import { readRunFile } from '../support/records.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { personaOf, scriptedReviewer, toolNameOf } from '../support/llm-server.js';
import { useHarness } from '../support/harness.js';
import { panel } from '../support/run-cli.js';
import { expectEvery } from '../support/expect-every.js';

const h = useHarness({ seedRuns: true });
beforeEach(() => {
  h.server.respond = scriptedReviewer((r) => ({ verdict: 'ship', quote: `${personaOf(r.body)} on ${toolNameOf(r.body)}: concrete facts.` }));
});
const env = () => h.anthropicEnv();
const run = (...argv: string[]) => panel(argv, { cwd: h.ws.dir, env: env() });
const calls = () => h.server.requests.length;
const callsFor = () => h.server.requests.map((r) => `${toolNameOf(r.body)}/${personaOf(r.body)}`).sort();
async function edit(relative: string, change: (t: string) => string) {
  const path = join(h.ws.dir, relative);
  await writeFile(path, change(await readFile(path, 'utf8')));
}
async function runCount(): Promise<Record<string, number>> {
  const slugs = await readdir(h.ws.runs);
  return Object.fromEntries(await Promise.all(slugs.map(async (s) => [s, (await readdir(join(h.ws.runs, s))).length] as const)));
}
/** Bring every tool of the catalog up to date, then forget those calls. */
async function allCurrent() {
  expect((await run('regen')).code).toBe(0);
  h.server.requests.length = 0;
}

describe('panel regen', () => {
  it('reviews tools with no run, leaves the current seed runs alone, then makes no call at all', async () => {
    const first = await run('regen');
    expect(first.code).toBe(0);
    // Five tools without a run, every persona on their panels (all five); the seed tools are current.
    expect(calls()).toBe(25);
    expect(callsFor().some((c) => c.startsWith('SmolVLM2/') || c.startsWith('Karpathy Skills/'))).toBe(false);
    expect(first.stdout).toMatch(/25 calls for 5 tools; 2 current\./);

    h.server.requests.length = 0;
    const before = await runCount();
    const again = await run('regen');
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toBe('Nothing to re-review: all 7 tools are current. No calls made.\n');
    expect(calls()).toBe(0);
    expect(await runCount()).toEqual(before);
  });

  it("after one description changes, makes exactly that tool's panel calls and carries nothing over", async () => {
    await allCurrent();
    await edit('fixtures/tools/smolvlm2.yaml', (t) => t.replace('consumer GPUs', 'consumer GPUs and phones'));
    const result = await run('regen');
    expect(result.code).toBe(0);
    expect(callsFor()).toEqual(['SmolVLM2/builder', 'SmolVLM2/buyer', 'SmolVLM2/futurist', 'SmolVLM2/skeptic']);
    expect(result.stdout).toMatch(/smolvlm2\s+description changed/);
    expect((await runCount())['smolvlm2']).toBe(2);
  });

  it('after one persona prompt changes, makes one call per tool whose panel has that persona, reusing the rest', async () => {
    await allCurrent();
    await edit('personas/buyer.md', (t) => t.replace('You are the buyer', 'You are the procurement lead'));
    const result = await run('regen');
    expect(result.code).toBe(0);
    // Karpathy Skills has no buyer on its panel; the other six tools do.
    expect(callsFor()).toEqual(['Aider', 'Moondream2', 'Ollama', 'PaliGemma 2', 'Qwen2-VL-2B', 'SmolVLM2'].map((t) => `${t}/buyer`));
    expect(result.stdout).toMatch(/smolvlm2\s+persona prompt changed: buyer/);

    const [latest] = (await readdir(join(h.ws.runs, 'smolvlm2'))).sort().reverse();
    const record = await readRunFile(join(h.ws.runs, 'smolvlm2', latest!));
    expect(record.reviews.map((r) => [r.persona, r.reusedFrom ?? 'new'])).toEqual([
      ['builder', '2026-11-01T00-00-00.000Z-seedsmolvlm2'],
      ['skeptic', '2026-11-01T00-00-00.000Z-seedsmolvlm2'],
      ['futurist', '2026-11-01T00-00-00.000Z-seedsmolvlm2'],
      ['buyer', 'new'],
    ]);
    // Reused reviews cost nothing in the new run, so sums count each call once.
    expectEvery(
      record.reviews.filter((r) => r.reusedFrom),
      (r) => r.usage.inputTokens === 0 && r.cost === 0,
    );
    expect(record.usage).toEqual({ inputTokens: 900, outputTokens: 120, cacheWriteTokens: 0, cacheReadTokens: 0 });
    // The carried reviews keep their seed quotes.
    expect(record.reviews[0]!.review!.quote).toMatch(/^The primitive is clean/);
  });

  it('re-reviews a persona that failed last time, and only that one', async () => {
    h.server.respond = (r) =>
      personaOf(r.body) === 'futurist' && toolNameOf(r.body) === 'Ollama'
        ? { body: { id: 'm', type: 'message', role: 'assistant', model: 'x', content: [{ type: 'text', text: 'no idea' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } } }
        : scriptedReviewer()(r, 0);
    expect((await run('regen', 'ollama')).code).toBe(1);
    h.server.respond = scriptedReviewer();
    h.server.requests.length = 0;
    const result = await run('regen', 'ollama');
    expect(result.code).toBe(0);
    expect(callsFor()).toEqual(['Ollama/futurist']);
    expect(result.stdout).toMatch(/ollama\s+failed last time: futurist/);
  });

  it('--dry-run lists what would be re-reviewed and why, and calls and writes nothing, even with no provider', async () => {
    await allCurrent();
    await edit('fixtures/tools/aider.yaml', (t) => t.replace('Aider is', 'Aider, by Paul Gauthier, is'));
    const before = await runCount();
    const withKey = await run('regen', '--dry-run');
    const noKey = await panel(['regen', '--dry-run'], { cwd: h.ws.dir });
    for (const result of [withKey, noKey]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/aider\s+builder\s+description changed/);
      expect(result.stdout).toMatch(/Would make 5 calls for 1 tool; 6 current/);
    }
    expect(noKey.stdout).toMatch(/no provider configured: compared with each recording's own provider and model/);
    expect(calls()).toBe(0);
    expect(await runCount()).toEqual(before);
  });

  it('--force re-reviews everything named; a changed --model is a reason', async () => {
    await run('regen', 'smolvlm2', '--force');
    expect(calls()).toBe(4);
    h.server.requests.length = 0;
    const plan = await run('regen', 'karpathy-skills', '--dry-run', '--model', 'claude-sonnet-9');
    expect(plan.stdout).toMatch(/karpathy-skills\s+skeptic\s+model changed \(claude-haiku-5-5 → claude-sonnet-9\)/);
  });

  it('refuses to run without a provider, and says how to set one', async () => {
    const result = await panel(['regen'], { cwd: h.ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/regen calls a model and none is configured\. Set ANTHROPIC_API_KEY/);
  });
});

describe('a verdict that flips', () => {
  beforeEach(async () => {
    await edit('fixtures/tools/smolvlm2.yaml', (t) => t.replace('TextVQA', 'TextVQA, now with short video'));
    h.server.respond = scriptedReviewer((r) => ({
      verdict: personaOf(r.body) === 'skeptic' ? 'skip' : 'ship',
      quote: `${personaOf(r.body)}: short video only now.`,
    }));
  });

  it("shows in regen's table, in history and in diff", async () => {
    const regen = await run('regen', 'smolvlm2');
    expect(regen.code).toBe(0);
    expect(regen.stdout).toMatch(/smolvlm2\s+description changed\s+skeptic: ship → skip\s+100% → 75%/);

    const history = await run('history', 'smolvlm2');
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/2 runs, oldest first/);
    expect(history.stdout).toMatch(/Verdict moves:\n {2}\S+ {2}skeptic: ship → skip/);
    expect(history.stdout).toMatch(/100%\s+ship\s+ship\s+ship\s+ship\n.*75%\s+ship\s+skip\s+ship\s+ship/);

    const [seed, fresh] = (await readdir(join(h.ws.runs, 'smolvlm2'))).sort().map((f) => f.replace(/\.json$/, ''));
    const diff = await run('diff', seed!, fresh!);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/skeptic: ship → skip {2}\(flipped\)\n {2}A: “Direct competitors are Moondream2[^\n]*\n {2}B: “skeptic: short video only now\.”/);
    expect(diff.stdout).toMatch(/builder: ship → ship\n/);
    const json = JSON.parse((await run('diff', seed!, fresh!, '--json')).stdout);
    expect(json.personas.filter((p: { flipped: boolean }) => p.flipped).map((p: { persona: string }) => p.persona)).toEqual(['skeptic']);
  });
});

describe('panel replay', () => {
  it('--all over the shipped runs reports no difference', async () => {
    const result = await run('replay', '--all');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 runs replayed with no network; 0 differ from the record\./);
    expect(calls()).toBe(0);
  });

  it('reports a deliberately altered recorded response, and exits 1', async () => {
    const file = join(h.ws.runs, 'karpathy-skills', '2026-11-01T00-00-00.000Z-seedkarpathyskills.json');
    const record = JSON.parse(await readFile(file, 'utf8'));
    const skeptic = record.reviews.find((r: { persona: string }) => r.persona === 'skeptic');
    skeptic.exchanges[0].response.body.content[0].input.verdict = 'ship';
    await writeFile(file, JSON.stringify(record, null, 2));
    const result = await run('replay', '--all');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/DIFFERS {2}karpathy-skills\/2026-11-01T00-00-00\.000Z-seedkarpathyskills/);
    expect(result.stdout).toMatch(/skeptic verdict: recorded skip, now ship/);
    expect(result.stdout).toMatch(/score\.percent: recorded 75, now 100/);
  });

  it('reads a damaged record as exit 2 with the file and the fix', async () => {
    const file = join(h.ws.runs, 'smolvlm2', '2026-11-01T00-00-00.000Z-seedsmolvlm2.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 500));
    const result = await run('replay', '--all');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/runs\/smolvlm2\/2026-11-01T00-00-00\.000Z-seedsmolvlm2\.json: invalid\n.*is not valid JSON .* the file may be truncated\n\s+fix: restore it from git or delete it/);
  });
});

describe('a generated catalog of 50 tools', () => {
  it('regen after one description edit lists and pays for exactly that panel', async () => {
    const { generateCatalog } = await import('../support/catalog-gen.js');
    await h.ws.write('panel.config.yaml', 'catalog: generated\nruns: runs-generated\npersonas: personas\nconcurrency: 20\n');
    await generateCatalog(join(h.ws.dir, 'generated'), 50);
    expect((await run('regen')).code).toBe(0);
    expect(calls()).toBe(250);
    h.server.requests.length = 0;

    await edit('generated/tool-0042.yaml', (t) => t.replace('ships a CLI', 'ships a CLI and a GUI'));
    const plan = await run('regen', '--dry-run', '--json');
    expect(JSON.parse(plan.stdout)).toMatchObject({
      calls: 5,
      tools: [{ tool: 'tool-0042', personas: ['builder', 'skeptic', 'futurist', 'buyer', 'creator'].map((persona) => ({ persona, reasons: ['description changed'] })) }],
    });
    const result = await run('regen', '--json');
    expect(result.code).toBe(0);
    expect(calls()).toBe(5);
    expect(new Set(h.server.requests.map((r) => toolNameOf(r.body)))).toEqual(new Set(['Tool 42']));
    expect(JSON.parse(result.stdout)).toMatchObject({ calls: 5, tools: [{ tool: 'tool-0042', calls: 5 }] });
  });
});
