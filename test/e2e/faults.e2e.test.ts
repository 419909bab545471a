/**
 * Fault injection: the built CLI against the loopback server answering with
 * 429s, 5xx, 529, resets, hangs and malformed outputs. Every review completes
 * or is a recorded failure; nothing is lost, duplicated, sent early, or
 * retried that must not be.
 */
import { readRunFile } from '../support/records.js';
import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunRecord } from '../../src/shapes/run-record.js';
import { anthropicText, openaiMessage, personaOf, scriptedReviewer, successBody, type ReceivedRequest, type Reply } from '../support/llm-server.js';
import { useHarness } from '../support/harness.js';
import { panelProcess } from '../support/run-cli.js';
import { wire } from '../support/wire.js';
import { expectEvery } from '../support/expect-every.js';

const h = useHarness({ config: 'catalog: fixtures/tools\nruns: runs\npersonas: personas\ntimeout: 1\nattempts: 4\n' });
const anthropic = () => h.anthropicEnv('sk-ant-fault-test-0000000000');
const openai = () => h.openaiEnv('sk-proj-fault-test-000000000000');
const run = (argv: string[], env = anthropic()) => panelProcess(argv, { cwd: h.ws.dir, env });
const ok = scriptedReviewer();

/** Per persona, a list of replies for its first tries; then a good answer. */
function script(plan: Record<string, ((r: ReceivedRequest) => Reply)[]>) {
  const seen = new Map<string, number>();
  h.server.respond = (request, index) => {
    const persona = personaOf(request.body);
    const n = seen.get(persona) ?? 0;
    seen.set(persona, n + 1);
    const fault = plan[persona]?.[n];
    return fault ? fault(request) : ok(request, index);
  };
}
const byPersona = (persona: string) => h.server.requests.filter((r) => personaOf(r.body) === persona);

async function onlyRecord(slug = 'smolvlm2'): Promise<RunRecord> {
  const files = await readdir(join(h.ws.runs, slug));
  expect(files).toHaveLength(1);
  return await readRunFile(join(h.ws.runs, slug, files[0]!));
}

describe('retried faults', () => {
  it('rides out a 500, a reset, a hang past the timeout, a 529 and a 503 with retry-after, losing and duplicating nothing', async () => {
    script({
      builder: [() => ({ status: 500, body: wire('anthropic-error-api_error.json') })],
      skeptic: [() => ({ reset: true })],
      futurist: [() => ({ hang: true })],
      buyer: [
        () => ({ status: 529, body: wire('anthropic-error-overloaded_error.json') }),
        () => ({ status: 503, headers: { 'retry-after': '1' }, body: { type: 'error', error: { type: 'api_error', message: 'busy' } } }),
      ],
    });
    const result = await run(['review', 'smolvlm2', '--json']);
    expect(result.stderr).not.toMatch(/FAILED/);
    expect(result.code).toBe(0);
    const record = await onlyRecord();
    expect(record.reviews.map((r) => [r.persona, r.status, r.attempts])).toEqual([
      ['builder', 'ok', 2],
      ['skeptic', 'ok', 2],
      ['futurist', 'ok', 2],
      ['buyer', 'ok', 3],
    ]);
    // Never before the server's deadline: the third buyer try waited out retry-after: 1.
    const buyer = byPersona('buyer');
    expect(buyer[2]!.arrivedAt - buyer[1]!.arrivedAt).toBeGreaterThanOrEqual(1000);
    // The hung try was abandoned at the 1 s timeout (timed by the client from before it sent, hence the margin).
    const futurist = byPersona('futurist');
    expect(futurist[1]!.arrivedAt - futurist[0]!.arrivedAt).toBeGreaterThanOrEqual(900);
    expect(h.server.requests).toHaveLength(9);
  });

  it('gives up after the configured attempts and records the failure', async () => {
    script({ builder: Array(10).fill(() => ({ status: 500, body: wire('anthropic-error-api_error.json') })) });
    const result = await run(['review', 'smolvlm2']);
    expect(result.code).toBe(1);
    expect(byPersona('builder')).toHaveLength(4);
    const record = await onlyRecord();
    expect(record.reviews[0]).toMatchObject({ status: 'failed', attempts: 4, error: { kind: 'provider', status: 500 } });
    expectEvery(record.reviews.slice(1), (r) => r.status === 'ok');
  });
});

