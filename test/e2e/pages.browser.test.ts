/**
 * Pages an editor would sign, read in Chromium with real vendor READMEs as
 * descriptions (fixtures/vendor/): no markup in any card's text, the verdict
 * near the top at 1280 and 375 px, no sideways scroll on a phone (long prices
 * and community values included) on published pages and every serve view;
 * serve shows the comparison publish writes; the digest names each tool once;
 * the feed has Atom's required elements.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { useHarness } from '../support/harness.js';
import { cleanEnv, panel, spawnPanel } from '../support/run-cli.js';
import { personaOf, scriptedReviewer, toolNameOf } from '../support/llm-server.js';
import { ROOT } from '../support/workspace.js';

const h = useHarness({ seedRuns: true });
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const readme = async (name: string) => readFile(join(ROOT, 'fixtures/vendor', `${name}.md`), 'utf8');

/** A catalog of three real READMEs, reviewed against the loopback server, with a long price and reader votes. */
async function readmeCatalog(): Promise<void> {
  const tools: [string, string, string, string][] = [
    ['aider', 'Aider', 'AI pair programming in your terminal', '$0.033/hour per seat, billed monthly'],
    ['ollama', 'Ollama', 'Get up and running with large language models', 'Free'],
    ['moondream', 'Moondream', 'A tiny vision language model that runs anywhere', '$0.033/hour'],
  ];
  for (const [slug, name, tagline, entry] of tools) {
    await h.ws.write(
      `fixtures/tools/${slug}.yaml`,
      `name: ${name}\ncategory: Developer Tools\ntagline: ${tagline}\nurl: https://example.com/${slug}\npricing: { entry: ${JSON.stringify(entry)} }\ncommunity: { ship: 12, skip: 3 }\ndescription: ${JSON.stringify(await readme(slug))}\n`,
    );
  }
  // The skeptic skips Ollama and Moondream; the others ship: a real lead, and verdicts worth reading.
  h.server.respond = scriptedReviewer((r) => ({
    verdict: personaOf(r.body) === 'skeptic' && toolNameOf(r.body) !== 'Aider' ? 'skip' : 'ship',
    quote: 'A quote with concrete facts about the tool, long enough to read as a quote.',
  }));
  const reviewed = await panel(['review', 'aider', 'ollama', 'moondream'], { cwd: h.ws.dir, env: h.anthropicEnv() });
  expect(reviewed.code, reviewed.stderr).toBe(0);
  await h.ws.write(
    'panel.config.yaml',
    'catalog: fixtures/tools\nsite:\n  title: Weekly Verdicts\n  base_url: https://verdicts.example.com/\n  newsletter:\n    heading: Weekly AI Tool Verdicts\n    text: New AI tools ship daily. We compare them before you waste an afternoon.\n    url: https://example.com/subscribe\ncomparisons: [[aider, ollama], [moondream, aider], [smolvlm2, karpathy-skills]]\n',
  );
}

async function htmlFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await htmlFiles(dir, rel)));
    else if (rel.endsWith('.html') && rel !== 'digest.html') out.push(rel);
  }
  return out.sort();
}

/** What a reader sees of one page at one width. */
async function look(url: string, width: number, shot?: string) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(url);
  const seen = await page.evaluate(() => ({
    cards: Array.from(document.querySelectorAll('.card'), (c) => (c as HTMLElement).innerText),
    verdictTop: (document.querySelector('.verdict') as HTMLElement | null)?.getBoundingClientRect().top ?? null,
    scorecardTop: (document.querySelector('.review') as HTMLElement | null)?.getBoundingClientRect().top ?? null,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    text: document.body.innerText,
  }));
  if (shot) {
    await mkdir(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', shot), fullPage: true });
    // The first screens, at full size: what a reader sees before scrolling far.
    await page.screenshot({
      path: join(ROOT, 'test-artifacts', shot.replace('.png', '-top.png')),
      fullPage: true,
      clip: { x: 0, y: 0, width, height: Math.min(1800, await page.evaluate(() => document.documentElement.scrollHeight)) },
    });
  }
  await page.close();
  return seen;
}

