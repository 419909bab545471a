/**
 * The real @anthropic-ai/sdk client, in-process, against msw handlers built
 * from the shipped seed run records: every request must match a recording by
 * canonical hash, and what was sent is checked as well as what came back.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { RunStore } from '../../src/records/store.js';
import { REVIEW_TOOL_NAME, reviewJsonSchema } from '../../src/review/schema.js';
import { recordedHandlers, strictServer, type Sent } from '../support/msw-replay.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';
import { cleanEnv, panel } from '../support/run-cli.js';
import { seedReviews } from '../../scripts/seed-data.js';

const store = new RunStore(join(ROOT, 'runs'), ROOT);
const seedRecords = [...(await store.all('smolvlm2')), ...(await store.all('karpathy-skills'))];
const sent: Sent[] = [];
const misses: string[] = [];
const msw = strictServer(...recordedHandlers(seedRecords, sent, misses));
const seed = await seedReviews(ROOT);

let ws: Workspace;
beforeAll(() => msw.listen());
afterAll(() => msw.server.close());
beforeEach(async () => {
  sent.length = 0;
  misses.length = 0;
  msw.unhandled.length = 0;
  ws = await makeWorkspace();
});
afterEach(async () => {
  msw.server.resetHandlers();
  await ws.remove();
});

const env = () => cleanEnv({ ANTHROPIC_API_KEY: 'sk-ant-dummy-key-for-tests-0000000000', ANTHROPIC_CONFIG_DIR: ws.sdkConfigDir });

describe('anthropic provider through the real SDK', () => {
  it('reproduces the seed panel for SmolVLM2: 4 of 4 ship, every quote word for word', async () => {
    const result = await panel(['review', 'smolvlm2', '--json'], { cwd: ws.dir, env: env() });
    expect(result.stderr).not.toMatch(/FAILED/);
    expect(result.code).toBe(0);
    expect(misses).toEqual([]);
    expect(msw.unhandled).toEqual([]);
    const card = JSON.parse(result.stdout);
    expect(card.panel.score).toMatchObject({ ship: 4, skip: 0, percent: 100, complete: true });
    for (const review of card.panel.reviews) expect(review.quote).toBe(seed.get(`smolvlm2/${review.persona}`)!.quote);

    const files = await readdir(join(ws.runs, 'smolvlm2'));
    expect(files).toHaveLength(1);
    const written = JSON.parse(await readFile(join(ws.runs, 'smolvlm2', files[0]!), 'utf8'));
    expect(written.origin.kind).toBe('live');
    expect(written.reviews.map((r: { persona: string }) => r.persona)).toEqual(['builder', 'skeptic', 'futurist', 'buyer']);
  });

  it('sends a forced tool call with the review schema, the model, the delimited tool and no temperature', async () => {
    await panel(['review', 'karpathy-skills'], { cwd: ws.dir, env: env() });
    expect(sent).toHaveLength(4);
    for (const { url, body, headers } of sent) {
      expect(url).toBe('https://api.anthropic.com/v1/messages');
      expect(headers.get('authorization') ?? headers.get('x-api-key')).toContain('sk-ant-dummy');
      expect(body['model']).toBe('claude-haiku-5-5');
      expect(body).not.toHaveProperty('temperature');
      expect(body['tool_choice']).toEqual({ type: 'tool', name: REVIEW_TOOL_NAME });
      expect((body['tools'] as { input_schema: unknown }[])[0]!.input_schema).toEqual(reviewJsonSchema());
      const [toolBlock] = (body['messages'] as { content: { text: string }[] }[])[0]!.content;
      expect(toolBlock!.text).toMatch(/<<<TOOL DATA [0-9a-f]{16}>>>[\s\S]*Name: Karpathy Skills[\s\S]*<<<END TOOL DATA [0-9a-f]{16}>>>/);
    }
  });

  it('scores Karpathy Skills 75%: the skeptic skips', async () => {
    const result = await panel(['review', 'karpathy-skills'], { cwd: ws.dir, env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Panel ship 75% (3 ship, 1 skip)');
    expect(result.stdout).toMatch(/The Skeptic \(skeptic\): SKIP\n  “It's a text file\./);
  });

  it('--model changes the body, so no recording matches and every persona fails without a retry', async () => {
    const result = await panel(['review', 'smolvlm2', '--model', 'claude-opus-9'], { cwd: ws.dir, env: env() });
    expect(sent.map((s) => s.body['model'])).toEqual(Array(4).fill('claude-opus-9'));
    expect(misses).toHaveLength(4);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/FAILED \(provider\)/g)).toHaveLength(4);
  });

  it('stops the run on a rejected key and says which variable to check', async () => {
    let calls = 0;
    msw.server.use(
      http.post('*/v1/messages', () => {
        calls++;
        return HttpResponse.json({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: 'req_1' }, { status: 401 });
      }),
    );
    const result = await panel(['review', 'smolvlm2', '--concurrency', '1'], { cwd: ws.dir, env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/anthropic rejected the credentials \(401: invalid x-api-key\)\. Check ANTHROPIC_API_KEY\./);
    expect(calls).toBe(1);
    expect(result.stdout.match(/not attempted/g)).toHaveLength(3);
  });
});
