/**
 * `panel serve` answers only for what the config points at: encoded
 * traversals, names that are not slugs, prototype keys and malformed escapes
 * get 404 or 400 (never another folder's runs, never 500 with error text).
 */
import { cp, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { cleanEnv } from '../support/run-cli.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';

let ws: Workspace;
let base = '';
let stop: AbortController;
let served: Promise<number>;
let stderr = '';

/** GET a raw request target (no URL normalisation by a client library). */
function get(target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: target, method: 'GET', headers: { host: `${hostname}:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
  // Another project beside this one, with runs of its own: serve must never show them.
  const project = join(ws.dir, 'project');
  await mkdir(project);
  for (const name of ['fixtures', 'personas', 'runs', 'panel.config.yaml']) await cp(join(ws.dir, name), join(project, name), { recursive: true });
  await mkdir(join(ws.dir, 'other/runs'), { recursive: true });
  await cp(join(ROOT, 'runs/smolvlm2'), join(ws.dir, 'other/runs/secret-tool'), { recursive: true });
  stop = new AbortController();
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  served = runCli(['serve', '--port', '0'], {
    stdout: {
      write: (s: string) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(s);
        if (m) {
          base = m[1]!;
          ready();
        }
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    env: cleanEnv(),
    cwd: project,
    signal: stop.signal,
  });
  await started;
});

afterAll(async () => {
  stop.abort('SIGINT');
  await served;
  await ws.remove();
});

describe('panel serve paths', () => {
  it('serves the catalog and a known tool', async () => {
    expect((await get('/')).status).toBe(200);
    expect((await get('/tools/smolvlm2')).body).toContain('SmolVLM2');
  });

  const traversals = [
    '/tools/..%2F..%2Fother%2Fruns%2Fsecret-tool',
    '/tools/%2E%2E%2F%2E%2E%2Fother%2Fruns%2Fsecret-tool',
    '/tools/..%5C..%5Cother',
    '/tools/../../other/runs/secret-tool',
    '/compare/..%2F..%2Fother%2Fruns%2Fsecret-tool/smolvlm2',
    '/compare/smolvlm2/..%2F..%2Fother%2Fruns%2Fsecret-tool',
    '/tools/.comparisons',
    '/tools/no-such-tool',
    '/tools/smolvlm2/extra',
  ];
  for (const target of traversals) {
    it(`${target}: 404, reading nothing outside the config's folders`, async () => {
      const { status, body } = await get(target);
      expect(status).toBe(404);
      expect(body).not.toMatch(/secret-tool|SmolVLM2 is/);
    });
  }

  it('a malformed %-escape is 400, not 500 with error text', async () => {
    const { status, body } = await get('/tools/%E0%A4%A');
    expect(status).toBe(400);
    expect(body).not.toMatch(/URIError|at decodeURIComponent/);
  });

  for (const sort of ['__proto__', 'hasOwnProperty', 'constructor', 'toString', '%ZZ', '']) {
    it(`?sort=${sort} falls back to the default order`, async () => {
      const { status, body } = await get(`/?sort=${sort}`);
      expect(status).toBe(200);
      expect(body).toContain('data-slug="smolvlm2"');
      expect(body).not.toMatch(/TypeError|is not a function/);
    });
  }

  it('run ids in the query are never read as paths', async () => {
    const { status, body } = await get('/tools/smolvlm2?a=..%2F..%2Fother&b=%2Fetc%2Fpasswd');
    expect(status).toBe(200);
    expect(body).not.toContain('root:');
    expect(stderr).not.toMatch(/internal error/);
  });
});