describe('a site published from real READMEs', () => {
  it('reads like the seed page: no markup in the cards, the verdict near the top, nothing wider than a phone', async () => {
    await readmeCatalog();
    const result = await panel(['publish', '--out', 'public'], { cwd: h.ws.dir, env: cleanEnv() });
    expect(result.code, result.stderr).toBe(0);
    const out = join(h.ws.dir, 'public');
    const pages = await htmlFiles(out);
    expect(pages).toEqual(expect.arrayContaining(['compare/aider-vs-ollama.html', 'tools/aider.html', 'tools/moondream.html', 'index.html']));
    for (const file of pages) {
      for (const width of [1280, 375]) {
        const seen = await look(pathToFileURL(join(out, file)).href, width, file === 'compare/aider-vs-ollama.html' ? `readme-compare-${width}.png` : undefined);
        expect(seen.overflow, `${file} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
        for (const card of seen.cards) expect(card, `${file}: a card shows markup`).not.toMatch(/<\/?[a-z!][^>]*>|&lt;|&gt;|&amp;|<!--|\[\[\[cog/i);
        if (file.startsWith('compare/')) {
          expect(seen.cards).toHaveLength(2);
          expect(seen.verdictTop, `${file}: verdict at ${seen.verdictTop} px`).toBeLessThanOrEqual(width === 1280 ? 1500 : 2500);
        }
        if (file.startsWith('tools/')) expect(seen.scorecardTop, `${file}: scorecard at ${seen.scorecardTop} px`).toBeLessThanOrEqual(width === 1280 ? 1500 : 2500);
      }
    }
    const compare = await look(pathToFileURL(join(out, 'compare/aider-vs-ollama.html')).href, 1280);
    expect(compare.text).toMatch(/Panel verdict\s+Ship with Aider: the panel ships it 100% \(5 of 5\) against 80% \(4 of 5\) for Ollama, a 20-point lead\./);
    expect(compare.text).toContain('Read the full description');
    const html = await readFile(join(out, 'compare/aider-vs-ollama.html'), 'utf8');
    expect(html).toMatch(/<a href="\.\.\/tools\/aider\.html">Aider<\/a>/);
    expect(html).toMatch(/<meta name="description" content="Ship with Aider/);
    expect(html).toMatch(/<meta property="og:url" content="https:\/\/verdicts\.example\.com\/compare\/aider-vs-ollama\.html">/);
    expect(await readFile(join(out, 'tools/aider.html'), 'utf8')).toMatch(/<a href="\.\.\/compare\/aider-vs-ollama\.html">Aider vs Ollama<\/a>/);
  }, 120_000);

  it('panel serve shows the comparison publish wrote, and every view fits a phone', async () => {
    await readmeCatalog();
    expect((await panel(['publish', '--out', 'public'], { cwd: h.ws.dir, env: cleanEnv() })).code).toBe(0);
    const { child, done } = spawnPanel(['serve', '--port', '0'], { cwd: h.ws.dir, env: cleanEnv() });
    try {
      const base = await new Promise<string>((resolve) =>
        child.stdout.on('data', (c: Buffer) => {
          const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(String(c));
          if (m) resolve(m[1]!);
        }),
      );
      const section = (html: string) => html.slice(html.indexOf('<main>'), html.indexOf('</main>')).replace(/href="(?:\.\.)?\/tools\/([\w.-]+?)(?:\.html)?"/g, 'href="TOOL:$1"');
      const served = await (await fetch(`${base}/compare/aider/ollama`)).text();
      const published = await readFile(join(h.ws.dir, 'public/compare/aider-vs-ollama.html'), 'utf8');
      expect(section(served)).toBe(section(published));
      const views = ['/', '/?sort=contested', '/tools/aider', '/tools/moondream', '/compare/aider/ollama', '/compare/moondream/aider'];
      for (const view of views) {
        for (const width of [1280, 375]) {
          const seen = await look(`${base}${view}`, width, view === '/' && width === 375 ? 'serve-index-375.png' : undefined);
          expect(seen.overflow, `${view} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
        }
      }
      const index = await look(`${base}/`, 375);
      expect(index.text).not.toMatch(/Ollam\s+a|Conte\s+sted/);
      expect((await fetch(`${base}/tools/no-such-tool`)).status).toBe(404);
    } finally {
      child.kill('SIGINT');
      const stopped = await done;
      expect(stopped.stderr).not.toMatch(/calls already sent/);
    }
  }, 120_000);
});

