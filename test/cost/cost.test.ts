import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { costOf } from '../../src/cost/prices.js';
import { lookupModel } from '../../src/models/lookup.js';
import { loadModelTable } from '../../src/models/model-table.js';
import { describeSpend, spendOf } from '../../src/cost/spend.js';
import { anthropicWire } from '../../src/providers/anthropic-wire.js';
import { openaiWire } from '../../src/providers/openai-wire.js';
import { runRecordSchema } from '../../src/shapes/run-record.js';
import { panel } from '../support/run-cli.js';
import { useHarness } from '../support/harness.js';
import { ROOT } from '../support/workspace.js';
import { readdir, readFile } from 'node:fs/promises';

const table = await loadModelTable(join(ROOT, 'models.yaml'), 'models.yaml');
const priceOf = (model: string) => lookupModel(table, model, model.startsWith('claude') ? 'anthropic' : 'openai').price;

describe('cost arithmetic, by hand', () => {
  it("Anthropic's usage shape, cache writes and reads included", () => {
    const usage = anthropicWire.readResponse({
      content: [],
      stop_reason: 'tool_use',
      usage: { input_tokens: 1200, output_tokens: 300, cache_creation_input_tokens: 2000, cache_read_input_tokens: 5000 },
    }).usage;
    // claude-haiku-4-5: $1 in, $5 out, $1.25 cache write, $0.10 cache read per million:
    // 1200×1 + 300×5 + 2000×1.25 + 5000×0.10 = 5,700 millionths of a dollar.
    expect(costOf(usage, priceOf('claude-haiku-4-5')!)).toBeCloseTo(0.0057, 10);
  });

  it("OpenAI's usage shape: cached tokens are part of prompt_tokens and priced apart", () => {
    const usage = openaiWire.readResponse({
      choices: [{ message: { content: '{}' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 6000, completion_tokens: 400, prompt_tokens_details: { cached_tokens: 4000 } },
    }).usage;
    expect(usage).toEqual({ inputTokens: 2000, outputTokens: 400, cacheWriteTokens: 0, cacheReadTokens: 4000 });
    // gpt-5-mini: $0.25 in, $2 out, $0.025 cached: 2000×0.25 + 4000×0.025 + 400×2 = 1,400 millionths.
    expect(costOf(usage, priceOf('gpt-5-mini')!)).toBeCloseTo(0.0014, 10);
  });

  it('a dated snapshot takes its family price; an unknown model is unknown, never $0', () => {
    expect(priceOf('claude-haiku-4-5-20251001')).toBe(table.models['claude-haiku-4-5']!.price);
    expect(priceOf('gpt-5.4-mini-2026-03-17')).toBe(table.models['gpt-5.4-mini']!.price);
    expect(priceOf('claude-unpriced-9')).toBeUndefined();
    const review = { model: 'claude-unpriced-9', cost: null, usage: { inputTokens: 10, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 } };
    const spend = spendOf([review]);
    expect(spend.cost).toBeNull();
    expect(describeSpend(spend)).toMatch(/cost unknown \(no price for claude-unpriced-9/);
  });

  it('every price in the table says when and where it was read; the default models have one', () => {
    for (const entry of Object.values(table.models)) {
      if (!entry.price) continue;
      expect(entry.price.date).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(entry.price.source).toMatch(/https:\/\/|OpenAI pricing/);
    }
    expect(priceOf(anthropicWire.defaultModel)).toMatchObject({ input: 0.1, output: 0.5 });
    expect(priceOf(openaiWire.defaultModel)).toMatchObject({ input: 0.75, output: 4.5 });
  });

  it('OpenAI cache writes are priced at their own rate (1.25× input on GPT-6 luna)', () => {
    const usage = openaiWire.readResponse({
      choices: [{ message: { content: '{}' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10_000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 6000 } },
    }).usage;
    expect(usage).toEqual({ inputTokens: 2000, outputTokens: 500, cacheWriteTokens: 6000, cacheReadTokens: 2000 });
    // 2000×0.10 + 6000×0.125 + 2000×0.01 + 500×0.50 = 200 + 750 + 20 + 250 = 1,220 millionths.
    expect(costOf(usage, priceOf('gpt-6-luna')!)).toBeCloseTo(0.00122, 12);
  });
});

describe('a live run records and prints what it spent', () => {
  const h = useHarness();

  it('prices each review and the run, and says so on stderr', async () => {
    const result = await panel(['review', 'smolvlm2', '--model', 'claude-haiku-4-5'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(result.code).toBe(0);
    // The loopback server reports 900 input and 120 output tokens per call: 900×1 + 120×5 = $0.0015 a call.
    expect(result.stderr).toContain('spent: 3,600 input, 0 cache-write, 0 cache-read, 480 output tokens; $0.0060');
    const [file] = await readdir(join(h.ws.runs, 'smolvlm2'));
    const record = runRecordSchema.parse(JSON.parse(await readFile(join(h.ws.runs, 'smolvlm2', file!), 'utf8')));
    expect(record.reviews.map((r) => r.cost)).toEqual([0.0015, 0.0015, 0.0015, 0.0015].map((c) => expect.closeTo(c, 10)));
    expect(record.cost).toBeCloseTo(0.006, 10);
  });

  it('says the cost is unknown for a model with no price', async () => {
    const result = await panel(['review', 'smolvlm2', '--model', 'claude-unpriced-9'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(result.stderr).toMatch(/spent: 3,600 input, .* cost unknown \(no price for claude-unpriced-9/);
  });

  it('a regen that reuses reviews charges only for the calls it made; history sums each call once', async () => {
    await panel(['review', 'smolvlm2', '--model', 'claude-haiku-4-5'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    await h.ws.write('personas/buyer.md', (await readFile(join(h.ws.personas, 'buyer.md'), 'utf8')).replace('You are the buyer', 'You are the procurement lead'));
    const regen = await panel(['regen', 'smolvlm2', '--model', 'claude-haiku-4-5'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(regen.stdout).toContain('Spent: 900 input, 0 cache-write, 0 cache-read, 120 output tokens; $0.0015.');
    const history = await panel(['history', 'smolvlm2'], { cwd: h.ws.dir });
    expect(history.stdout).toContain('Spent over all runs (each call counted once): 4,500 input, 0 cache-write, 0 cache-read, 600 output tokens; $0.0075.');
  });

  it('regen --dry-run estimates tokens and cost before any call, calibrated on past usage', async () => {
    await panel(['review', 'smolvlm2', '--model', 'claude-haiku-4-5'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    const file = join(h.ws.catalog, 'smolvlm2.yaml');
    await h.ws.write('fixtures/tools/smolvlm2.yaml', (await readFile(file, 'utf8')).replace('TextVQA', 'TextVQA and Video-MME'));
    h.server.requests.length = 0;
    const result = await panel(['regen', 'smolvlm2', '--dry-run', '--json', '--model', 'claude-haiku-4-5'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(h.server.requests).toHaveLength(0);
    const { estimate } = JSON.parse(result.stdout);
    // Past usage was 900 input and 120 output tokens a call, for requests of nearly the same size.
    expect(estimate.calls).toBe(4);
    expect(estimate.inputTokens).toBeGreaterThan(3500);
    expect(estimate.inputTokens).toBeLessThan(3700);
    expect(estimate.outputTokens).toBe(480);
    expect(estimate.cost).toBeCloseTo(0.006, 3);
    expect(estimate.basis.join(' ')).toMatch(/calibrated on 4 past reviews/);
  });
});
