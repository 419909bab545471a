/**
 * The published page in a real browser: `panel compare … --format html --out`
 * from the built CLI, loaded in headless Chromium at a desktop and a phone
 * width. Screenshots go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { seedReviews } from '../../scripts/seed-data.js';
import { launchChromium } from '../support/chromium.js';
import { cleanEnv, panelProcess } from '../support/run-cli.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const seedQuotes = [...(await seedReviews(ROOT)).values()].map((r) => r.quote);

let browser: Browser;
let ws: Workspace;
let pageFile: string;
beforeAll(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
  const result = await panelProcess(['compare', 'smolvlm2', 'karpathy-skills', '--format', 'html', '--out', 'page.html'], { cwd: ws.dir, env: cleanEnv() });
  expect(result.code).toBe(0);
  pageFile = join(ws.dir, 'page.html');
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ws?.remove();
});

describe.each([
  { device: 'desktop', width: 1280, height: 900 },
  { device: 'phone', width: 390, height: 844 },
])('the comparison page in Chromium ($device)', ({ device, width, height }) => {
  it('shows the headings, both scores, eight verdicts and quotes, with no console error and no request', async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => r.url() !== pathToFileURL(pageFile).href && requests.push(r.url()));
    await page.goto(pathToFileURL(pageFile).href);

    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('SmolVLM2 vs Karpathy Skills');
    const h2 = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(h2).toEqual(['SmolVLM2', 'Karpathy Skills', 'Panel verdict', 'Reviewer scorecard', 'Pricing read', 'Reviewer split', 'Community vote']);
    for (const name of h2) expect(await page.getByRole('heading', { name, exact: true }).isVisible()).toBe(true);

    const stats = await page.locator('.card .stats').allInnerTexts();
    expect(stats[0]).toMatch(/PANEL SHIP\s+100%/i);
    expect(stats[1]).toMatch(/PANEL SHIP\s+75%/i);

    const reviews = page.locator('article.review');
    expect(await reviews.count()).toBe(8);
    const verdicts = await reviews.locator('.badge').allInnerTexts();
    expect(verdicts).toEqual(['Ship', 'Ship', 'Ship', 'Skip', 'Ship', 'Ship', 'Ship', 'Ship']);
    const quotes = await reviews.locator('blockquote').allInnerTexts();
    expect(quotes.map((q) => q.trim())).toEqual(seedQuotes.map((q) => `“${q}”`));
    for (let i = 0; i < 8; i++) expect(await reviews.nth(i).locator('blockquote').isVisible()).toBe(true);

    // Readable at this width: nothing wider than the viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `compare-${device}.png`), fullPage: true });
    await page.close();
  });
});