describe('never retried', () => {
  it.each([
    [400, 'anthropic-error-invalid_request_error.json'],
    [404, 'anthropic-error-invalid_request_error.json'],
  ])('a %i is tried once and recorded as failed', async (status, file) => {
    script({ skeptic: [() => ({ status, body: wire(file) })] });
    const result = await run(['review', 'smolvlm2']);
    expect(result.code).toBe(1);
    expect(byPersona('skeptic')).toHaveLength(1);
    expect((await onlyRecord()).reviews[1]).toMatchObject({ status: 'failed', error: { kind: 'provider', status } });
  });

  it('a 401 stops the run with what to check; calls not yet started are not made', async () => {
    h.server.respond = () => ({ status: 401, body: wire('anthropic-error-authentication_error.json') });
    const result = await run(['review', 'smolvlm2', '--concurrency', '1']);
    expect(result.code).toBe(1);
    expect(h.server.requests).toHaveLength(1);
    expect(result.stderr).toMatch(/rejected the credentials \(401: invalid x-api-key\)\. Check ANTHROPIC_API_KEY/);
  });

  it("OpenAI's insufficient_quota 429 is not retried", async () => {
    h.server.respond = () => ({ status: 429, body: wire('openai-error-insufficient_quota.json') });
    const result = await run(['review', 'smolvlm2', '--concurrency', '1'], openai());
    expect(result.code).toBe(1);
    expect(h.server.requests).toHaveLength(1);
    expect(result.stderr).toMatch(/out of quota/);
  });
});

describe('malformed output', () => {
  it('repairs or records each malformed Anthropic answer, keeping the raw text', async () => {
    script({
      builder: [(r) => ({ body: anthropicText(r.body, 'I would ship it: great licence.') }), (r) => ({ body: anthropicText(r.body, 'Still no JSON, sorry.') })],
      skeptic: [(r) => ({ body: anthropicText(r.body, '{"verdict": "ship", "quote": "cut', 'max_tokens') })],
      futurist: [(r) => ({ body: anthropicText(r.body, 'I can’t help with that.', 'refusal') })],
      buyer: [(r) => ({ body: successBody(r, { verdict: 'maybe', quote: 'hmm' }) })],
    });
    const result = await run(['review', 'smolvlm2']);
    expect(result.code).toBe(1);
    const record = await onlyRecord();
    const [builder, skeptic, futurist, buyer] = record.reviews;
    expect(builder).toMatchObject({ status: 'failed', error: { kind: 'not_json', raw: 'Still no JSON, sorry.' } });
    expect(builder!.exchanges).toHaveLength(2);
    for (const repaired of [skeptic, buyer]) expect(repaired).toMatchObject({ status: 'ok' });
    // A refusal is kept as it came and never re-asked with the refused turn in context.
    expect(futurist).toMatchObject({ status: 'failed', error: { kind: 'refusal', raw: 'I can’t help with that.' } });
    expect(futurist!.exchanges).toHaveLength(1);
    expect(h.server.requests).toHaveLength(7);
  });

  it('repairs empty choices and malformed tool-call arguments from an OpenAI-compatible server', async () => {
    script({
      builder: [(r) => ({ body: { ...openaiMessage(r.body, null), choices: [] } })],
      skeptic: [
        (r) => ({
          body: {
            ...openaiMessage(r.body, null),
            choices: [
              {
                index: 0,
                finish_reason: 'tool_calls',
                message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'review', arguments: '{"verdict": "ship", "quote": ' } }] },
              },
            ],
          },
        }),
      ],
      futurist: [() => ({ body: wire('openai-chat-length-recorded.json') }), (r) => ({ body: successBody(r, { verdict: 'skip', quote: 'Shorter now.' }) })],
    });
    const result = await run(['review', 'smolvlm2'], openai());
    expect(result.code).toBe(0);
    const record = await onlyRecord();
    const skeptic = record.reviews[1]!;
    // The malformed arguments were read as the answer (kept raw), then repaired by the re-ask.
    const { openaiWire } = await import('../../src/providers/openai-wire.js');
    expect(openaiWire.readResponse(skeptic.exchanges[0]!.response.body).structuredText).toBe('{"verdict": "ship", "quote": ');
    expect(record.reviews.map((r) => [r.persona, r.status, r.exchanges.length])).toEqual([
      ['builder', 'ok', 2],
      ['skeptic', 'ok', 2],
      ['futurist', 'ok', 2],
      ['buyer', 'ok', 1],
    ]);
  });
});
