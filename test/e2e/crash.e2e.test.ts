/**
 * Crash safety: kill -9 and Ctrl-C mid-run, then --resume. A review that had
 * completed (was checkpointed) is never asked for again.
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runRecordSchema } from '../../src/shapes/run-record.js';
import { hashOf } from '../../src/util/hash.js';
import { personaOf, scriptedReviewer } from '../support/llm-server.js';
import { useHarness } from '../support/harness.js';
import { panelProcess, spawnPanel } from '../support/run-cli.js';

const h = useHarness();
const env = () => h.anthropicEnv('sk-ant-crash-test-0000000000');
const workDir = () => join(h.ws.runs, '.work', 'smolvlm2');

/** Builder and skeptic answer at once; futurist and buyer never do (until the h.server is told to). */
function halfHanging() {
  h.server.respond = (request, index) => (['futurist', 'buyer'].includes(personaOf(request.body)) ? { hang: true } : scriptedReviewer()(request, index));
}

async function checkpointLines(): Promise<string[]> {
  const names = await readdir(workDir()).catch(() => [] as string[]);
  const file = names.find((n) => n.endsWith('.jsonl'));
  return file ? (await readFile(join(workDir(), file), 'utf8')).split('\n').filter(Boolean) : [];
}

async function until(check: () => Promise<boolean>, what: string, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Resolves once the process has written `pattern` on stderr: panel's own word, never a fixed sleep. */
function said(child: { stderr: NodeJS.ReadableStream }, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    let text = '';
    const listen = (chunk: Buffer) => {
      text += String(chunk);
      if (!pattern.test(text)) return;
      child.stderr.off('data', listen);
      resolve();
    };
    child.stderr.on('data', listen);
  });
}

async function resumeAndCheck(completedHashes: string[]) {
  h.server.requests.length = 0;
  h.server.respond = scriptedReviewer();
  const resumed = await panelProcess(['review', 'smolvlm2', '--resume'], { cwd: h.ws.dir, env: env() });
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toMatch(/resuming smolvlm2 run \S+: 2 of 4 reviews already done/);
  // Only the calls that had not completed were made again.
  expect(h.server.requests.map((r) => personaOf(r.body)).sort()).toEqual(['buyer', 'futurist']);
  expect(h.server.requests.some((r) => completedHashes.includes(hashOf(r.body)))).toBe(false);
  const [file, ...more] = await readdir(join(h.ws.runs, 'smolvlm2'));
  expect(more).toEqual([]);
  const record = runRecordSchema.parse(JSON.parse(await readFile(join(h.ws.runs, 'smolvlm2', file!), 'utf8')));
  expect(record.reviews.map((r) => [r.persona, r.status])).toEqual([
    ['builder', 'ok'],
    ['skeptic', 'ok'],
    ['futurist', 'ok'],
    ['buyer', 'ok'],
  ]);
  expect(await checkpointLines()).toEqual([]);
}

describe('a run cut short', () => {
  it('after kill -9, --resume re-issues only the calls that had not completed', async () => {
    halfHanging();
    const { child, done } = spawnPanel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    await until(async () => (await checkpointLines()).length === 3 && h.server.requests.length === 4, 'two checkpointed reviews and two hung calls');
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    // No run record yet: only the checkpoint holds the two finished reviews.
    expect(await readdir(join(h.ws.runs, 'smolvlm2')).catch(() => [])).toEqual([]);
    const completed = h.server.requests.filter((r) => ['builder', 'skeptic'].includes(personaOf(r.body))).map((r) => hashOf(r.body));
    await resumeAndCheck(completed);
  });

  it('a plain run after kill -9 picks up the kept reviews by itself: --resume is not needed', async () => {
    halfHanging();
    const { child, done } = spawnPanel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    await until(async () => (await checkpointLines()).length === 3 && h.server.requests.length === 4, 'two checkpointed reviews and two hung calls');
    child.kill('SIGKILL');
    await done;
    const completed = h.server.requests.filter((r) => ['builder', 'skeptic'].includes(personaOf(r.body))).map((r) => hashOf(r.body));
    h.server.requests.length = 0;
    h.server.respond = scriptedReviewer();
    const again = await panelProcess(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/resuming smolvlm2 run \S+: 2 of 4 reviews already done/);
    expect(h.server.requests.map((r) => personaOf(r.body)).sort()).toEqual(['buyer', 'futurist']);
    expect(h.server.requests.some((r) => completedHashes(completed, r))).toBe(false);
    expect(await checkpointLines()).toEqual([]);
  });
});

/** Builder answers at once; skeptic and futurist are held in flight until released; with --concurrency 2, buyer has not started. */
function heldInFlight() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  h.server.respond = async (request, index) => {
    if (['skeptic', 'futurist'].includes(personaOf(request.body))) await released;
    return scriptedReviewer()(request, index);
  };
  return release;
}

const completedHashes = (hashes: string[], r: { body: Record<string, unknown> }) => hashes.includes(hashOf(r.body));

