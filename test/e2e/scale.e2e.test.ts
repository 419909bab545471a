/**
 * Small, fast versions of the benchmark's catalog and over-cap cases
 * (npm run bench measures the real ones): under the same server settings,
 * every review is present once, and the server's concurrency cap holds panel
 * back instead of failing reviews.
 */
import { readRunFile } from '../support/records.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hashOf } from '../../src/util/hash.js';
import { generateCatalog } from '../support/catalog-gen.js';
import { scriptedReviewer, startLlmServer, type LlmServer } from '../support/llm-server.js';
import { cleanEnv, panelProcess } from '../support/run-cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { expectEvery } from '../support/expect-every.js';

const TOOLS = 12;
let server: LlmServer;
let ws: Workspace;
beforeAll(async () => {
  server = await startLlmServer(scriptedReviewer(undefined, { delayMs: 100 }));
});
afterAll(() => server.close());
beforeEach(async () => {
  server.requests.length = 0;
  server.stats = { inFlight: 0, peak: 0, capped: 0, connections: 0 };
  ws = await makeWorkspace();
  await generateCatalog(join(ws.dir, 'generated'), TOOLS);
  await ws.write('panel.config.yaml', 'catalog: generated\nruns: runs\npersonas: personas\nattempts: 8\n');
});
afterEach(() => {
  server.cap = undefined;
  return ws.remove();
});

const env = () => cleanEnv({ ANTHROPIC_API_KEY: 'sk-ant-scale-0000000000', ANTHROPIC_BASE_URL: server.anthropicBaseURL, ANTHROPIC_CONFIG_DIR: ws.sdkConfigDir });

async function allReviews() {
  const slugs = await readdir(ws.runs);
  const records = await Promise.all(
    slugs
      .filter((s) => !s.startsWith('.'))
      .map(async (slug) => {
        const [file, ...more] = await readdir(join(ws.runs, slug));
        expect(more).toEqual([]);
        return await readRunFile(join(ws.runs, slug, file!));
      }),
  );
  return records.flatMap((r) => r.reviews.map((v) => ({ tool: r.tool.slug, ...v })));
}

describe('a catalog against a server with a concurrency cap', () => {
  it('at the cap: every review present once, no 429', async () => {
    server.cap = 8;
    const result = await panelProcess(['regen', '--concurrency', '8'], { cwd: ws.dir, env: env() });
    expect(result.code).toBe(0);
    const reviews = await allReviews();
    expect(reviews).toHaveLength(TOOLS * 5);
    expectEvery(reviews, (r) => r.status === 'ok');
    expect(new Set(reviews.map((r) => `${r.tool}/${r.persona}`)).size).toBe(TOOLS * 5);
    // panel never had more than 8 calls in flight: the server refused none.
    expect(server.stats.capped).toBe(0);
    expect(server.requests).toHaveLength(TOOLS * 5);
  });

  it('over the cap (--concurrency 32 against 4): converges, loses nothing, and each review is paid for once', async () => {
    server.cap = 4;
    server.capRetryAfter = 1;
    const result = await panelProcess(['regen', '--concurrency', '32'], { cwd: ws.dir, env: env() });
    expect(result.stderr).not.toMatch(/FAILED/);
    expect(result.code).toBe(0);
    const reviews = await allReviews();
    expect(reviews).toHaveLength(TOOLS * 5);
    expectEvery(reviews, (r) => r.status === 'ok');
    // Requests the server answered (not the ones the cap turned away) are exactly one per review.
    const answered = server.requests.length - server.stats.capped;
    expect(answered).toBe(TOOLS * 5);
    expect(new Set(reviews.map((r) => r.exchanges[0]!.requestHash)).size).toBe(TOOLS * 5);
    expectEvery(reviews, (r) => r.exchanges[0]!.requestHash === hashOf(r.exchanges[0]!.request));
  });
});
