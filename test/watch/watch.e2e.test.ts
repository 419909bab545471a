/**
 * `panel watch` against a loopback server in the services' documented shapes:
 * conditional requests and 304s, a new release that makes regen re-review that
 * tool only, failures that keep the last snapshot, the rate limit, a renamed
 * repository, and the other hosts (Hugging Face, npm, PyPI).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { personaOf } from '../support/llm-server.js';
import { panel } from '../support/run-cli.js';
import { githubRepo, startSourcesServer, type SourcesServer } from '../support/sources-server.js';

const h = useHarness();
let src: SourcesServer;
beforeAll(async () => {
  src = await startSourcesServer();
});
afterAll(() => src.close());
beforeEach(() => {
  src.routes.clear();
  src.requests.length = 0;
  src.githubLimit = undefined;
});

const env = () => ({ ...h.anthropicEnv(), PANEL_GITHUB_API_URL: src.url, PANEL_HUGGINGFACE_URL: src.url, PANEL_NPM_REGISTRY_URL: src.url, PANEL_PYPI_URL: src.url, GITHUB_TOKEN: 'ghp_test' });
const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: env() });
const tool = (name: string, source: string) =>
  `name: ${name}\ncategory: Developer Tools\ntagline: A tool for tests\npricing: { entry: Free }\ndescription: ${name} is a developer tool with a CLI.\nsource: ${source}\n`;

async function catalog() {
  await h.ws.write('panel.config.yaml', 'catalog: tools\n');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(h.ws.dir, 'tools'));
  await h.ws.write('tools/ollama.yaml', tool('Ollama', 'github:ollama/ollama'));
  await h.ws.write('tools/aider.yaml', tool('Aider', 'github:Aider-AI/aider'));
  githubRepo(src, 'ollama', 'ollama', { tag: 'v0.9.1', date: '2026-11-01T10:00:00Z', notes: 'Faster model loads.' }, { licence: 'MIT' });
  githubRepo(src, 'Aider-AI', 'aider', { tag: 'v0.80.0', date: '2026-10-20T10:00:00Z', notes: 'New edit format.' }, { licence: 'Apache-2.0' });
}

describe('panel watch', () => {
  it('a second watch with nothing changed sends only conditional requests and changes no file', async () => {
    await catalog();
    const first = await run(['watch']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/ollama\s+first look: v0\.9\.1 on 2026-11-01, licence MIT/);
    expect(src.requests).toHaveLength(6);
    for (const r of src.requests) expect(r.auth).toBe('Bearer ghp_test');
    const snapshot = join(h.ws.runs, '.sources', 'ollama.json');
    const before = await stat(snapshot);
    const text = await readFile(snapshot, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, slug: 'ollama', sources: { 'github:ollama/ollama': { release: { tag: 'v0.9.1' }, licence: 'MIT', figures: { stars: 32100 } } } });
    src.requests.length = 0;
    const second = await run(['watch']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/ollama\s+no change/);
    expect(src.requests).toHaveLength(6);
    for (const r of src.requests) expect(r).toMatchObject({ conditional: true, status: 304 });
    expect((await stat(snapshot)).mtimeMs).toBe(before.mtimeMs);
    expect(await readFile(snapshot, 'utf8')).toBe(text);
  });

  it('a new release makes regen re-review that tool only, saying why', async () => {
    await catalog();
    expect((await run(['watch'])).code).toBe(0);
    expect((await run(['regen'])).code).toBe(0);
    expect(h.server.requests).toHaveLength(10);
    // The reviews were told the release and licence, as data inside the markers.
    const ollama = h.server.requests.find((r) => JSON.stringify(r.body).includes('Name: Ollama'))!;
    expect(JSON.stringify(ollama.body)).toMatch(/Latest from the source:[^"]*Release v0\.9\.1, published 2026-11-01\. Licence: MIT/);
    await new Promise((r) => setTimeout(r, 5)); // the digest's period starts after the first runs' timestamps
    const between = new Date().toISOString();
    githubRepo(src, 'ollama', 'ollama', { tag: 'v1.0.0', date: '2026-12-01T09:00:00Z', notes: 'Version one.' }, { licence: 'MIT', readme: '# ollama\n\nThe README of ollama.\nNow with a GUI.\n' });
    const watched = await run(['watch', '--diff', 'ollama']);
    expect(watched.stdout).toContain('ollama · github:ollama/ollama:\n+ Now with a GUI.\n');
    expect(watched.stdout).toMatch(/ollama\s+new release v0\.9\.1 → v1\.0\.0 on 2026-12-01; README changed by about \d+%/);
    expect(watched.stdout).toMatch(/aider\s+no change/);
    expect(watched.stdout).toContain('`panel regen ollama` re-reviews the tools whose release or licence changed.');
    h.server.requests.length = 0;
    const dry = await run(['regen', '--dry-run']);
    expect(dry.stdout).toMatch(/ollama\s+builder\s+source: v0\.9\.1 → v1\.0\.0/);
    const regen = await run(['regen']);
    expect(regen.code).toBe(0);
    expect(h.server.requests).toHaveLength(5);
    expect(new Set(h.server.requests.map((r) => JSON.stringify(r.body).includes('Ollama')))).toEqual(new Set([true]));
    expect(h.server.requests.map((r) => personaOf(r.body)).sort()).toEqual(['builder', 'buyer', 'creator', 'futurist', 'skeptic']);
    // The week's news: the update, in one line, since no verdict moved.
    expect((await run(['publish', '--out', 'site', '--digest', '--since', between])).code).toBe(0);
    const digest = await readFile(join(h.ws.dir, 'site/digest.md'), 'utf8');
    expect(digest).toMatch(/### \[Ollama v0\.9\.1 → v1\.0\.0\]\(tools\/ollama\.html\)\n\nUpdated; no verdict changed \(Panel ship stays at 80%\)\./);
    expect(digest).not.toContain('Aider');
    // The tool's page shows its moving figures, with when they were read; they were never a review input.
    expect(await readFile(join(h.ws.dir, 'site/tools/ollama.html'), 'utf8')).toMatch(/GitHub: 32\.1k stars, read \d{4}-\d\d-\d\d/);
    expect((await run(['show', 'ollama'])).stdout).toMatch(/^GitHub: 32\.1k stars, read \d{4}-\d\d-\d\d$/m);
    for (const r of h.server.requests) expect(JSON.stringify(r.body)).not.toContain('32100');
  });

  it('a failing source keeps its last snapshot and exits 1 after asking the others; a rate limit stops the host', async () => {
    await catalog();
    expect((await run(['watch'])).code).toBe(0);
    const snapshot = join(h.ws.runs, '.sources', 'ollama.json');
    const kept = await readFile(snapshot, 'utf8');
    src.routes.set('/repos/ollama/ollama', { status: 502 });
    githubRepo(src, 'Aider-AI', 'aider', { tag: 'v0.81.0', date: '2026-12-02T10:00:00Z', notes: 'More.' }, { licence: 'Apache-2.0' });
    const failed = await run(['watch']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ollama\s+failed: github:ollama\/ollama: 127\.0\.0\.1:\d+ answered 502 .*\(its last snapshot is kept\)/);
    expect(failed.stdout).toMatch(/aider\s+new release v0\.80\.0 → v0\.81\.0 on 2026-12-02/);
    expect(await readFile(snapshot, 'utf8')).toBe(kept);

    // Out of requests until an hour from now: the host is not asked again, and nothing is lost.
    githubRepo(src, 'ollama', 'ollama', { tag: 'v1.0.0', date: '2026-12-01T09:00:00Z', notes: '' }, { licence: 'MIT' });
    src.githubLimit = { remaining: 0, reset: Math.floor(Date.now() / 1000) + 3600 };
    src.requests.length = 0;
    const limited = await run(['watch', '--json']);
    expect(limited.code).toBe(1);
    const out = JSON.parse(limited.stdout);
    expect(out.stopped).toEqual([{ host: expect.stringMatching(/^127\.0\.0\.1:\d+$/), until: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) }]);
    expect(out.tools.map((t: { slug: string; rateLimited: boolean }) => [t.slug, t.rateLimited])).toEqual([
      ['aider', true],
      ['ollama', true],
    ]);
    expect(src.requests.filter((r) => r.status === 403).length).toBeLessThanOrEqual(4); // the first answers in flight, then none
    expect(await readFile(snapshot, 'utf8')).toBe(kept);
  });

  it('says a source is gone (404) or moved (301), and reads Hugging Face, npm and PyPI in their shapes', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: tools\n');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(h.ws.dir, 'tools'));
    await h.ws.write('tools/gone.yaml', tool('Gone', 'github:nobody/nothing'));
    await h.ws.write('tools/moved.yaml', tool('Moved', 'github:old-owner/tool'));
    await h.ws.write('tools/smol.yaml', tool('Smol', 'huggingface:HuggingFaceTB/SmolVLM2-2.2B-Instruct'));
    await h.ws.write('tools/pkg.yaml', tool('Pkg', '[npm:left-pad, pypi:requests]'));
    await h.ws.write('tools/bad.yaml', tool('Bad', 'pypi:broken'));
    githubRepo(src, 'new-owner', 'tool', { tag: 'v2.0.0', date: '2026-11-11T00:00:00Z', notes: '' }, { licence: 'MIT' });
    src.routes.set('/repos/old-owner/tool', { status: 301, location: '/repos/new-owner/tool' });
    src.routes.set('/repos/old-owner/tool/releases/latest', { status: 301, location: '/repos/new-owner/tool/releases/latest' });
    src.routes.set('/repos/old-owner/tool/readme', { status: 301, location: '/repos/new-owner/tool/readme' });
    src.routes.set('/api/models/HuggingFaceTB/SmolVLM2-2.2B-Instruct', {
      body: { id: 'HuggingFaceTB/SmolVLM2-2.2B-Instruct', sha: 'a1b2c3d4e5f6', lastModified: '2026-11-20T08:00:00.000Z', likes: 1200, downloads: 98000, cardData: { license: 'apache-2.0' } },
    });
    src.routes.set('/HuggingFaceTB/SmolVLM2-2.2B-Instruct/raw/main/README.md', { body: '# SmolVLM2\n' });
    src.routes.set('/left-pad', { body: { name: 'left-pad', 'dist-tags': { latest: '1.3.0' }, time: { '1.3.0': '2018-04-09T00:00:00.000Z' }, license: 'WTFPL', readme: '# left-pad' } });
    src.routes.set('/pypi/requests/json', {
      body: { info: { version: '2.32.3', license: 'Apache-2.0', description: '# Requests' }, releases: { '2.32.3': [{ upload_time_iso_8601: '2024-05-29T15:37:47.000000Z' }] } },
    });
    src.routes.set('/pypi/broken/json', { body: '{"info": {"version": ', contentType: 'application/json' });
    const out = await run(['watch']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/gone\s+failed: github:nobody\/nothing: source gone: github:nobody\/nothing answered 404/);
    expect(out.stdout).toMatch(/moved\s+first look: v2\.0\.0 on 2026-11-11, licence MIT/);
    expect(JSON.parse(await readFile(join(h.ws.runs, '.sources', 'moved.json'), 'utf8')).sources['github:old-owner/tool'].movedTo).toBe('new-owner/tool');
    expect(out.stdout).toMatch(/smol\s+first look: a1b2c3d on 2026-11-20, licence apache-2\.0/);
    expect(out.stdout).toMatch(/pkg\s+npm:left-pad: first look: 1\.3\.0 on 2018-04-09, licence WTFPL; pypi:requests: first look: 2\.32\.3 on 2024-05-29, licence Apache-2\.0/);
    expect(out.stdout).toMatch(/bad\s+failed: pypi:broken: .* did not answer in the shape panel reads/);
  });

  it('refuses a source it cannot read, in panel check, with the file and field', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: tools\n');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(h.ws.dir, 'tools'));
    await h.ws.write('tools/odd.yaml', tool('Odd', 'gitlab:owner/repo'));
    const out = await run(['check']);
    expect(out.code).toBe(2);
    expect(out.stdout + out.stderr).toMatch(/tools\/odd\.yaml.*source.*must be github:owner\/repo/s);
  });
});
