/**
 * The editor's site: `panel init` in an empty folder, `panel publish` to
 * static files (crawled in Chromium), and the packed package installed into
 * a fresh folder and used end to end against the loopback server.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { README_DESCRIPTION } from '../support/vendor-text.js';
import { launchChromium } from '../support/chromium.js';
import { useHarness } from '../support/harness.js';
import { cleanEnv, panel } from '../support/run-cli.js';
import { ROOT } from '../support/workspace.js';

const h = useHarness({ seedRuns: true });

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe('panel init', () => {
  it('writes a site repo in an empty folder, and refuses to overwrite anything (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'panel-init-'));
    const first = await panel(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    for (const path of ['panel.config.yaml', 'tools/smolvlm2.yaml', 'personas/builder.md', 'personas/creator.md', 'runs', '.gitignore']) expect(existsSync(join(dir, path))).toBe(true);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toMatch(/^runs\/\.work\/$/m);
    expect((await panel(['check'], { cwd: dir })).code).toBe(0);
    const again = await panel(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/panel\.config\.yaml, tools, personas, runs, \.gitignore already exist here; nothing was written/);
    await rm(dir, { recursive: true });
  });
});

describe('panel publish', () => {
  it('writes a site with no broken link, no external request, an Atom feed, no run id or command, and no horizontal scroll at 375 px', async () => {
    await h.ws.write(
      'fixtures/tools/langchain.yaml',
      `name: LangChain\ncategory: Frameworks\ntagline: Build context-aware reasoning applications\npricing: { entry: Free }\ndescription: ${JSON.stringify(README_DESCRIPTION)}\n`,
    );
    expect((await panel(['review', 'langchain'], { cwd: h.ws.dir, env: h.anthropicEnv() })).code).toBe(0);
    // A newer run of smolvlm2 that failed: its last complete verdict is what is published.
    h.server.respond = () => ({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'simulated outage' } } });
    await panel(['regen', 'smolvlm2', '--force'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    await h.ws.write(
      'panel.config.yaml',
      'catalog: fixtures/tools\nsite:\n  title: Weekly Verdicts\n  base_url: https://verdicts.example.com/\n  newsletter:\n    heading: Weekly AI Tool Verdicts\n    text: New AI tools ship daily. We compare them before you waste an afternoon.\ncomparisons: [[smolvlm2, karpathy-skills]]\n',
    );
    const result = await panel(['publish', '--out', 'public', '--digest', '--since', '2026-01-01'], { cwd: h.ws.dir, env: cleanEnv(), now: () => new Date('2026-12-04T00:00:00Z') });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/held back: smolvlm2: its newest run is incomplete \(4 of 4 failed\); its last complete verdict is published/);
    expect(result.stderr).toMatch(/held back: aider: no run yet/);
    const out = join(h.ws.dir, 'public');
    const files = (await filesUnder(out)).map((f) => relative(out, f)).sort();
    expect(files).toEqual([
      '.panel-site.json',
      'compare/smolvlm2-vs-karpathy-skills.html',
      'digest.html',
      'digest.md',
      'feed.xml',
      'index.html',
      'tools/karpathy-skills.html',
      'tools/langchain.html',
      'tools/smolvlm2.html',
    ]);
    const smol = await readFile(join(out, 'tools/smolvlm2.html'), 'utf8');
    expect(smol).toContain('100%');
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('Weekly AI Tool Verdicts');

    const browser = await launchChromium();
    try {
      const feed = await readFile(join(out, 'feed.xml'), 'utf8');
      const probe = await browser.newPage();
      const atom = await probe.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return {
          error: doc.getElementsByTagName('parsererror').length,
          ns: doc.documentElement.namespaceURI,
          entries: doc.getElementsByTagName('entry').length,
          link: doc.querySelector('entry link')?.getAttribute('href'),
        };
      }, feed);
      expect(atom).toMatchObject({ error: 0, ns: 'http://www.w3.org/2005/Atom' });
      expect(atom.entries).toBeGreaterThanOrEqual(3);
      expect(atom.link).toMatch(/^https:\/\/verdicts\.example\.com\/tools\/\S+\.html$/);

      for (const file of files.filter((f) => f.endsWith('.html') && f !== 'digest.html')) {
        const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
        const external: string[] = [];
        page.on('request', (r) => !r.url().startsWith('file:') && external.push(r.url()));
        await page.goto(pathToFileURL(join(out, file)).href);
        const text = await page.evaluate(() => document.body.innerText);
        expect(text, file).not.toMatch(/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d|panel (review|regen|compare)|simulated outage|invalid_request_error/);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${file} scrolls sideways at 375 px`).toBe(true);
        const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href));
        for (const link of links.filter((l) => l.startsWith('file:'))) expect(existsSync(new URL(link)), `${file} links to ${link}`).toBe(true);
        expect(external, file).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    const digest = await readFile(join(out, 'digest.md'), 'utf8');
    expect(digest).toMatch(/^# Weekly AI Tool Verdicts/);
    expect(digest).toMatch(/\[LangChain: Panel ship \d+%\]\(https:\/\/verdicts\.example\.com\/tools\/langchain\.html\)/);
  });
});

describe('publishing again', () => {
  it('renders only what changed, carries every other page over, and gives the same site with its derived data damaged or deleted', async () => {
    const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect((await run(['publish', '--out', 'site'])).code).toBe(0);
    const page = (slug: string) => join(h.ws.dir, 'site', 'tools', `${slug}.html`);
    const { stat } = await import('node:fs/promises');
    const before = { karpathy: await stat(page('karpathy-skills')), smol: await readFile(page('smolvlm2'), 'utf8') };
    const manifest = JSON.parse(await readFile(join(h.ws.dir, 'site', '.panel-site.json'), 'utf8'));
    expect(Object.keys(manifest.keys)).toEqual(['tools/karpathy-skills.html', 'tools/smolvlm2.html']);

    // One tool changes: a new run of smolvlm2 after its description changed.
    const file = join(h.ws.catalog, 'smolvlm2.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^tagline: .*$/m, 'tagline: A new tagline for the test'));
    expect((await run(['regen', 'smolvlm2'])).code).toBe(0);
    expect((await run(['publish', '--out', 'site'])).code).toBe(0);
    // The unchanged tool's page is the same file, carried over (a hard link keeps its inode); the changed one is new.
    expect((await stat(page('karpathy-skills'))).ino).toBe(before.karpathy.ino);
    expect(await readFile(page('smolvlm2'), 'utf8')).not.toBe(before.smol);
    expect(await readFile(page('smolvlm2'), 'utf8')).toContain('A new tagline for the test');

    // The same site, whatever state the derived data is in.
    const site = async () => Promise.all((await filesUnder(join(h.ws.dir, 'site'))).sort().map(async (f) => [relative(h.ws.dir, f), await readFile(f, 'utf8')]));
    const expected = await site();
    await writeFile(join(h.ws.runs, '.work', 'published-tools.json'), '{"version":1,"tools":{"smolvlm2":');
    expect((await run(['publish', '--out', 'site'])).code).toBe(0);
    expect(await site()).toEqual(expected);
    await rm(join(h.ws.runs, '.work'), { recursive: true, force: true });
    await rm(page('karpathy-skills')); // a page gone from the site is rendered again
    expect((await run(['publish', '--out', 'site'])).code).toBe(0);
    expect(await site()).toEqual(expected);
  });
});

describe('the packed package', () => {
  it('installs as README says (npm pack, then npm install -E of the tarball) with no warning, and runs init, review, approve and publish', async () => {
    const top = await mkdtemp(join(tmpdir(), 'panel-pack-'));
    // Asynchronous throughout: the loopback server answers from this process's event loop.
    const exec = promisify(execFile);
    // README: "in the folder that holds your clone of panel (./panel)". A copy of what the package is made of, with
    // its lifecycle scripts as they are, so packing here never rebuilds the dist/ the other tests run.
    const clone = join(top, 'panel');
    for (const part of ['dist', 'personas', 'models.yaml', 'README.md', 'docs', 'scripts']) await cp(join(ROOT, part), join(clone, part), { recursive: true });
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    await writeFile(join(clone, 'package.json'), JSON.stringify({ ...manifest, scripts: { ...manifest.scripts, build: 'node -e 0' } }, null, 2));
    const packed = await exec('npm', ['pack', '--silent'], { cwd: clone });
    const tarball = packed.stdout.trim().split('\n').pop()!;
    expect(tarball).toBe('editorial-panel-0.1.0.tgz');
    expect(await readFile(join(clone, 'package.json'), 'utf8')).toMatch(/"prepare": "npm run build"/); // put back after packing
    const dir = join(top, 'my-verdicts');
    await mkdir(dir);
    await exec('npm', ['init', '-y'], { cwd: dir });
    const installed = await exec('npm', ['install', '-E', '--no-audit', '--no-fund', '--prefer-offline', `../panel/${tarball}`], { cwd: dir });
    expect(installed.stderr).not.toMatch(/install-scripts|EBADENGINE|deprecated/);
    expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).dependencies['editorial-panel']).toMatch(/editorial-panel-0\.1\.0\.tgz$/);
    const bin = join(dir, 'node_modules', '.bin', 'panel');
    const env = { ...h.anthropicEnv(), ANTHROPIC_CONFIG_DIR: dir } as NodeJS.ProcessEnv;
    const run = async (...argv: string[]) => (await exec(bin, argv, { cwd: dir, env })).stdout;
    expect(await run('init')).toMatch(/Wrote panel\.config\.yaml/);
    expect(await run('review', 'smolvlm2')).toMatch(/Panel ship \d+%/);
    expect(await run('approve', 'smolvlm2', '--editor', 'Your Name')).toMatch(/Your Name approved smolvlm2 run \S+ for publication/);
    expect(await run('publish', '--out', 'public')).toMatch(/Wrote \d+ files to public\//);
    expect(existsSync(join(dir, 'public', 'tools', 'smolvlm2.html'))).toBe(true);
    expect(await run('models')).toMatch(/claude-haiku-5-5/);
    await rm(top, { recursive: true });
  }, 240_000);
});
