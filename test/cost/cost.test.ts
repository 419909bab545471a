import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { costOf, loadPrices, priceOf } from '../../src/cost/prices.js';
import { describeSpend, spendOf } from '../../src/cost/spend.js';
import { anthropicWire } from '../../src/providers/anthropic-wire.js';
import { openaiWire } from '../../src/providers/openai-wire.js';
import { runRecordSchema } from '../../src/runs/record.js';
import { panel } from '../support/run-cli.js';
import { useHarness } from '../support/harness.js';
import { ROOT } from '../support/workspace.js';
import { readdir, readFile } from 'node:fs/promises';

const prices = await loadPrices(join(ROOT, 'prices.yaml'), 'prices.yaml');

describe('cost arithmetic, by hand', () => {
  it("Anthropic's usage shape, cache writes and reads included", () => {
    const usage = anthropicWire.readResponse({
      content: [],
      stop_reason: 'tool_use',
      usage: { input_tokens: 1200, output_tokens: 300, cache_creation_input_tokens: 2000, cache_read_input_tokens: 5000 },
    }).usage;
    // claude-haiku-4-5: $1 in, $5 out, $1.25 cache write, $0.10 cache read per million:
    // 1200×1 + 300×5 + 2000×1.25 + 5000×0.10 = 5,700 millionths of a dollar.
    expect(costOf(usage, priceOf(prices, 'claude-haiku-4-5')!)).toBeCloseTo(0.0057, 10);
  });

  it("OpenAI's usage shape: cached tokens are part of prompt_tokens and priced apart", () => {
    const usage = openaiWire.readResponse({
      choices: [{ message: { content: '{}' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 6000, completion_tokens: 400, prompt_tokens_details: { cached_tokens: 4000 } },
    }).usage;
    expect(usage).toEqual({ inputTokens: 2000, outputTokens: 400, cacheWriteTokens: 0, cacheReadTokens: 4000 });
    // gpt-5-mini: $0.25 in, $2 out, $0.025 cached: 2000×0.25 + 4000×0.025 + 400×2 = 1,400 millionths.
    expect(costOf(usage, priceOf(prices, 'gpt-5-mini')!)).toBeCloseTo(0.0014, 10);
  });

  it('a dated snapshot takes its family price; an unknown model is unknown, never $0', () => {
    expect(priceOf(prices, 'claude-haiku-4-5-20251001')).toBe(prices.models['claude-haiku-4-5']);
    expect(priceOf(prices, 'claude-haiku-5-5')).toBeUndefined();
    const review = { model: 'claude-haiku-5-5', cost: null, usage: { inputTokens: 10, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 } };
    const spend = spendOf([review as never]);
    expect(spend.cost).toBeNull();
    expect(describeSpend(spend)).toMatch(/cost unknown \(no price for claude-haiku-5-5/);
  });

  it('every price in the table says when and where it was read', () => {
    for (const price of Object.values(prices.models)) {
      expect(price.date).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(price.source).toMatch(/^https:\/\//);
    }
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
