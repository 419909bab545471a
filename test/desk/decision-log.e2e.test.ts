/**
 * The decisions file under processes that matter: two writers at once lose no
 * line, and a writer killed with -9 mid-write loses no complete line; a line
 * it cut short is reported by line, and the next decision is whole.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendDecision, readDecisions } from '../../src/records/decision-log.js';
import { RunStore } from '../../src/records/store.js';
import { useHarness } from '../support/harness.js';
import { panelProcess } from '../support/run-cli.js';
import { ROOT } from '../support/workspace.js';

const h = useHarness({ seedRuns: true });

/** A writer process, resolved once it has printed "appended `after`". */
function writer(runs: string, tag: string, after: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/decision-writer.ts'), runs, 't01', tag], { cwd: ROOT });
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      if (out.includes(`appended ${after}\n`)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  return { child, ready };
}

describe('the decisions file', () => {
  it('two panel processes labelling at once: every decision is there, whole', async () => {
    const labels = (editor: string) => async () => {
      for (let i = 0; i < 6; i++) expect((await panelProcess(['label', 'smolvlm2', i % 2 ? 'ship' : 'skip', '--editor', editor], { cwd: h.ws.dir, env: h.anthropicEnv() })).code).toBe(0);
    };
    await Promise.all([labels('Ada')(), labels('Grace')()]);
    const log = await readDecisions(new RunStore(h.ws.runs, h.ws.dir), 'smolvlm2');
    expect(log.damaged).toEqual([]);
    expect(log.decisions.filter((d) => d.editor === 'Ada')).toHaveLength(6);
    expect(log.decisions.filter((d) => d.editor === 'Grace')).toHaveLength(6);
    expect(new Set(log.decisions.map((d) => d.id)).size).toBe(12);
  });

  it('two writers at once, then one killed with -9 mid-write: no complete line is lost, and the next decision is whole', async () => {
    const runs = await mkdtemp(join(tmpdir(), 'panel-decisions-'));
    const store = new RunStore(runs, runs);
    const a = writer(runs, 'aaa', 5);
    const b = writer(runs, 'bbb', 5);
    await Promise.all([a.ready, b.ready]);
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
    await Promise.all([new Promise((r) => a.child.once('close', r)), new Promise((r) => b.child.once('close', r))]);
    const text = await readFile(store.decisionsPath('t01'), 'utf8');
    const log = await readDecisions(store, 't01');
    // Each writer printed "appended 5" only after its fifth line was fsynced: at least five of each are there, whole.
    expect(log.decisions.filter((d) => d.editor === 'aaa').length).toBeGreaterThanOrEqual(5);
    expect(log.decisions.filter((d) => d.editor === 'bbb').length).toBeGreaterThanOrEqual(5);
    for (const d of log.decisions) expect(d.action === 'label' && d.reason?.length).toBe(40_000 * 4);
    // What a kill cut short is at most one line per writer, each reported by its line number.
    expect(log.damaged.length).toBeLessThanOrEqual(2);
    expect(text.split('\n').filter(Boolean)).toHaveLength(log.decisions.length + log.damaged.length);
    await appendDecision(store, 't01', { id: 'd-after-1', at: new Date().toISOString(), editor: 'Ada', run: 'r', action: 'approve' });
    const after = await readDecisions(store, 't01');
    expect(after.decisions.at(-1)).toMatchObject({ id: 'd-after-1', action: 'approve' });
    expect(after.damaged).toEqual(log.damaged);
    await rm(runs, { recursive: true, force: true });
  });

  it('a line cut short is reported with its line and skipped; the others are kept', async () => {
    const store = new RunStore(h.ws.runs, h.ws.dir);
    await appendDecision(store, 'smolvlm2', { id: 'd-one', at: '2026-12-01T00:00:00.000Z', editor: 'Ada', run: '2026-11-01T00-00-00.000Z-seedsmolvlm2', action: 'label', verdict: 'ship' });
    const { appendFile } = await import('node:fs/promises');
    await appendFile(store.decisionsPath('smolvlm2'), '{"id":"d-two","at":"2026-12-0');
    await appendDecision(store, 'smolvlm2', { id: 'd-three', at: '2026-12-02T00:00:00.000Z', editor: 'Ada', run: '2026-11-01T00-00-00.000Z-seedsmolvlm2', action: 'label', verdict: 'skip' });
    const log = await readDecisions(store, 'smolvlm2');
    expect(log.decisions.map((d) => d.id)).toEqual(['d-one', 'd-three']);
    expect(log.damaged).toEqual([{ line: 2, reason: expect.stringMatching(/not a whole JSON line/) }]);
    const queue = await panelProcess(['queue'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(queue.stderr).toMatch(
      /runs\/smolvlm2\/decisions\.jsonl line 2 is damaged \(not a whole JSON line \(cut short by a crash, or edited by hand\)\); it is skipped and the other decisions are kept/,
    );
    const check = await panelProcess(['check'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(check.code).toBe(2);
    expect(check.stdout + check.stderr).toMatch(/runs\/smolvlm2\/decisions\.jsonl:2: not a whole JSON line/);
  });
});