describe('stop signals', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: no new call starts, the calls in flight finish and are kept, and the printed command finishes the work (exit ${code})`, async () => {
      const release = heldInFlight();
      const argv = ['review', 'smolvlm2', '--concurrency', '2'];
      const { child, done } = spawnPanel(argv, { cwd: h.ws.dir, env: env() });
      await until(async () => (await checkpointLines()).length === 2 && h.server.requests.length === 3, 'builder kept, skeptic and futurist in flight');
      const stopping = said(child, /stopping \(/);
      child.kill(signal);
      await stopping;
      release();
      const result = await done;
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(new RegExp(`stopping \\(${signal}\\): no new call starts; calls already sent finish and are kept`));
      expect(result.stderr).toMatch(/interrupted: kept 3 of 4 reviews of smolvlm2 in runs\/\.work\/smolvlm2\/\S+\.jsonl\./);
      expect(result.stderr).toMatch(/continue with: panel review smolvlm2 --concurrency 2/);
      // Every answer the server sent is kept: builder, skeptic and futurist; buyer was never sent.
      expect(h.server.requests.map((r) => personaOf(r.body)).sort()).toEqual(['builder', 'futurist', 'skeptic']);
      expect((await checkpointLines()).length).toBe(4);
      const paid = h.server.requests.map((r) => hashOf(r.body));
      h.server.requests.length = 0;
      h.server.respond = scriptedReviewer();
      const again = await panelProcess(argv, { cwd: h.ws.dir, env: env() });
      expect(again.code).toBe(0);
      expect(h.server.requests.map((r) => personaOf(r.body))).toEqual(['buyer']);
      expect(h.server.requests.some((r) => completedHashes(paid, r))).toBe(false);
      expect(await checkpointLines()).toEqual([]);
    });
  }

  it('a second Ctrl-C quits at once, keeping what had finished', async () => {
    const release = heldInFlight();
    const { child, done } = spawnPanel(['review', 'smolvlm2', '--concurrency', '2'], { cwd: h.ws.dir, env: env() });
    await until(async () => (await checkpointLines()).length === 2 && h.server.requests.length === 3, 'builder kept, two in flight');
    const stopping = said(child, /stopping \(/);
    child.kill('SIGINT');
    await stopping;
    child.kill('SIGINT');
    const result = await done;
    release();
    expect(result.code).toBe(130);
    expect(await checkpointLines()).toHaveLength(2);
  });
});

describe('two processes on one runs folder', () => {
  it('write two whole, distinct run records', async () => {
    h.server.respond = scriptedReviewer(undefined, { delayMs: 50 });
    const [a, b] = await Promise.all([0, 1].map(() => panelProcess(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() })));
    expect([a!.code, b!.code]).toEqual([0, 0]);
    const files = (await readdir(join(h.ws.runs, 'smolvlm2'))).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(2);
    for (const f of files) runRecordSchema.parse(JSON.parse(await readFile(join(h.ws.runs, 'smolvlm2', f), 'utf8')));
    expect(await checkpointLines()).toEqual([]);
  });

  it('after Ctrl-C during regen --force, the printed command forces only the tools left, buying nothing twice', async () => {
    await panelProcess(['review', 'smolvlm2', 'karpathy-skills'], { cwd: h.ws.dir, env: env() });
    // 24 calls (two tools, four personas, three samples), five at a time, a second each: when the first tool's forced run is
    // written (after at least 12 calls), the other has calls that have not started, whichever of the two went first.
    h.server.respond = (request, index) => ({ ...scriptedReviewer()(request, index), delayMs: 1000 });
    h.server.requests.length = 0;
    const { child, done } = spawnPanel(['regen', 'smolvlm2', 'karpathy-skills', '--force', '--concurrency', '5', '--samples', '3'], { cwd: h.ws.dir, env: env() });
    const runs = async (slug: string) => (await readdir(join(h.ws.runs, slug))).filter((f) => f.endsWith('.json')).length;
    let finished = '';
    await until(
      async () => {
        for (const slug of ['smolvlm2', 'karpathy-skills']) if ((await runs(slug)) === 2) finished = slug;
        return finished !== '';
      },
      "one tool's forced run written",
      600,
    );
    const left = finished === 'smolvlm2' ? 'karpathy-skills' : 'smolvlm2';
    const stopping = said(child, /stopping \(/);
    child.kill('SIGINT');
    await stopping;
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`continue with: panel regen --force --concurrency 5 --samples 3 ${left}  (`);
    h.server.requests.length = 0;
    h.server.respond = scriptedReviewer();
    const again = await panelProcess(['regen', '--force', '--concurrency', '5', '--samples', '3', left], { cwd: h.ws.dir, env: env() });
    expect(again.code).toBe(0);
    const name = finished === 'smolvlm2' ? 'SmolVLM2' : 'Karpathy Skills';
    expect(h.server.requests.length).toBeGreaterThan(0);
    expect(h.server.requests.some((r) => JSON.stringify(r.body).includes(`Name: ${name}`))).toBe(false);
  }, 90_000);
});
