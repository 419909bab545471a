/**
 * The request panel sends each model family, through the real SDK clients, is
 * the one that family accepts: asserted on the body the loopback server
 * received, and by the server itself, which answers the 400s the real APIs
 * document (test/support/api-rules.ts) for a rejected option or shape.
 */
import { readRunFile } from '../support/records.js';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunRecord } from '../../src/shapes/run-record.js';
import { anthropicRejects, openaiRejects } from '../support/api-rules.js';
import { useHarness } from '../support/harness.js';
import { anthropicMessage, openaiMessage, personaOf, successBody } from '../support/llm-server.js';
import { panel } from '../support/run-cli.js';
import { expectEvery } from '../support/expect-every.js';

const h = useHarness();
const run = (argv: string[], env: Record<string, string | undefined>) => panel(argv, { cwd: h.ws.dir, env });
const bodies = () => h.server.requests.map((r) => r.body);
const statuses = () => h.server.requests.map((r) => r.status);

async function latest(slug: string): Promise<RunRecord> {
  const [file] = (await readdir(join(h.ws.runs, slug))).sort().reverse();
  return await readRunFile(join(h.ws.runs, slug, file!));
}

async function setTemperature(persona: string, value: number) {
  const file = join(h.ws.dir, 'personas', `${persona}.md`);
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^---\n/, `---\ntemperature: ${value}\n`));
}

