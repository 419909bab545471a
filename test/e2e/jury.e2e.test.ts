/**
 * The jury: personas on different providers and models in one run, the
 * self-preference guard, and repeated samples. The loopback server answers
 * by model (one model always ships, another always skips) and by sample.
 */
import { readRunFile } from '../support/records.js';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunRecord } from '../../src/shapes/run-record.js';
import { useHarness } from '../support/harness.js';
import { personaOf, scriptedReviewer, type ReceivedRequest } from '../support/llm-server.js';
import { cleanEnv, panel } from '../support/run-cli.js';

const h = useHarness();
const both = () => ({ ...h.anthropicEnv(), ...h.openaiEnv() });
const run = (argv: string[], env: Record<string, string | undefined> = both()) => panel(argv, { cwd: h.ws.dir, env });

async function latest(slug: string): Promise<RunRecord> {
  const [file] = (await readdir(join(h.ws.runs, slug)))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  return await readRunFile(join(h.ws.runs, slug, file!));
}

/** Claude models ship; every other model skips. */
const byModel = () =>
  scriptedReviewer((r) => ({ verdict: String(r.body['model']).startsWith('claude') ? 'ship' : 'skip', quote: `On ${String(r.body['model'])}, as the ${personaOf(r.body)}: Apache 2.0, 2B params.` }));
const sampleOf = (r: ReceivedRequest) => Number(/Independent sample (\d+)/.exec(JSON.stringify(r.body))?.[1] ?? 1);

const JURY =
  'catalog: fixtures/tools\njury:\n  builder: anthropic/claude-haiku-5-5\n  skeptic: anthropic/claude-sonnet-5-5\n  futurist: openai/gpt-5.4-mini\n  buyer: openai/gpt-6-luna\n  creator: openai/gpt-5.4-mini\n';

