/**
 * No API key, auth header or cookie is ever written to runs, checkpoints,
 * stdout or stderr; error bodies are stored with org ids and key-like strings
 * redacted. Sentinel keys, and a server that echoes them back.
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { personaOf, scriptedReviewer, type ReceivedRequest, type Reply } from '../support/llm-server.js';
import { useHarness } from '../support/harness.js';
import { panelProcess } from '../support/run-cli.js';
import { wire } from '../support/wire.js';

const ANTHROPIC_SENTINEL = 'sk-ant-api03-SENTINELanthropicKEY0000000000000000000000';
const OPENAI_SENTINEL = 'sk-proj-SENTINELopenaiKEY000000000000000000000000000';
const ORG_UUID = '5576611f-a1ee-427c-9800-298d9579899c';

const h = useHarness({ config: 'catalog: fixtures/tools\nruns: runs\npersonas: personas\nattempts: 2\ntimeout: 2\n' });

/** Echo what the client sent back at it: in headers on success, in the body on errors. */
function leakyServer(request: ReceivedRequest, index: number): Reply {
  const auth = String(request.headers['authorization'] ?? request.headers['x-api-key'] ?? '');
  const echo = {
    'set-cookie': `session=${auth}; HttpOnly`,
    'x-echo-authorization': auth,
    'openai-organization': 'org-SENTINELorgID123456',
    'request-id': 'req_sentinel_ok',
  };
  switch (personaOf(request.body)) {
    case 'builder':
      return { ...scriptedReviewer()(request, index), headers: echo };
    case 'skeptic':
      return {
        status: 400,
        body: { type: 'error', error: { type: 'invalid_request_error', message: `Bad request from ${auth} (org: ${ORG_UUID}, organization org-SENTINELorgID123456)` } },
      };
    case 'futurist':
      return { status: 429, headers: { 'retry-after-ms': '10' }, body: wire('anthropic-error-rate_limit_error.json') };
    default:
      return { status: 401, body: wire('openai-error-invalid_api_key.json') };
  }
}

async function everything(): Promise<string> {
  const entries = await readdir(h.ws.runs, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  expect(files.length).toBeGreaterThan(0);
  return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
}

function expectNoSecret(text: string) {
  for (const secret of [ANTHROPIC_SENTINEL, OPENAI_SENTINEL, 'SENTINELanthropicKEY', 'SENTINELopenaiKEY', ORG_UUID, 'org-SENTINELorgID123456', 'session=']) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/authorization|x-api-key|set-cookie|openai-organization/i);
}

describe.each([
  { provider: 'anthropic', env: () => h.anthropicEnv(ANTHROPIC_SENTINEL) },
  { provider: 'openai', env: () => h.openaiEnv(OPENAI_SENTINEL) },
])('with sentinel keys, through $provider', ({ env }) => {
  it('writes no key, auth header, cookie or org id to runs, checkpoints, stdout or stderr', async () => {
    h.server.respond = leakyServer;
    const results = [
      await panelProcess(['review', 'smolvlm2', '--concurrency', '1'], { cwd: h.ws.dir, env: env() }),
      await panelProcess(['review', 'smolvlm2', '--json', '--debug'], { cwd: h.ws.dir, env: env() }),
    ];
    // The h.server did see the key: the test would catch a leak.
    expect(h.server.requests.some((r) => JSON.stringify(r.headers).includes('SENTINEL'))).toBe(true);
    const written = await everything();
    expect(written).toContain('[redacted-org]');
    expect(written).toContain('req_sentinel_ok');
    expectNoSecret(written);
    for (const r of results) {
      expectNoSecret(r.stdout);
      expectNoSecret(r.stderr);
    }
  });
});