describe('the digest after a week of several runs per tool', () => {
  it('names each tool once, nets its moves, puts new verdicts first and features the comparison', async () => {
    await readmeCatalog(); // three new verdicts
    // Two more runs of Ollama in the week: the skeptic flips to ship, then back to skip; the buyer flips to skip and stays.
    const flips = [(_persona: string) => 'ship', (persona: string) => (persona === 'skeptic' || persona === 'buyer' ? 'skip' : 'ship')];
    let afterFirst = new Date();
    for (const verdictOf of flips) {
      afterFirst = new Date();
      h.server.respond = scriptedReviewer((r) => ({ verdict: verdictOf(personaOf(r.body)), quote: 'A quote with concrete facts about the tool, long enough to read as a quote.' }));
      expect((await panel(['regen', 'ollama', '--force'], { cwd: h.ws.dir, env: h.anthropicEnv() })).code).toBe(0);
    }
    const result = await panel(['publish', '--out', 'public', '--digest', '--since', '2000-01-01'], { cwd: h.ws.dir, env: cleanEnv(), now: () => new Date('2026-12-05T12:00:00Z') });
    expect(result.code, result.stderr).toBe(0);
    const md = await readFile(join(h.ws.dir, 'public/digest.md'), 'utf8');
    const entries = [...md.matchAll(/^### \[([^:\]]+):/gm)].map((m) => m[1]);
    expect(entries).toEqual([...new Set(entries)]); // each tool once
    expect(entries).toEqual(expect.arrayContaining(['Aider', 'Ollama', 'Moondream', 'SmolVLM2', 'Karpathy Skills']));
    expect(md).toMatch(/^\*1 January 2000 to 5 December 2026\*$/m);
    expect(md).toMatch(/^## Comparisons\n\n\*\*\[Aider vs Ollama\]\(https:\/\/verdicts\.example\.com\/compare\/aider-vs-ollama\.html\)\*\*: Ship with Aider/m);
    expect(md).not.toMatch(/flipped|since \d{4}/);

    // From the last run on: Ollama moved from all-ship to two skips.
    const week = await panel(['publish', '--out', 'public', '--digest', '--since', afterFirst.toISOString()], { cwd: h.ws.dir, env: cleanEnv() });
    expect(week.code, week.stderr).toBe(0);
    const recent = await readFile(join(h.ws.dir, 'public/digest.md'), 'utf8');
    expect([...recent.matchAll(/^### /gm)]).toHaveLength(1);
    expect(recent).toMatch(/^### \[Ollama: Panel ship 100% → 60%\]/m);
    expect(recent).toMatch(/The Skeptic now skips it; The Buyer now skips it\./);
  }, 120_000);
});

describe('the Atom feed', () => {
  it('has every element RFC 4287 requires: feed id, title, updated, author, a self link; each entry id, title, updated, link', async () => {
    await readmeCatalog();
    expect((await panel(['publish', '--out', 'public'], { cwd: h.ws.dir, env: cleanEnv() })).code).toBe(0);
    const xml = await readFile(join(h.ws.dir, 'public/feed.xml'), 'utf8');
    const page = await browser.newPage();
    const feed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const root = doc.documentElement;
      const child = (el: Element, name: string) => Array.from(el.children).filter((c) => c.localName === name);
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        feed: ['id', 'title', 'updated', 'author'].map((n) => child(root, n).length),
        authorName: child(child(root, 'author')[0]!, 'name')[0]?.textContent,
        self: child(root, 'link')
          .find((l) => l.getAttribute('rel') === 'self')
          ?.getAttribute('href'),
        entries: Array.from(root.getElementsByTagName('entry'), (e) => ['id', 'title', 'updated', 'link'].map((n) => child(e, n).length)),
      };
    }, xml);
    await page.close();
    expect(feed.errors).toBe(0);
    expect(feed.feed).toEqual([1, 1, 1, 1]);
    expect(feed.authorName).toBe('Weekly Verdicts');
    expect(feed.self).toBe('https://verdicts.example.com/feed.xml');
    expect(feed.entries.length).toBeGreaterThanOrEqual(5);
    for (const entry of feed.entries) expect(entry).toEqual([1, 1, 1, 1]);
  }, 60_000);
});
