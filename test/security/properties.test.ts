/**
 * Property-based checks of the contracts that hold for any input: a tool file
 * of any content gives exit 0 or 2 with no stack trace and writes nothing
 * outside the runs folder; any URL gives panel serve's 200, 400 or 404, never
 * 500, and never shows a file outside the folders the config names.
 */
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { cleanEnv, panel } from '../support/run-cli.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
});
afterAll(() => ws.remove());

/** Every file outside runs/ with its size and modification time: what a command must not change. */
async function snapshot(dir: string, skip: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (path === skip) continue;
      if (e.isDirectory()) await walk(path);
      else {
        const s = await stat(path);
        out.push(`${path} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  await walk(dir);
  return out.sort();
}

const valid = 'name: Fuzz\ncategory: Developer Tools\ntagline: A tool\npricing:\n  entry: Free\ndescription: A real description.\n';

/** Tool files: a valid file with text spliced in anywhere, or fields of any Unicode, or YAML's own structure characters. */
const toolFiles = fc.oneof(
  fc.tuple(fc.nat({ max: valid.length }), fc.string({ unit: 'binary', maxLength: 40 })).map(([at, text]) => valid.slice(0, at) + text + valid.slice(at)),
  fc
    .record({ name: fc.string({ unit: 'binary', maxLength: 30 }), tagline: fc.string({ unit: 'grapheme', maxLength: 60 }), entry: fc.string({ maxLength: 12 }) })
    .map((f) => `name: ${JSON.stringify(f.name)}\ncategory: X\ntagline: ${JSON.stringify(f.tagline)}\npricing: { entry: ${JSON.stringify(f.entry)} }\ndescription: Text.\n`),
  fc
    .array(fc.constantFrom('&a ', '*a ', '[', ']', '{', '}', '---\n', ': ', '- ', '\n  ', 'name', '"', "'", '!!binary ', '<<: ', '\t', '\u0000', '\u001b['), { maxLength: 60 })
    .map((parts) => parts.join('')),
);

describe('any tool file', () => {
  it('gives exit 0 or 2, never a stack trace, and changes nothing outside runs/', async () => {
    const file = join(ws.catalog, 'fuzz.yaml');
    await fc.assert(
      fc.asyncProperty(toolFiles, async (text) => {
        await writeFile(file, text);
        const before = await snapshot(ws.dir, ws.runs);
        for (const argv of [['check'], ['tools'], ['regen', 'fuzz', '--dry-run']]) {
          const result = await panel(argv, { cwd: ws.dir, env: cleanEnv() });
          expect([0, 2], `${argv.join(' ')}: ${result.stderr}`).toContain(result.code);
          expect(result.stderr).not.toMatch(/internal error|\n\s+at \S+:\d+:\d+/);
          expect(`${result.stdout}${result.stderr}`).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
        }
        expect(await snapshot(ws.dir, ws.runs)).toEqual(before);
      }),
      { numRuns: 40 },
    );
    const { rm } = await import('node:fs/promises');
    await rm(file);
  });
});

describe('any URL to panel serve', () => {
  let base = '';
  let stop: AbortController;
  let served: Promise<number>;
  const project = () => join(ws.dir, 'project');
  const SECRET = 'TOP-SECRET-OUTSIDE-THE-PROJECT';

  beforeAll(async () => {
    await mkdir(project());
    for (const name of ['fixtures', 'personas', 'runs', 'panel.config.yaml']) await cp(join(ws.dir, name), join(project(), name), { recursive: true });
    // Beside the project: another tool's runs, and a file, each holding a secret.
    await mkdir(join(ws.dir, 'elsewhere/secret-tool'), { recursive: true });
    const seed = (await readdir(join(ROOT, 'runs/smolvlm2')))[0]!;
    await writeFile(join(ws.dir, 'elsewhere/secret-tool', seed), (await readFile(join(ROOT, 'runs/smolvlm2', seed), 'utf8')).replace(/SmolVLM2/g, SECRET));
    await writeFile(join(ws.dir, 'secret.txt'), SECRET);
    stop = new AbortController();
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    served = runCli(['serve', '--port', '0'], {
      stdout: { write: (s: string) => ((base = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(s)?.[1] ?? base), base && ready()) },
      stderr: { write: () => true },
      env: cleanEnv(),
      cwd: project(),
      signal: stop.signal,
    });
    await started;
  });
  afterAll(async () => {
    stop.abort('SIGINT');
    await served;
  });

  const get = (target: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { hostname, port } = new URL(base);
      const req = request({ host: hostname, port, path: target, headers: { host: `${hostname}:${port}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  const segment = fc.oneof(
    fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '..%2F..',
      '..%2f..%2felsewhere%2fsecret-tool',
      '%2E%2E%5C',
      'secret-tool',
      'secret.txt',
      'smolvlm2',
      'karpathy-skills',
      '__proto__',
      'constructor',
      '%',
      '%ZZ',
      '%E0%A4%A',
      '%00',
      '.comparisons',
      '..%00',
    ),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
  );
  const urls = fc
    .tuple(fc.constantFrom('', 'tools', 'compare', 'elsewhere'), fc.array(segment, { maxLength: 3 }), fc.constantFrom('', '?sort=__proto__', '?sort=%ZZ', '?a=..%2F..&b=x', '?sort=hasOwnProperty'))
    .map(([head, rest, query]) => `/${[head, ...rest].filter(Boolean).join('/')}${query}`);

  it("answers 200, 400 or 404 (never 500), and never with a file outside the config's folders", async () => {
    await fc.assert(
      fc.asyncProperty(urls, async (target) => {
        const { status, body } = await get(target);
        expect([200, 400, 404], target).toContain(status);
        expect(body, target).not.toContain(SECRET);
      }),
      { numRuns: 300 },
    );
  });
});
