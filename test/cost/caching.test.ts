import { describe, expect, it } from 'vitest';
import { panel } from '../support/run-cli.js';
import { useHarness } from '../support/harness.js';
import { expectEvery } from '../support/expect-every.js';

describe('Anthropic prompt caching', () => {
  const h = useHarness();
  const run = (...argv: string[]) => panel(['review', 'karpathy-skills', ...argv], { cwd: h.ws.dir, env: h.anthropicEnv() });
  type Body = { tools: unknown; system: unknown; messages: { content: { text: string; cache_control?: unknown }[] }[] };

  it('marks the shared prefix when it reaches the model minimum, and every persona request starts with the same prefix', async () => {
    // A long description: about 2,400 tokens of prefix, over the 1,024-token minimum Sonnet 5.5 gets.
    const long = 'Acme Lint checks TypeScript with 40 rules, a VS Code plugin and a CI mode. '.repeat(80).trim();
    await h.ws.write('long-tool.yaml', `name: Acme Lint\ncategory: Developer Tools\ntagline: A linter\npricing: { entry: Free }\ndescription: ${JSON.stringify(long)}\n`);
    const result = await panel(['review', 'long-tool.yaml', '--model', 'claude-sonnet-5-5'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(result.code).toBe(0);
    const bodies = h.server.requests.map((r) => r.body as unknown as Body);
    expect(bodies).toHaveLength(5); // all five personas
    // Caching covers tools, system, then message blocks up to the marked one: all identical across the panel.
    const prefixes = bodies.map((b) => JSON.stringify([b.tools, b.system, b.messages[0]!.content[0]]));
    expect(new Set(prefixes).size).toBe(1);
    expect(bodies[0]!.messages[0]!.content[0]!.cache_control).toEqual({ type: 'ephemeral' });
    expectEvery(bodies, (b) => b.messages[0]!.content[1]!.cache_control === undefined);
    expect(new Set(bodies.map((b) => b.messages[0]!.content[1]!.text)).size).toBe(5);
    expect(result.stderr).not.toMatch(/prompt caching is off/);
  });

  it('does not mark a prefix below the minimum (4,096 tokens on Haiku), and says so once', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    const bodies = h.server.requests.map((r) => r.body as unknown as Body);
    expectEvery(bodies, (b) => b.messages[0]!.content[0]!.cache_control === undefined);
    expect(result.stderr.match(/prompt caching is off for claude-haiku-5-5: .* below its 4,096-token minimum/g)).toHaveLength(1);
  });

  it('records cache-write and cache-read tokens from the usage the server reports', async () => {
    h.server.respond = (request, index) => {
      const body = request.body as { model: string };
      return {
        body: {
          id: 'm',
          type: 'message',
          role: 'assistant',
          model: body.model,
          // Sonnet 5.5 answers output_config.format with a text block holding the JSON.
          content: [{ type: 'text', text: JSON.stringify({ verdict: 'ship', quote: 'Cached.' }) }],
          stop_reason: 'end_turn',
          usage: { input_tokens: 50, output_tokens: 80, cache_creation_input_tokens: index === 0 ? 1100 : 0, cache_read_input_tokens: index === 0 ? 0 : 1100 },
        },
      };
    };
    const result = await run('--model', 'claude-sonnet-5-5', '--concurrency', '1');
    // 4 × 50 input, 1,100 written once, 3 × 1,100 read, 4 × 80 output; at claude-sonnet-5-5 prices:
    // 200×2 + 1100×2.50 + 3300×0.20 + 320×10 = 400 + 2750 + 660 + 3200 = 7,010 millionths.
    expect(result.stderr).toContain('spent: 200 input, 1,100 cache-write, 3,300 cache-read, 320 output tokens; $0.0070');
  });
});