describe('the loopback server rejects what the APIs reject', () => {
  it('Anthropic: sampling parameters under 2026-10-21, forced tool use on Sonnet 5.5, budget thinking on Haiku 5.5', () => {
    const base = { model: 'claude-haiku-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] };
    expect(anthropicRejects({ ...base, temperature: 1 }, '2026-10-21')?.status).toBe(400);
    expect(anthropicRejects({ ...base, model: 'claude-sonnet-5-5', tool_choice: { type: 'tool', name: 'x' } }, '2026-10-21')?.status).toBe(400);
    expect(anthropicRejects({ ...base, thinking: { type: 'enabled', budget_tokens: 1024 } }, '2026-10-21')?.status).toBe(400);
    expect(anthropicRejects(base, '2026-10-21')).toBeUndefined();
  });

  it('OpenAI: max_tokens on GPT-5.x, temperature with a reasoning effort; LM Studio: json_object', () => {
    const base = { model: 'gpt-5.4-mini', messages: [] };
    expect(openaiRejects({ ...base, max_tokens: 10 }, 'openai')?.status).toBe(400);
    expect(openaiRejects({ ...base, temperature: 0.2, reasoning_effort: 'low' }, 'openai')?.status).toBe(400);
    expect(openaiRejects({ ...base, temperature: 0.2 }, 'openai')).toBeUndefined();
    expect(openaiRejects({ ...base, response_format: { type: 'json_object' } }, 'lmstudio')?.status).toBe(400);
  });
});

describe('Anthropic requests, by model', () => {
  it('Haiku 5.5 (the default): a forced tool call, effort low, room for thinking in max_tokens, no sampling parameter', async () => {
    const result = await run(['review', 'smolvlm2'], h.anthropicEnv());
    expect(result.code).toBe(0);
    expectEvery(statuses(), (s) => s === 200);
    for (const body of bodies()) {
      expect(body).toMatchObject({ model: 'claude-haiku-5-5', max_tokens: 4096, tool_choice: { type: 'tool', name: 'submit_review' }, output_config: { effort: 'low' } });
      expect(body).not.toHaveProperty('temperature');
      expect(body['output_config']).not.toHaveProperty('format');
    }
  });

  it('Sonnet 5.5: the review schema as output_config.format, no forced tool, and the text answer is read', async () => {
    const result = await run(['review', 'smolvlm2', '--model', 'claude-sonnet-5-5'], h.anthropicEnv());
    expect(result.code).toBe(0);
    expectEvery(statuses(), (s) => s === 200);
    for (const body of bodies()) {
      expect(body).not.toHaveProperty('tool_choice');
      expect(body).not.toHaveProperty('tools');
      expect(body['output_config']).toMatchObject({ effort: 'low', format: { type: 'json_schema', schema: { type: 'object', required: ['verdict', 'quote'] } } });
    }
    const record = await latest('smolvlm2');
    expectEvery(record.reviews, (r) => r.status === 'ok' && r.model === 'claude-sonnet-5-5');
    expect(result.stderr).toMatch(/spent: .*; \$0\.\d+/);
  });

  it("a persona's temperature is refused before any call, naming the persona, the model and the option", async () => {
    await setTemperature('skeptic', 0.3);
    const result = await run(['review', 'smolvlm2'], h.anthropicEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /The skeptic persona \(personas\/skeptic\.md\) sets temperature: 0\.3, and claude-haiku-5-5 rejects it: the Anthropic API version panel speaks \(2026-10-21\) rejects temperature/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(h.server.requests).toHaveLength(0);
  });

  it("a refusal keeps the provider's category and explanation, shows them, and is not re-asked", async () => {
    h.server.respond = (request) =>
      personaOf(request.body) === 'futurist'
        ? {
            body: {
              ...anthropicMessage(request.body['model'], [], 'refusal', { input_tokens: 900, output_tokens: 3 }),
              stop_details: { type: 'refusal', category: 'frontier_llm', explanation: 'This looks like help training a competing model.' },
            },
          }
        : { body: successBody(request, { verdict: 'ship', quote: 'Apache 2.0 weights and a 2B model that runs on a laptop.' }) };
    const result = await run(['review', 'smolvlm2'], h.anthropicEnv());
    expect(result.code).toBe(1);
    expect(h.server.requests.filter((r) => personaOf(r.body) === 'futurist')).toHaveLength(1);
    expect(result.stderr).toMatch(/smolvlm2 · futurist: FAILED refusal: the model refused \(frontier_llm\): This looks like help training a competing model\./);
    expect(result.stdout).toMatch(/The Futurist \(futurist\): FAILED \(refusal\)\n {2}the model refused \(frontier_llm\)/);
    const futurist = (await latest('smolvlm2')).reviews.find((r) => r.persona === 'futurist')!;
    expect(futurist.error).toMatchObject({ kind: 'refusal', category: 'frontier_llm', explanation: 'This looks like help training a competing model.' });
    expect(futurist.exchanges).toHaveLength(1);
  });
});

describe('OpenAI requests, by model and server', () => {
  it('GPT-5.4 mini: strict json_schema, max_completion_tokens and never max_tokens; a temperature is accepted at effort none', async () => {
    await setTemperature('builder', 0.2);
    const result = await run(['review', 'smolvlm2'], h.openaiEnv());
    expect(result.code).toBe(0);
    expectEvery(statuses(), (s) => s === 200);
    for (const body of bodies()) {
      expect(body).toMatchObject({ model: 'gpt-5.4-mini', max_completion_tokens: 4096, response_format: { type: 'json_schema', json_schema: { strict: true } } });
      expect(body).not.toHaveProperty('max_tokens');
      expect(body).not.toHaveProperty('reasoning_effort');
    }
    expect(bodies().filter((b) => b['temperature'] === 0.2)).toHaveLength(1);
  });

  it('GPT-6 luna: reasoning_effort low; a persona temperature is refused before any call', async () => {
    const ok = await run(['review', 'smolvlm2', '--model', 'gpt-6-luna'], h.openaiEnv());
    expect(ok.code).toBe(0);
    for (const body of bodies()) expect(body).toMatchObject({ reasoning_effort: 'low', max_completion_tokens: 4096 });
    h.server.requests.length = 0;
    await setTemperature('buyer', 0.5);
    const refused = await run(['review', 'smolvlm2', '--model', 'gpt-6-luna'], h.openaiEnv());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/The buyer persona .* sets temperature: 0\.5, and gpt-6-luna rejects it: it accepts temperature only at reasoning effort none, and panel asks it for low/);
    expect(h.server.requests).toHaveLength(0);
  });

  it('Ollama (server: ollama): max_tokens, which is all Ollama reads, so local output is capped', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\nproviders:\n  openai:\n    server: ollama\n');
    h.server.openaiMode = 'ollama';
    const result = await run(['review', 'smolvlm2', '--model', 'llama3.3:70b'], h.openaiEnv());
    expect(result.code).toBe(0);
    for (const body of bodies()) {
      expect(body).toMatchObject({ model: 'llama3.3:70b', max_tokens: 1024 });
      expect(body).not.toHaveProperty('max_completion_tokens');
    }
  });

  it('an unknown model on a server that is not OpenAI: both output caps, and one notice that the table does not know it', async () => {
    const result = await run(['review', 'smolvlm2', '--model', 'my-finetune-7b'], h.openaiEnv());
    expect(result.code).toBe(0);
    for (const body of bodies()) expect(body).toMatchObject({ max_tokens: 4096, max_completion_tokens: 4096 });
    expect(result.stderr.match(/my-finetune-7b is not in the model table/g)).toHaveLength(1);
  });

  it('LM Studio (server: lmstudio): a format 400 steps down past json_object, which it rejects, and the notice quotes the server', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\nproviders:\n  openai:\n    server: lmstudio\n');
    h.server.openaiMode = 'lmstudio';
    h.server.respond = (request) =>
      request.body['response_format']
        ? { status: 400, body: { error: "json_schema response_format is not supported by the loaded model's template" } }
        : { body: openaiMessage(request.body, JSON.stringify({ verdict: 'ship', quote: 'Runs on a laptop, Apache 2.0.' })) };
    const result = await run(['review', 'smolvlm2', '--model', 'qwen2.5:7b', '--concurrency', '1'], h.openaiEnv());
    expect(result.code).toBe(0);
    expect(bodies().map((b) => (b['response_format'] as { type?: string } | undefined)?.type ?? 'none')).toEqual(['json_schema', 'none', 'none', 'none', 'none']);
    expect(result.stderr).toMatch(
      /the server rejected response_format json_schema \(openai answered 400: json_schema response_format is not supported by the loaded model's template\); using plain instructions/,
    );
  });

  it('a 400 that is not about the response format fails the call and keeps the strict format', async () => {
    h.server.respond = () => ({
      status: 400,
      body: { error: { message: "Invalid 'messages[1].content': string too long.", type: 'invalid_request_error', param: 'messages', code: 'string_above_max_length' } },
    });
    const result = await run(['review', 'smolvlm2', '--concurrency', '1'], h.openaiEnv());
    expect(result.code).toBe(1);
    expectEvery(bodies(), (b) => (b['response_format'] as { type: string }).type === 'json_schema');
    expect(h.server.requests).toHaveLength(4);
    expect(result.stderr).not.toMatch(/rejected response_format/);
  });

  it("prices OpenAI cache writes at their own rate, and review --json carries every review's tokens and cost", async () => {
    h.server.respond = (request) => {
      const body = openaiMessage(request.body, JSON.stringify({ verdict: 'ship', quote: 'Apache 2.0 and small enough for a laptop.' }));
      return { body: { ...body, usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, prompt_tokens_details: { cached_tokens: 200, cache_write_tokens: 300 } } } };
    };
    const result = await run(['review', 'smolvlm2', '--model', 'gpt-6-luna', '--json'], h.openaiEnv());
    expect(result.code).toBe(0);
    // gpt-6-luna: 500 uncached × $0.10 + 300 written × $0.125 + 200 read × $0.01 + 100 out × $0.50, per million.
    const perCall = (500 * 0.1 + 300 * 0.125 + 200 * 0.01 + 100 * 0.5) / 1e6;
    const record = await latest('smolvlm2');
    expect(record.reviews[0]!.usage).toEqual({ inputTokens: 500, outputTokens: 100, cacheWriteTokens: 300, cacheReadTokens: 200 });
    expect(record.reviews[0]!.cost).toBeCloseTo(perCall, 12);
    const json = JSON.parse(result.stdout);
    expect(json.spend.reviews).toHaveLength(4);
    expect(json.spend.reviews[0]).toMatchObject({ persona: 'builder', model: 'gpt-6-luna', usage: { cacheWriteTokens: 300 } });
    expect(json.spend.cost).toBeCloseTo(4 * perCall, 12);
    expect(json.spend.usage).toEqual({ inputTokens: 2000, outputTokens: 400, cacheWriteTokens: 1200, cacheReadTokens: 800 });
  });
});

describe("out of the box, with no price table of the user's", () => {
  it('review prints its cost in dollars; regen --dry-run estimates dollars; --max-cost works with the default model', async () => {
    const review = await run(['review', 'smolvlm2'], h.anthropicEnv());
    expect(review.stderr).toMatch(/spent: 3,600 input, 0 cache-write, 0 cache-read, 480 output tokens; \$0\.0006/);
    const dry = await run(['regen', 'aider', '--dry-run'], h.anthropicEnv());
    expect(dry.stdout).toMatch(/Estimate, not a quote: .* about \$0\.0\d+/);
    h.server.requests.length = 0;
    const capped = await run(['review', 'aider', '--max-cost', '1'], h.anthropicEnv());
    expect(capped.code).toBe(0);
    expect(h.server.requests.length).toBeGreaterThan(0);
  });
});
