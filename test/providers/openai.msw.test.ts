/**
 * The real `openai` client, in-process, against msw: the strict json_schema
 * request, the step-down for OpenAI-compatible servers that reject it, the
 * re-ask, and a recorded OpenAI run replayed by request hash.
 */
import { readRunFile } from '../support/records.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { reviewJsonSchema } from '../../src/review/schema.js';
import { personaOf, openaiMessage } from '../support/llm-server.js';
import { recordedHandlers, strictServer } from '../support/msw-replay.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { cleanEnv, panel } from '../support/run-cli.js';
import { expectEvery } from '../support/expect-every.js';

type Body = Record<string, unknown>;
const msw = strictServer();
const bodies: Body[] = [];

/** A chat-completions endpoint whose answer depends on the request body. */
function chat(answer: (body: Body) => Response) {
  return http.post('*/v1/chat/completions', async ({ request }) => {
    const body = (await request.json()) as Body;
    bodies.push(body);
    return answer(body);
  });
}
const review = (body: Body) => HttpResponse.json(openaiMessage(body, JSON.stringify({ verdict: 'ship', quote: `The ${personaOf(body)} says ship: Apache 2.0, 2B params.` })));

let ws: Workspace;
beforeAll(() => msw.listen());
afterAll(() => msw.server.close());
beforeEach(async () => {
  bodies.length = 0;
  ws = await makeWorkspace();
});
afterEach(async () => {
  msw.server.resetHandlers();
  await ws.remove();
});

const env = (extra: Record<string, string> = {}) => cleanEnv({ OPENAI_API_KEY: 'sk-proj-dummy-key-for-tests-000000000000', ...extra });

describe('openai provider through the real SDK', () => {
  it('asks for strict json_schema output built from the review schema, with the default model', async () => {
    msw.server.use(chat(review));
    const result = await panel(['review', 'smolvlm2'], { cwd: ws.dir, env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Panel ship 100%');
    expect(bodies).toHaveLength(4);
    for (const body of bodies) {
      expect(body['model']).toBe('gpt-5.4-mini');
      expect(body['response_format']).toEqual({ type: 'json_schema', json_schema: { name: 'review', strict: true, schema: reviewJsonSchema() } });
      expect(body).not.toHaveProperty('temperature');
    }
  });

  it('steps down to json_object, then to plain instructions, when a local server rejects them, and remembers', async () => {
    msw.server.use(
      chat((body) => {
        const format = (body['response_format'] as { type?: string } | undefined)?.type;
        if (format) return HttpResponse.json({ error: { message: `response_format ${format} is not supported`, type: 'invalid_request_error' } }, { status: 400 });
        return review(body);
      }),
    );
    const result = await panel(['review', 'smolvlm2', '--concurrency', '1', '--model', 'qwen2.5:7b'], {
      cwd: ws.dir,
      env: cleanEnv({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }),
    });
    expect(result.code).toBe(0);
    // The first persona tries three formats; the other three go straight to plain instructions.
    expect(bodies.map((b) => (b['response_format'] as { type: string } | undefined)?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none', 'none', 'none', 'none']);
    expect(result.stderr).toMatch(/rejected response_format json_schema .*using json_object/);
    expect(result.stderr).toMatch(/rejected response_format json_object .*using plain instructions/);
  });

  it('re-asks once with the validation error when the server ignores the schema', async () => {
    msw.server.use(
      chat((body) => {
        const messages = body['messages'] as { role: string; content: string }[];
        if (messages.length === 3) return HttpResponse.json(openaiMessage(body, 'Sure! {"verdict": "maybe", "quote": "Hard to say."}'));
        return review(body);
      }),
    );
    const result = await panel(['review', 'smolvlm2', '--json'], { cwd: ws.dir, env: env() });
    expect(result.code).toBe(0);
    expect(bodies).toHaveLength(8);
    const reask = bodies.find((b) => (b['messages'] as unknown[]).length === 5)!;
    const messages = reask['messages'] as { role: string; content: string }[];
    expect(messages[3]).toEqual({ role: 'assistant', content: 'Sure! {"verdict": "maybe", "quote": "Hard to say."}' });
    expect(messages[4]!.role).toBe('user');
    expect(messages[4]!.content).toMatch(/verdict/);
    const [file] = await readdir(join(ws.runs, 'smolvlm2'));
    const record = await readRunFile(join(ws.runs, 'smolvlm2', file!));
    expectEvery(record.reviews, (r) => r.status === 'ok' && r.exchanges.length === 2);
  });

  it('records a run that replays through msw by request hash, in any order', async () => {
    msw.server.use(chat(review));
    await panel(['review', 'smolvlm2'], { cwd: ws.dir, env: env() });
    const [file] = await readdir(join(ws.runs, 'smolvlm2'));
    const record = await readRunFile(join(ws.runs, 'smolvlm2', file!));

    const misses: string[] = [];
    msw.server.resetHandlers(...recordedHandlers([record], [], misses));
    const again = await panel(['review', 'smolvlm2', '--json', '--concurrency', '1'], { cwd: ws.dir, env: env() });
    expect(misses).toEqual([]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).panel.reviews.map((r: { quote: string }) => r.quote)).toEqual(record.reviews.map((r) => r.review!.quote));
  });
});
