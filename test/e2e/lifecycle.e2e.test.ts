/**
 * A run's life under pressure: two processes at once, damaged and stale
 * checkpoints, a crash between writing a record and removing its checkpoint.
 * Every test checks at the server that no answer was bought twice.
 */
import { readRunFile } from '../support/records.js';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunRecord } from '../../src/shapes/run-record.js';
import { hashOf } from '../../src/util/hash.js';
import { useHarness } from '../support/harness.js';
import { personaOf, scriptedReviewer } from '../support/llm-server.js';
import { panel, panelProcess } from '../support/run-cli.js';
import { expectEvery } from '../support/expect-every.js';

const h = useHarness();
const env = () => h.anthropicEnv();
const work = (slug: string) => join(h.ws.runs, '.work', slug);

async function records(slug: string): Promise<RunRecord[]> {
  const files = (await readdir(join(h.ws.runs, slug)).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (f) => await readRunFile(join(h.ws.runs, slug, f))));
}

/** No request body was sent twice. */
function expectNothingBoughtTwice() {
  const hashes = h.server.requests.filter((r) => r.status === 200).map((r) => hashOf(r.body));
  expect(new Set(hashes).size).toBe(hashes.length);
}

/** A review of smolvlm2 recorded once, then taken out of its record and put in a checkpoint as an interrupted run would leave it. */
async function interruptedRun(lines: (review: string) => string[], runId = '2026-12-01T00-00-00.000Z-aaaaaa'): Promise<{ record: RunRecord; path: string }> {
  await panel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
  const [record] = await records('smolvlm2');
  await rm(join(h.ws.runs, 'smolvlm2'), { recursive: true });
  await mkdir(join(h.ws.runs, 'smolvlm2'));
  const review = record!.reviews.find((r) => r.persona === 'builder')!;
  await mkdir(work('smolvlm2'), { recursive: true });
  const path = join(work('smolvlm2'), `${runId}.jsonl`);
  const header = JSON.stringify({ checkpoint: 1, runId, slug: 'smolvlm2', createdAt: '2026-12-01T00:00:00.000Z' });
  await writeFile(path, [header, ...lines(JSON.stringify(review))].join('\n') + '\n');
  h.server.requests.length = 0;
  return { record: record!, path };
}

