/**
 * The built CLI (`node dist/bundle/panel.mjs`, as `npx panel` runs it) in a child
 * process against the loopback server that speaks both APIs, with a dummy key.
 */
import { readRunFile } from '../support/records.js';
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunRecord } from '../../src/shapes/run-record.js';
import { scriptedReviewer, successBody, type Responder } from '../support/llm-server.js';
import { useHarness } from '../support/harness.js';
import { ROOT } from '../support/workspace.js';
import { hashOf } from '../../src/util/hash.js';
import { cleanEnv, panelProcess } from '../support/run-cli.js';
import { wire } from '../support/wire.js';
import { expectEvery } from '../support/expect-every.js';

const ANTHROPIC_KEY = 'sk-ant-api03-DUMMYe2eKEYdoNotStoreMe0000000000';
const OPENAI_KEY = 'sk-proj-DUMMYe2eKEYdoNotStoreMe000000000000';

const h = useHarness();
const anthropicEnv = () => h.anthropicEnv(ANTHROPIC_KEY);
const openaiEnv = () => h.openaiEnv(OPENAI_KEY);
const run = (argv: string[], env: Record<string, string | undefined>) => panelProcess(argv, { cwd: h.ws.dir, env });

async function onlyRecord(slug: string): Promise<RunRecord> {
  const files = await readdir(join(h.ws.runs, slug));
  expect(files).toHaveLength(1);
  return await readRunFile(join(h.ws.runs, slug, files[0]!));
}

/** Every file under the runs folder, as text. */
async function everythingWritten(): Promise<string> {
  const names = await readdir(h.ws.runs, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = names.filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
  return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
}

describe('panel review against a h.server speaking the Anthropic Messages API', () => {
  it('writes a run record with four reviews, prints JSON a script can read, and stores no key', async () => {
    const result = await run(['review', 'smolvlm2', '--json'], anthropicEnv());
    expect(result.code).toBe(0);
    const card = JSON.parse(result.stdout);
    expect(card.panel.score).toMatchObject({ ship: 3, skip: 1, percent: 75, complete: true });
    expect(card.panel.reviews.map((r: { persona: string; verdict: string }) => `${r.persona}:${r.verdict}`)).toEqual(['builder:ship', 'skeptic:skip', 'futurist:ship', 'buyer:ship']);
    const record = await onlyRecord('smolvlm2');
    expect(card.runFile).toBe(join('runs', 'smolvlm2', `${record.runId}.json`));
    expect(record.reviews).toHaveLength(4);
    expect(record.provider).toBe('anthropic');
    expect(record.usage).toEqual({ inputTokens: 3600, outputTokens: 480, cacheWriteTokens: 0, cacheReadTokens: 0 });
    // The record holds each body exactly as the h.server received it, and its hash.
    const received = new Map(h.server.requests.map((r) => [hashOf(r.body), r.body]));
    for (const review of record.reviews) {
      const exchange = review.exchanges[0]!;
      expect(received.get(exchange.requestHash)).toEqual(exchange.request);
    }
    expectEvery(h.server.requests, (r) => r.headers['authorization'] === `Bearer ${ANTHROPIC_KEY}` || r.headers['x-api-key'] === ANTHROPIC_KEY);
    const written = await everythingWritten();
    expect(written).not.toContain(ANTHROPIC_KEY);
    expect(written).not.toMatch(/authorization|x-api-key/i);
  });

  it('prints the panel card and one progress line per persona on stderr', async () => {
    const result = await run(['review', 'smolvlm2'], anthropicEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SmolVLM2 · Developer Tools\n/);
    expect(result.stdout).toContain('Panel ship 75% (3 ship, 1 skip)');
    expect(result.stdout).toMatch(/Run recorded: runs\/smolvlm2\/\d{4}-\d\d-\d\dT.*\.json/);
    for (const persona of ['builder', 'skeptic', 'futurist', 'buyer']) {
      expect(result.stderr).toMatch(new RegExp(`smolvlm2 · ${persona}: (ship|skip) \\(\\d+\\.\\d s\\)`));
    }
  });

  it('retries a 529 overload and a 429 after its retry-after, never sooner, and records the attempts', async () => {
    const first = new Map<string, number>();
    const respond: Responder = (request, index) => {
      const persona = JSON.stringify(request.body).match(/Your persona: The (\w+)/)![1]!;
      if (persona === 'Builder' && !first.has(persona)) {
        first.set(persona, request.arrivedAt);
        return { status: 429, headers: { 'retry-after-ms': '300' }, body: wire('anthropic-error-rate_limit_error.json') };
      }
      if (persona === 'Skeptic' && !first.has(persona)) {
        first.set(persona, request.arrivedAt);
        return { status: 529, body: wire('anthropic-error-overloaded_error-with-request-id.json') };
      }
      return scriptedReviewer()(request, index);
    };
    h.server.respond = respond;
    const result = await run(['review', 'smolvlm2', '--json'], anthropicEnv());
    expect(result.code).toBe(0);
    const builderTries = h.server.requests.filter((r) => JSON.stringify(r.body).includes('Your persona: The Builder'));
    expect(builderTries).toHaveLength(2);
    expect(builderTries[1]!.arrivedAt - builderTries[0]!.arrivedAt).toBeGreaterThanOrEqual(300);
    const record = await onlyRecord('smolvlm2');
    expect(record.reviews.map((r) => r.attempts)).toEqual([2, 2, 1, 1]);
  });

  it('stops on a quota error without retrying, says what to do, and exits 1', async () => {
    h.server.respond = () => ({ status: 429, body: wire('openai-error-insufficient_quota.json') });
    const result = await run(['review', 'smolvlm2', '--concurrency', '1'], openaiEnv());
    expect(result.code).toBe(1);
    expect(h.server.requests).toHaveLength(1);
    expect(result.stderr).toMatch(/out of quota or over its spend limit .* Add credit or raise the limit/);
  });

  it('keeps error bodies with org ids and key-like strings redacted', async () => {
    h.server.respond = () => ({
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: `bad request for key ${ANTHROPIC_KEY} (org: 5576611f-a1ee-427c-9800-298d9579899c)` } },
    });
    const result = await run(['review', 'smolvlm2'], anthropicEnv());
    expect(result.code).toBe(1);
    const written = await everythingWritten();
    expect(written).toContain('[redacted-org]');
    expect(written).not.toContain('5576611f-a1ee-427c-9800-298d9579899c');
    expect(written).not.toContain(ANTHROPIC_KEY);
  });
});