describe('a jury across providers', () => {
  it('sends each persona to its own API and model; the card, the page and the record name them', async () => {
    await h.ws.write('panel.config.yaml', JURY);
    h.server.respond = byModel();
    const result = await run(['review', 'smolvlm2']);
    expect(result.code).toBe(0);
    const sent = Object.fromEntries(h.server.requests.map((r) => [personaOf(r.body), `${r.api}/${String(r.body['model'])}`]));
    expect(sent).toEqual({ builder: 'anthropic/claude-haiku-5-5', skeptic: 'anthropic/claude-sonnet-5-5', futurist: 'openai/gpt-5.4-mini', buyer: 'openai/gpt-6-luna' });
    expect(result.stdout).toContain('Panel ship 50% (2 ship, 2 skip)');
    // The quote, the figures check when the quote states a number, then the model.
    expect(result.stdout).toMatch(/The Skeptic \(skeptic\): SHIP\n.*\n(?: {2}Figures: .*\n)? {2}on claude-sonnet-5-5 \(anthropic\)/);
    expect(result.stdout).toMatch(/The Buyer \(buyer\): SKIP\n.*\n(?: {2}Figures: .*\n)? {2}on gpt-6-luna \(openai\)/);
    const record = await latest('smolvlm2');
    expect(record.reviews.map((r) => [r.persona, r.provider, r.api, r.model])).toEqual([
      ['builder', 'anthropic', 'anthropic', 'claude-haiku-5-5'],
      ['skeptic', 'anthropic', 'anthropic', 'claude-sonnet-5-5'],
      ['futurist', 'openai', 'openai', 'gpt-5.4-mini'],
      ['buyer', 'openai', 'openai', 'gpt-6-luna'],
    ]);
    const page = await run(['show', 'smolvlm2', '--format', 'md'], cleanEnv());
    expect(page.stdout).toMatch(/### The Buyer: Skip\n\n> .*\n\n\*on gpt-6-luna\*/);
  });

  it('a persona whose provider has no key is a usage error before any call, naming the persona and the variable', async () => {
    await h.ws.write('panel.config.yaml', JURY);
    const result = await run(['review', 'smolvlm2'], h.anthropicEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The futurist persona runs on the openai provider, which has no key: set OPENAI_API_KEY/);
    expect(h.server.requests).toHaveLength(0);
  });

  it('a named provider (a second OpenAI-compatible server) is usable in jury: as name/model, with its own key variable', async () => {
    await h.ws.write(
      'panel.config.yaml',
      `catalog: fixtures/tools\nproviders:\n  local:\n    kind: openai\n    base_url: ${h.server.openaiBaseURL}\n    api_key_env: LOCAL_KEY\n    server: vllm\njury:\n  futurist: local/llama3.3:70b\n`,
    );
    h.server.respond = byModel();
    const result = await run(['review', 'smolvlm2'], { ...h.anthropicEnv(), LOCAL_KEY: 'local-key-0000' });
    expect(result.code).toBe(0);
    const futurist = h.server.requests.find((r) => personaOf(r.body) === 'futurist')!;
    expect(futurist).toMatchObject({ api: 'openai', body: { model: 'llama3.3:70b', max_completion_tokens: 1024 } });
    expect(futurist.headers['authorization']).toBe('Bearer local-key-0000');
    expect((await latest('smolvlm2')).reviews.find((r) => r.persona === 'futurist')).toMatchObject({ provider: 'local', model: 'llama3.3:70b', review: { verdict: 'skip' } });
  });

  it("a persona's provider or model change is an input change for regen", async () => {
    h.server.respond = byModel();
    expect((await run(['review', 'smolvlm2'])).code).toBe(0);
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\njury:\n  skeptic: openai/gpt-5.4-mini\n');
    h.server.requests.length = 0;
    const regen = await run(['regen', 'smolvlm2']);
    expect(regen.code).toBe(0);
    expect(h.server.requests.map((r) => personaOf(r.body))).toEqual(['skeptic']);
    expect(regen.stdout).toMatch(/provider changed: skeptic; model changed \(claude-haiku-5-5 → gpt-5\.4-mini\): skeptic/);
    expect(regen.stdout).toMatch(/skeptic: ship → skip/);
  });
});

describe('the self-preference guard', () => {
  async function makerTool() {
    await h.ws.write(
      'fixtures/tools/claude-code.yaml',
      'name: Claude Code\ncategory: Developer Tools\ntagline: An agentic coding tool\npricing: { entry: $20/mo }\nmaker: Anthropic\ndescription: Claude Code is an agentic coding tool that lives in your terminal.\n',
    );
  }

  it("recuses a persona whose model was made by the tool's maker, whatever chose the model, and says why on the card", async () => {
    await makerTool();
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\njury:\n  futurist: openai/gpt-5.4-mini\n  buyer: openai/gpt-5.4-mini\n  creator: openai/gpt-5.4-mini\n');
    h.server.respond = byModel();
    const result = await run(['review', 'claude-code']);
    expect(result.code).toBe(0);
    expect(h.server.requests.map((r) => personaOf(r.body)).sort()).toEqual(['buyer', 'creator', 'futurist']);
    expect(result.stdout).toMatch(/The Skeptic \(skeptic\): RECUSED\n {2}recused: The Skeptic runs on claude-haiku-5-5, made by Anthropic; Claude Code is made by Anthropic/);
    expect(result.stdout).toContain('Panel ship 0% (0 ship, 3 skip, 2 recused)');
    // --model picks the model for everyone, and the guard still applies.
    h.server.requests.length = 0;
    const forced = await run(['review', 'claude-code', '--model', 'claude-sonnet-5-5', '--provider', 'anthropic']);
    expect(h.server.requests).toHaveLength(0);
    expect(forced.stdout).toMatch(/Incomplete panel/);
  });

  it("reroutes a guarded persona to fallback:, another maker's model", async () => {
    await makerTool();
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\nfallback: openai/gpt-6-luna\n');
    h.server.respond = byModel();
    const result = await run(['review', 'claude-code']);
    expect(result.code).toBe(0);
    expect(new Set(h.server.requests.map((r) => String(r.body['model'])))).toEqual(new Set(['gpt-6-luna']));
    expect(result.stderr).toMatch(/claude-code: The Builder runs on gpt-6-luna here: claude-haiku-5-5 is made by Anthropic, as Claude Code is/);
  });

  it('guard: off lets every persona judge', async () => {
    await makerTool();
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\nguard: off\n');
    h.server.respond = byModel();
    expect((await run(['review', 'claude-code'])).code).toBe(0);
    expect(h.server.requests).toHaveLength(5);
  });
});

describe('repeated samples', () => {
  it('--samples 3 makes exactly three separate calls per persona; majorities, contested counts and the card are right', async () => {
    // The skeptic skips on its second sample only; the futurist ships on its first only.
    h.server.respond = scriptedReviewer((r) => {
      const persona = personaOf(r.body);
      const sample = sampleOf(r);
      const skip = (persona === 'skeptic' && sample === 2) || (persona === 'futurist' && sample !== 1);
      return { verdict: skip ? 'skip' : 'ship', quote: `${persona} sample ${sample}: Apache 2.0 and 2B params.` };
    });
    const result = await run(['review', 'smolvlm2', '--samples', '3']);
    expect(result.code).toBe(0);
    const calls = h.server.requests.map((r) => `${personaOf(r.body)}#${sampleOf(r)}`).sort();
    expect(calls).toEqual(['builder', 'buyer', 'futurist', 'skeptic'].flatMap((p) => [1, 2, 3].map((s) => `${p}#${s}`)).sort());
    expect(new Set(h.server.requests.map((r) => r.text)).size).toBe(12); // twelve different requests, never one answer copied
    expect(result.stdout).toMatch(/The Builder \(builder\): ship 3\/3\n/);
    expect(result.stdout).toMatch(/The Skeptic \(skeptic\): ship 2\/3 \(contested\)\n {2}“skeptic sample 1/);
    expect(result.stdout).toMatch(/The Futurist \(futurist\): skip 2\/3 \(contested\)\n {2}“futurist sample 2/);
    expect(result.stdout).toContain('Panel ship 75% (3 ship, 1 skip; 2 contested verdicts)');
    const record = await latest('smolvlm2');
    expect(record.samples).toBe(3);
    expect(record.reviews).toHaveLength(12);

    // Strict replay of the sampled run makes no call.
    h.server.requests.length = 0;
    const replay = await run(['review', 'smolvlm2', '--samples', '3', '--provider', 'replay', '--json'], cleanEnv());
    expect(replay.code).toBe(0);
    expect(h.server.requests).toHaveLength(0);
    const json = JSON.parse(replay.stdout);
    expect(json.panel.reviews.find((r: { persona: string }) => r.persona === 'skeptic')).toMatchObject({ verdict: 'ship', count: 'ship 2/3 (contested)', contested: true });
    expect(json.panel.reviews[0].samples).toHaveLength(3);
  });

  it('an even split is a tie, counted as neither; a failed sample is not counted', async () => {
    h.server.respond = (r, i) => {
      const persona = personaOf(r.body);
      const sample = sampleOf(r);
      if (persona === 'buyer' && sample === 2) return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'nope' } } };
      return scriptedReviewer(() => ({ verdict: persona === 'skeptic' && sample === 2 ? 'skip' : 'ship', quote: `${persona} ${sample}: 2B params.` }))(r, i);
    };
    const result = await run(['review', 'smolvlm2', '--samples', '2']);
    expect(result.stdout).toMatch(/The Skeptic \(skeptic\): tie 1\/2\n {2}“skeptic 1: 2B params\.” \(a tie: the first sample's quote\)/);
    expect(result.stdout).toMatch(/The Buyer \(buyer\): ship 1\/1 \(1 failed\)/);
    expect(result.stdout).toContain('Panel ship 100% (3 ship, 0 skip, 1 tie; 1 contested verdict)');
  });
});
