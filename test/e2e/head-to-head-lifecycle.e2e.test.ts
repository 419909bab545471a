/**
 * Head-to-head picks have the guarantees reviews have: a current comparison
 * is reused (`--force` asks again), the first Ctrl-C stops starting picks and
 * the printed command finishes only what was left, damaged checkpoint lines
 * are reported, a full disk keeps every pick, and regen counts picks in its
 * dry run, its --max-cost and its spend line.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { personaOf, successBody, type ReceivedRequest } from '../support/llm-server.js';
import { panel, panelProcess, spawnPanel } from '../support/run-cli.js';

const h = useHarness({ seedRuns: true });
const PAIR = 'smolvlm2--karpathy-skills';
const isPick = (r: ReceivedRequest) => /submit_pick|"choice"/.test(JSON.stringify(r.body));
const pick = (r: ReceivedRequest, delayMs = 0) => ({ ...(delayMs ? { delayMs } : {}), body: successBody(r, { choice: 'A', quote: `As the ${personaOf(r.body)}, on facts.` }) });
const compare = (extra: string[] = []) => panel(['compare', 'smolvlm2', 'karpathy-skills', '--head-to-head', ...extra], { cwd: h.ws.dir, env: h.anthropicEnv() });
const comparisons = async () => (await readdir(join(h.ws.runs, '.comparisons', PAIR)).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));

describe('head-to-head picks, like reviews', () => {
  it('reuses a current comparison and asks nothing; --force asks every pick again', async () => {
    h.server.respond = (r) => pick(r);
    expect((await compare()).code).toBe(0);
    expect(h.server.requests).toHaveLength(10);
    h.server.requests.length = 0;
    const again = await compare();
    expect(again.code).toBe(0);
    expect(h.server.requests).toHaveLength(0);
    expect(again.stderr).toMatch(/the head-to-head is current \(.*\): every pick's inputs match it, so nothing was asked\. --force asks every pick again\./);
    expect(await comparisons()).toHaveLength(1);
    const forced = await compare(['--force']);
    expect(forced.code).toBe(0);
    expect(h.server.requests).toHaveLength(10);
    expect(await comparisons()).toHaveLength(2);
  });

  it('the first Ctrl-C stops starting picks; the printed command finishes the rest without buying a kept pick twice', async () => {
    h.server.respond = (r) => pick(r, 400);
    const argv = ['compare', 'smolvlm2', 'karpathy-skills', '--head-to-head', '--concurrency', '2'];
    const { child, done } = spawnPanel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });
    // Wait for panel's own progress: two picks reach the server, then Ctrl-C.
    while (h.server.requests.length < 2) await new Promise((r) => setImmediate(r));
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/stopping \(SIGINT\): no new call starts/);
    const asked = h.server.requests.length;
    expect(asked).toBeLessThan(10); // no pick started after the signal beyond those already under way
    expect(stopped.stderr).toMatch(
      /stopped with \d+ of 10 picks in; they are kept in .*\.jsonl and are not asked again\. Continue with: panel compare smolvlm2 karpathy-skills --head-to-head --concurrency 2/,
    );
    expect(await comparisons()).toHaveLength(0); // no comparison written from a partial set of picks

    h.server.respond = (r) => pick(r);
    const finished = await panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stderr).toMatch(/resuming smolvlm2--karpathy-skills run \S+: \d+ of 10 picks already done/);
    expect(h.server.requests.length).toBe(10); // each pick bought once, over both runs
    expect(await comparisons()).toHaveLength(1);
  });

  it('damaged lines in a picks checkpoint are reported by file and line; the valid picks are kept', async () => {
    h.server.respond = (r) => pick(r);
    expect((await compare()).code).toBe(0);
    const [name] = await comparisons();
    const record = JSON.parse(await readFile(join(h.ws.runs, '.comparisons', PAIR, name!), 'utf8'));
    // An unfinished run's checkpoint: the header, two good picks, a torn line.
    const dir = join(h.ws.runs, '.work', '.comparisons', PAIR);
    await mkdir(dir, { recursive: true });
    const header = { checkpoint: 1, runId: '2026-12-05T00-00-00.000Z-torn01', slug: PAIR, createdAt: '2026-12-05T00:00:00.000Z' };
    await writeFile(join(dir, `${header.runId}.jsonl`), [header, record.picks[0], record.picks[1]].map((l) => JSON.stringify(l)).join('\n') + '\n{"persona": "buil\u0000\u0000\n');
    const checked = await panel(['check'], { cwd: h.ws.dir });
    expect(checked.code).toBe(2);
    expect(checked.stdout + checked.stderr).toMatch(/\.work\/\.comparisons\/smolvlm2--karpathy-skills\/2026-12-05T00-00-00\.000Z-torn01\.jsonl:4: NUL bytes/);
    h.server.requests.length = 0;
    const forced = await compare(['--force']);
    expect(forced.stderr).toMatch(/torn01\.jsonl has damaged lines \(line 4: NUL bytes/);
    expect(forced.stderr).toMatch(/resuming smolvlm2--karpathy-skills run \S+: 2 of 10 picks already done/);
    expect(h.server.requests).toHaveLength(8);
  });

  it('a full disk at the write seam stops starting picks and keeps every paid pick for the next run', async () => {
    h.server.respond = (r) => pick(r);
    // The disk fills once the checkpoint is started: the first pick's append fails.
    let writes = 0;
    const writeFault = (path: string) => (path.includes('.comparisons') && writes++ > 0 ? Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }) : undefined);
    const full = await panel(['compare', 'smolvlm2', 'karpathy-skills', '--head-to-head', '--concurrency', '1'], { cwd: h.ws.dir, env: h.anthropicEnv(), writeFault });
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/stopped with \d+ of 10 picks in/);
    expect(full.stderr).not.toMatch(/internal error/);
    const paid = h.server.requests.length;
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeLessThan(10);
    h.server.requests.length = 0;
    const after = await compare();
    expect(after.code, after.stderr).toBe(0);
    expect(h.server.requests.length + paid).toBe(10); // the kept-aside picks were not bought again
  });
});

describe('regen counts picks', () => {
  async function withComparison() {
    h.server.respond = (r) => (isPick(r) ? pick(r) : { body: successBody(r, { verdict: 'ship', quote: 'Four principles, 32,000 stars.' }) });
    expect((await compare()).code).toBe(0);
    const file = join(h.ws.catalog, 'karpathy-skills.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Karpathy', 'Andrej Karpathy'));
    h.server.requests.length = 0;
  }

  it("in its dry run, with or without keys: the tool's reviews and the comparison's picks", async () => {
    await withComparison();
    for (const env of [h.anthropicEnv(), {}]) {
      const dry = await panel(['regen', 'smolvlm2', 'karpathy-skills', '--dry-run'], { cwd: h.ws.dir, env: { PATH: process.env['PATH'], ...env } });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/Would make 14 calls: 4 reviews for 1 tool and 10 head-to-head picks/);
    }
    expect(h.server.requests).toHaveLength(0);
  });

  it('in its spend line, and the calls it made are the calls the dry run said', async () => {
    await withComparison();
    const live = await panel(['regen', 'smolvlm2', 'karpathy-skills', '--json'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(live.code, live.stderr).toBe(0);
    expect(h.server.requests).toHaveLength(14);
    const spend = JSON.parse(live.stdout).spend;
    expect(spend.usage.inputTokens).toBe(14 * 900);
  });

  it('with --batch, which carries reviews only: says which comparison stays as recorded, and asks no pick', async () => {
    await withComparison();
    const batch = await panel(['regen', 'smolvlm2', 'karpathy-skills', '--batch'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(batch.code, batch.stderr).toBe(0);
    expect(batch.stderr).toMatch(
      /--batch sends no head-to-head picks: smolvlm2--karpathy-skills \(10 picks\) stays as recorded\. Once the batch is collected, `panel regen` without --batch asks those picks live\./,
    );
    expect(h.server.requests.filter(isPick)).toHaveLength(0);
  });

  it('under --max-cost: picks stop when the cap would be passed, and the run says so', async () => {
    await withComparison();
    const capped = await panel(['regen', 'smolvlm2', 'karpathy-skills', '--max-cost', '0.0035'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(capped.code).toBe(1);
    expect(h.server.requests.length).toBeLessThan(14);
    expect(capped.stderr).toMatch(/--max-cost budget of \$0\.0035 would be exceeded/);
  });
});

describe('head-to-head picks across processes', () => {
  it('two compares at once buy each pick once; the second waits for the first and finds the comparison current', async () => {
    h.server.respond = (r) => pick(r, 200);
    const argv = ['compare', 'smolvlm2', 'karpathy-skills', '--head-to-head'];
    const [first, second] = await Promise.all([panelProcess(argv, { cwd: h.ws.dir, env: h.anthropicEnv() }), panelProcess(argv, { cwd: h.ws.dir, env: h.anthropicEnv() })]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(h.server.requests).toHaveLength(10);
    expect(await comparisons()).toHaveLength(1);
    expect(first.stderr + second.stderr).toMatch(/waiting for smolvlm2--karpathy-skills: another panel process is running this comparison/);
    expect(first.stderr + second.stderr).toMatch(/the head-to-head is current/);
  });

  it('after kill -9, the same command asks only the picks that had not completed', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The builder's and the skeptic's picks answer at once; the rest hang until released.
    h.server.respond = async (r) => {
      if (!['builder', 'skeptic'].includes(personaOf(r.body))) await released;
      return pick(r);
    };
    const argv = ['compare', 'smolvlm2', 'karpathy-skills', '--head-to-head'];
    const { child, done } = spawnPanel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });
    const checkpoint = join(h.ws.runs, '.work', '.comparisons', PAIR);
    const lines = async () => {
      const [file] = (await readdir(checkpoint).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl'));
      return file ? (await readFile(join(checkpoint, file), 'utf8')).split('\n').filter(Boolean).length - 1 : 0;
    };
    while ((await lines()) < 4) await new Promise((r) => setImmediate(r)); // four picks checkpointed, panel's own record of them
    child.kill('SIGKILL');
    await done;
    release();
    const paid = h.server.requests.filter((r) => ['builder', 'skeptic'].includes(personaOf(r.body))).length;
    expect(paid).toBe(4);
    h.server.requests.length = 0;
    const again = await panelProcess(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming smolvlm2--karpathy-skills run \S+: 4 of 10 picks already done/);
    expect(h.server.requests.filter((r) => ['builder', 'skeptic'].includes(personaOf(r.body)))).toHaveLength(0);
    expect(h.server.requests).toHaveLength(6);
  });
});