describe('panel review against a h.server speaking the OpenAI Chat Completions API', () => {
  it('writes a run record and prints JSON, storing no key', async () => {
    const result = await run(['review', 'karpathy-skills', '--json'], openaiEnv());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).panel.score).toMatchObject({ ship: 3, skip: 1, percent: 75 });
    const record = await onlyRecord('karpathy-skills');
    expect(record.provider).toBe('openai');
    expect(record.reviews.map((r) => r.persona)).toEqual(['builder', 'skeptic', 'futurist', 'creator']);
    expect(await everythingWritten()).not.toContain(OPENAI_KEY);
  });

  it('records a refusal as a failed persona with the refusal kept, and does not re-ask it', async () => {
    h.server.respond = (request) =>
      JSON.stringify(request.body).includes('The Futurist')
        ? { body: wire('openai-chat-refusal.json') }
        : { body: successBody(request, { verdict: 'ship', quote: 'Concrete facts: 32,000 stars, four principles.' }) };
    const result = await run(['review', 'karpathy-skills'], openaiEnv());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/The Futurist \(futurist\): FAILED \(refusal\)\n {2}the model refused: I'm very sorry, but I can't assist with that\./);
    expect(result.stdout).toContain('Panel ship 100% (3 ship, 0 skip, 1 failed)');
    const record = await onlyRecord('karpathy-skills');
    expect(record.reviews.find((r) => r.persona === 'futurist')!.exchanges).toHaveLength(1);
    expect(h.server.requests).toHaveLength(4);
  });
});

describe('the built CLI', () => {
  it('answers --version and --help everywhere', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const argv of [['--version'], ['review', '--version'], ['tools', '-V']]) {
      const result = await run(argv, cleanEnv());
      expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
    }
    for (const argv of [['--help'], ['review', '--help'], ['personas', '-h']]) {
      const result = await run(argv, cleanEnv());
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: panel/);
    }
  });
});