describe('two processes on one runs folder', () => {
  it('two regens at once each review a tool once: one writer per tool, both exit 0', async () => {
    h.server.respond = scriptedReviewer(undefined, { delayMs: 150 });
    const argv = ['regen', 'smolvlm2', 'karpathy-skills', 'aider', '--concurrency', '2'];
    const [a, b] = await Promise.all([panelProcess(argv, { cwd: h.ws.dir, env: env() }), panelProcess(argv, { cwd: h.ws.dir, env: env() })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expectNothingBoughtTwice();
    const pairs = h.server.requests.map((r) => `${JSON.stringify(r.body).match(/Name: ([^\\\n]+)/)?.[1]}/${personaOf(r.body)}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const slug of ['smolvlm2', 'karpathy-skills', 'aider']) expect(await records(slug)).toHaveLength(1);
    expect(`${a.stderr}${b.stderr}`).toMatch(/waiting for \S+: another panel process \(pid \d+ on .*\) is running it/);
    expect(existsSync(join(work('smolvlm2'), 'lock'))).toBe(false);
  });
});

describe('checkpoints are used or cleared, never resurrected', () => {
  it('damaged lines are reported by file and line, the valid review is kept, and panel check reports the file', async () => {
    const { path } = await interruptedRun((review) => [review, '{"persona": "skeptic", "verd', '\u0000\u0000\u0000\u0000']);
    const result = await panel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/runs\/\.work\/smolvlm2\/2026-12-01T00-00-00\.000Z-aaaaaa\.jsonl has damaged lines \(line 3: not JSON .*; line 4: NUL bytes .*\); its 1 valid review is kept/);
    expect(h.server.requests.map((r) => personaOf(r.body)).sort()).toEqual(['buyer', 'futurist', 'skeptic']);
    expect(existsSync(`${path}.damaged`)).toBe(true);
    const check = await panel(['check'], { cwd: h.ws.dir });
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/aaaaaa\.jsonl\.damaged: 2 damaged lines in a checkpoint\n.*\.damaged:3: not JSON[\s\S]*\.damaged:4: NUL bytes/);
  });

  it('a checkpoint is picked up without --resume when its inputs match, and discarded, saying so, when they changed', async () => {
    await interruptedRun((review) => [review]);
    const tool = join(h.ws.catalog, 'smolvlm2.yaml');
    await writeFile(tool, (await readFile(tool, 'utf8')).replace('TextVQA', 'TextVQA and Video-MME'));
    const result = await panel(['regen', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/smolvlm2: discarded 1 checkpointed review whose inputs have changed since/);
    expect(h.server.requests).toHaveLength(4);
    expect(await readdir(work('smolvlm2'))).toEqual([]);
  });

  it('a crash between writing the record and removing the checkpoint: the record stands, the checkpoint is dropped, no run id is reused', async () => {
    await panel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    const [first] = await records('smolvlm2');
    // What a crash right after the record was written leaves behind: its checkpoint, whole.
    await mkdir(work('smolvlm2'), { recursive: true });
    const header = JSON.stringify({ checkpoint: 1, runId: first!.runId, slug: 'smolvlm2', createdAt: first!.createdAt });
    await writeFile(join(work('smolvlm2'), `${first!.runId}.jsonl`), [header, ...first!.reviews.map((r) => JSON.stringify(r))].join('\n') + '\n');
    h.server.requests.length = 0;
    const again = await panel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    expect(again.code).toBe(0);
    const all = await records('smolvlm2');
    expect(all).toHaveLength(2);
    expect(all[0]).toEqual(first);
    expect(all[1]!.runId > first!.runId).toBe(true);
    expect(await readdir(work('smolvlm2'))).toEqual([]);
  });

  it('a resumed run never sorts below a newer record: it takes a new run id', async () => {
    const { record } = await interruptedRun((review) => [review], '2026-01-01T00-00-00.000Z-old000');
    // A newer record of the tool exists: written after the interrupted run began.
    const newer = { ...record, runId: '2026-03-01T00-00-00.000Z-mid000' };
    await writeFile(join(h.ws.runs, 'smolvlm2', `${newer.runId}.json`), JSON.stringify(newer, null, 2));
    await panel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env(), now: () => new Date('2026-06-01T00:00:00Z') });
    // That review used the checkpoint's builder: one fewer call.
    expect(h.server.requests.map((r) => personaOf(r.body)).sort()).toEqual(['buyer', 'futurist', 'skeptic']);
    const all = await records('smolvlm2');
    expect(all.map((r) => r.runId.slice(0, 10))).toEqual(['2026-03-01', '2026-06-01']);
  });
});

describe('the runs folder cannot be written', () => {
  it('is reported before any call, exit 2, with the folder, the cause and what to do', async () => {
    await writeFile(join(h.ws.dir, 'not-a-folder'), 'x');
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\nruns: not-a-folder/runs\n');
    const result = await panel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write to the runs folder not-a-folder\/runs \(ENOTDIR[^)]*\): no call was made/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(h.server.requests).toHaveLength(0);
  });
});

describe('the runs folder fills up mid-run', () => {
  it('stops starting calls, keeps every answer received (aside when the folder will not take it), and the printed command finishes without paying twice', async () => {
    let writes = 0;
    const full = (path: string) => {
      if (!path.includes(`${h.ws.runs}/`)) return undefined;
      writes++;
      return writes > 2 ? Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' }) : undefined;
    };
    h.server.respond = scriptedReviewer(undefined, { delayMs: 30 });
    const first = await panel(['review', 'smolvlm2', 'karpathy-skills', '--concurrency', '1'], { cwd: h.ws.dir, env: env(), writeFault: full });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/the runs folder runs cannot be written \(ENOSPC: no space left on device.*\), so panel stopped starting calls\. Every answer already paid for is kept/);
    expect(first.stderr).toMatch(/continue with: panel review smolvlm2 karpathy-skills --concurrency 1/);
    expect(first.stderr).not.toMatch(/internal error|\n\s+at |Warning/);
    const paidFirst = h.server.requests.map((r) => hashOf(r.body));
    expect(paidFirst.length).toBeGreaterThan(0);
    expect(paidFirst.length).toBeLessThan(8);

    const second = await panel(['review', 'smolvlm2', 'karpathy-skills', '--concurrency', '1'], { cwd: h.ws.dir, env: env() });
    expect(second.code).toBe(0);
    expectNothingBoughtTwice();
    expect(h.server.requests).toHaveLength(8); // 4 personas each, every one bought once across both runs
    for (const slug of ['smolvlm2', 'karpathy-skills']) {
      const [record] = await records(slug);
      expectEvery(record!.reviews, (r) => r.status === 'ok');
    }
  });
});
