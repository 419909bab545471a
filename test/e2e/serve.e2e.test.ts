/** `panel serve` in a real process, driven by Chromium: sorting, the history chart, drafts, live changes, read-only, the Host guard. */
import { request } from 'node:http';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { useHarness } from '../support/harness.js';
import { cleanEnv, panel, spawnPanel } from '../support/run-cli.js';
import { generateCatalog } from '../support/catalog-gen.js';

const h = useHarness({ seedRuns: true });

function raw(url: string, options: { method?: string; host?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('panel serve', () => {
  it('shows the catalog sortable, a chart point per run, drafts, new runs without a restart; refuses POST and foreign hosts', async () => {
    // Karpathy Skills gets a second, failed run: a draft.
    h.server.respond = () => ({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'simulated outage' } } });
    await panel(['regen', 'karpathy-skills', '--force'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    const { child, done } = spawnPanel(['serve', '--port', '0'], { cwd: h.ws.dir, env: cleanEnv() });
    let base = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(String(c));
        if (m) {
          base = m[1]!;
          resolve();
        }
      }),
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`${base}/`);
      const order = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')));
      expect((await order()).slice(0, 2)).toEqual(['smolvlm2', 'karpathy-skills']);
      await page.click('th a[href="/?sort=name"]');
      expect((await order())[0]).toBe('aider');
      await expect(page.locator('tr[data-slug="karpathy-skills"] .draft').textContent()).resolves.toMatch(/draft: newest run incomplete: 4 of 4 failed/);

      await page.goto(`${base}/tools/karpathy-skills`);
      expect(await page.locator('svg.history-chart g.point').count()).toBe(2);
      const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href).filter((h) => h.startsWith(location.origin)));
      for (const link of links) expect(await raw(link, {}), link).toBe(200);
      await expect(page.locator('li.draft').first().textContent()).resolves.toMatch(/Draft .*4 of 4 failed/);
      await expect(page.locator('.panel-page h1').textContent()).resolves.toBe('Karpathy Skills');

      // A new run file shows without a restart.
      const dir = join(h.ws.runs, 'karpathy-skills');
      const [seed] = (await readdir(dir)).filter((f) => f.includes('seed'));
      const record = JSON.parse(await readFile(join(dir, seed!), 'utf8'));
      await writeFile(join(dir, '2026-12-03T00-00-00.000Z-newrun.json'), JSON.stringify({ ...record, runId: '2026-12-03T00-00-00.000Z-newrun', createdAt: '2026-12-03T00:00:00.000Z' }));
      await page.reload();
      expect(await page.locator('svg.history-chart g.point').count()).toBe(3);

      expect(await raw(`${base}/`, { method: 'POST' })).toBe(405);
      expect(await raw(`${base}/`, { host: 'evil.example:80' })).toBe(403);
      expect(await raw(`${base}/`, {})).toBe(200);
    } finally {
      await browser.close();
      child.kill('SIGINT');
      await done;
    }
  });

  it('pages through a catalog of 230 tools a hundred at a time, and finds tools by name', async () => {
    await generateCatalog(join(h.ws.dir, 'generated'), 230);
    await writeFile(join(h.ws.dir, 'panel.config.yaml'), 'catalog: generated\nruns: runs\npersonas: personas\n');
    const { child, done } = spawnPanel(['serve', '--port', '0'], { cwd: h.ws.dir, env: cleanEnv() });
    let base = '';
    for await (const chunk of child.stdout!) {
      const found = /http:\/\/[^\s]+\//.exec(String(chunk));
      if (found) {
        base = found[0].slice(0, -1);
        break;
      }
    }
    try {
      const get = async (path: string) => (await fetch(`${base}${path}`)).text();
      const rows = (page: string) => [...page.matchAll(/<tr data-slug="([^"]+)"/g)].map((m) => m[1]);
      const first = await get('/?sort=name');
      expect(first).toContain('Tools 1–100 of 230.');
      expect(rows(first)).toHaveLength(100);
      expect(first).toContain('href="/?sort=name&amp;page=2" rel="next"');
      expect(first).not.toContain('rel="prev"');
      const last = await get('/?sort=name&page=3');
      expect(last).toContain('Tools 201–230 of 230.');
      expect(rows(last)).toHaveLength(30);
      expect(last).toContain('rel="prev"');
      expect(last).not.toContain('rel="next"');
      // Every tool is on exactly one page.
      const all = [...rows(first), ...rows(await get('/?sort=name&page=2')), ...rows(last)];
      expect(new Set(all).size).toBe(230);
      const found = await get('/?q=Tool%2012&sort=name');
      expect(found).toContain('Tools 1–11 of the 11 matching “Tool 12” (230 in the catalog).');
      expect(rows(found)).toEqual(['tool-0012', ...Array.from({ length: 10 }, (_, i) => `tool-012${i}`)]);
      expect(await get('/?q=nothing-like-this')).toContain('No tool matches “nothing-like-this”.');
    } finally {
      child.kill('SIGINT');
      await done;
    }
  });
});
