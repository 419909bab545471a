/**
 * Crash safety: kill -9 and Ctrl-C mid-run, then --resume. A review that had
 * completed (was checkpointed) is never asked for again.
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runRecordSchema } from '../../src/runs/record.js';
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

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
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
    ['builder', 'ok'], ['skeptic', 'ok'], ['futurist', 'ok'], ['buyer', 'ok'],
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

  it('Ctrl-C stops cleanly: exit 130, finished reviews kept, and it says how to resume', async () => {
    halfHanging();
    const { child, done } = spawnPanel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    await until(async () => (await checkpointLines()).length === 3 && h.server.requests.length === 4, 'two checkpointed reviews and two hung calls');
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted: kept 2 of 4 reviews of smolvlm2 in runs\/\.work\/smolvlm2\/\S+\.jsonl\./);
    expect(result.stderr).toMatch(/resume with: panel review smolvlm2 --resume/);
    expect(result.stdout).toBe('');
    const completed = h.server.requests.filter((r) => ['builder', 'skeptic'].includes(personaOf(r.body))).map((r) => hashOf(r.body));
    await resumeAndCheck(completed);
  });

  it('a run started without --resume says an unfinished one exists', async () => {
    halfHanging();
    const { child, done } = spawnPanel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    await until(async () => (await checkpointLines()).length === 3, 'two checkpointed reviews');
    child.kill('SIGKILL');
    await done;
    h.server.respond = scriptedReviewer();
    const fresh = await panelProcess(['review', 'smolvlm2'], { cwd: h.ws.dir, env: env() });
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toMatch(/smolvlm2 has an unfinished run \(\S+\); this starts a new one\. Add --resume to continue it instead\./);
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
});
