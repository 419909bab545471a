/**
 * Batch mode against the loopback server's Message Batches lifecycle
 * (created → in_progress → ended, JSONL results at results_url).
 */
import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunRecord } from '../../src/shapes/run-record.js';
import { readRunFile } from '../support/records.js';
import { generateCatalog } from '../support/catalog-gen.js';
import { useHarness } from '../support/harness.js';
import { panel } from '../support/run-cli.js';
import { expectEvery } from '../support/expect-every.js';

const h = useHarness();
const run = (...argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });

async function records(dir: string): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for (const slug of (await readdir(dir)).filter((s) => !s.startsWith('.'))) {
    for (const f of await readdir(join(dir, slug))) out.push(await readRunFile(join(dir, slug, f)));
  }
  return out;
}

describe('regen --batch', () => {
  it('takes a 200-tool catalog through the lifecycle and writes the same run records a live run writes', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: generated\nruns: runs\npersonas: personas\nbatch_limit: 400\n');
    await generateCatalog(join(h.ws.dir, 'generated'), 200);
    h.server.batchPollsToEnd = 3;

    const submitted = await run('regen', '--batch');
    expect(submitted.code).toBe(0);
    // 1,000 requests, split by the configured limit of 400.
    expect(submitted.stdout).toMatch(/Submitted 1000 requests for 200 tools in 3 batches/);
    expect([...h.server.batches.values()].map((b) => b.requests.length)).toEqual([400, 400, 200]);
    expect(h.server.requests).toHaveLength(0); // no live call
    expect(await readdir(join(h.ws.runs, '.work', 'batches'))).toHaveLength(1);

    expect((await run('batch', 'status')).stdout).toMatch(/in_progress/);
    expect((await run('batch', 'collect')).stdout).toMatch(/0 of 3 batches ended; collect again later/);
    // Running the same command again picks the pending batch up instead of submitting again.
    const again = await run('regen', '--batch');
    expect(again.stderr).toMatch(/a batch is already pending .* collecting it instead of submitting again/);
    expect(again.stdout).toMatch(/wrote 200 runs; 1000 reviews ok, 0 failed/);
    expect(h.server.batches.size).toBe(3);

    const written = await records(h.ws.runs);
    expect(written).toHaveLength(200);
    expectEvery(written, (r) => r.reviews.length === 5 && r.reviews.every((v) => v.status === 'ok' && v.exchanges.length === 1));
    expectEvery(written, (r) => r.writtenBy.command === 'regen');
    expect(await readdir(join(h.ws.runs, '.work', 'batches'))).toHaveLength(0);
    // The records are as a live run's: a following regen finds everything current.
    expect((await run('regen', '--dry-run')).stdout).toMatch(/Would make 0 calls/);
    expect((await run('replay', '--all')).code).toBe(0);
  });

  it('records errored, expired and canceled entries as failures that the next regen retries', async () => {
    h.server.batchResult = (customId) =>
      customId === 'r0'
        ? { type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }
        : customId === 'r1'
          ? { type: 'expired' }
          : customId === 'r2'
            ? { type: 'canceled' }
            : undefined;
    expect((await run('regen', 'ollama', '--batch')).code).toBe(0);
    const collected = await run('batch', 'collect');
    expect(collected.code).toBe(1);
    expect(collected.stdout).toMatch(/2 reviews ok, 3 failed \(batch_errored, batch_expired, batch_canceled; `panel regen` retries them\)/);
    h.server.batchResult = undefined;
    const plan = await run('regen', 'ollama', '--dry-run');
    expect(plan.stdout).toMatch(/Would make 3 calls for 1 tool/);
  });
});

describe('review --batch', () => {
  it("submits a tool's whole panel and collects it into a run record", async () => {
    expect((await run('review', 'smolvlm2', '--batch')).stdout).toMatch(/Submitted 4 requests for 1 tool in 1 batch/);
    const collected = await run('batch', 'collect');
    expect(collected.stdout).toMatch(/wrote 1 run; 4 reviews ok, 0 failed/);
    const [record] = await records(h.ws.runs);
    expect(record!.writtenBy.command).toBe('review');
    expect(record!.reviews.map((r) => r.persona)).toEqual(['builder', 'skeptic', 'futurist', 'buyer']);
  });
});

describe('OpenAI batches', () => {
  it('upload a JSONL file, run a batch over it, and collect the output file into run records', async () => {
    const submitted = await panel(['regen', 'smolvlm2', 'ollama', '--batch', '--force'], { cwd: h.ws.dir, env: h.openaiEnv() });
    expect(submitted.stdout).toMatch(/Submitted 9 requests for 2 tools in 1 batch/);
    expect(h.server.requests).toHaveLength(0);
    const collected = await panel(['batch', 'collect'], { cwd: h.ws.dir, env: h.openaiEnv() });
    expect(collected.stdout).toMatch(/wrote 2 runs; 9 reviews ok, 0 failed/);
    const written = await records(h.ws.runs);
    expect(written.map((r) => [r.tool.slug, r.provider, r.reviews.length]).sort()).toEqual([
      ['ollama', 'openai', 5],
      ['smolvlm2', 'openai', 4],
    ]);
    const body = written[0]!.reviews[0]!.exchanges[0]!.request as { response_format?: { type: string } };
    expect(body.response_format?.type).toBe('json_schema');
  });
});
