/**
 * `panel desk` in Chromium: a week's work from the queue (override, edit,
 * reject, label, retract, approve with the keyboard), then publish shows what
 * was approved, as corrected. Its guard: a write without the token, from
 * another Origin, or to another Host is refused and writes nothing.
 */
import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { useHarness } from '../support/harness.js';
import { panel, spawnPanel } from '../support/run-cli.js';

const h = useHarness({ seedRuns: true, config: 'catalog: fixtures/tools\napproval: required\ncomparisons: [[smolvlm2, karpathy-skills]]\n' });
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** The desk as a user starts it, resolved with the address it prints. */
async function startDesk() {
  const desk = spawnPanel(['desk', '--port', '0', '--editor', 'Ada Editor'], { cwd: h.ws.dir, env: h.anthropicEnv() });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    desk.child.stdout.on('data', (c: Buffer) => {
      out += c;
      const found = out.match(/panel desk: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+) \(signing as Ada Editor; Ctrl-C to stop\)/);
      if (found) resolve(found[1]!);
    });
    void desk.done.then((r) => reject(new Error(`panel desk exited: ${r.stderr}`)));
  });
  return { ...desk, url, stop: async () => (desk.child.kill('SIGINT'), await desk.done) };
}

const decisionsOf = async (slug: string) => {
  const path = join(h.ws.runs, slug, 'decisions.jsonl');
  return existsSync(path)
    ? (await readFile(path, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
};

/** A raw POST, so the test can send what a browser would not: another Host, another Origin, no token. */
function post(url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: '/decide', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('panel desk', () => {
  it("runs a week's work in Chromium: correct, label, retract, approve, then publish shows it", async () => {
    const desk = await startDesk();
    try {
      const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
      page.setDefaultTimeout(10_000);
      const errors: string[] = [];
      /** Send a form and wait for the page it leads to. */
      const submit = (button: ReturnType<typeof page.locator>) => Promise.all([page.waitForEvent('load'), button.click()]);
      // The 400 of the refused form below is the one error a page may log.
      page.on('console', (m) => void (m.type() === 'error' && !m.text().includes('status of 400') && errors.push(m.text())));
      await page.goto(desk.url);
      expect(new URL(page.url()).search).toBe(''); // the token left the address bar for a cookie
      await expect(page.locator('main p').first().textContent()).resolves.toMatch(/2 tools wait for an editor/);
      await page.goto(new URL('/tools/smolvlm2', desk.url).toString());

      // Override the skeptic.
      await page.locator('details.persona', { hasText: 'Correct skeptic' }).locator('summary').click();
      const skeptic = page.locator('details.persona', { hasText: 'Correct skeptic' });
      await skeptic.locator('form:has(input[value=override]) select').selectOption('skip');
      await skeptic.locator('form:has(input[value=override]) input[name=reason]').fill('The 16GB figure is not in the material.');
      await submit(skeptic.locator('form:has(input[value=override]) button'));
      await expect(page.locator('.flash').textContent()).resolves.toMatch(/Saved: override/);
      await expect(page.locator('.preview').textContent()).resolves.toContain('Verdict set by the editors: skip (the persona said ship). Reason: The 16GB figure is not in the material.');

      // Edit the builder's quote.
      const builder = page.locator('details.persona', { hasText: 'Correct builder' });
      await builder.locator('summary').click();
      await builder.locator('form:has(input[value=edit]) textarea').fill('A 2B open model the vendor says runs on consumer hardware.');
      await builder.locator('form:has(input[value=edit]) input[name=reason]').fill('Removed a claim the material does not make.');
      await submit(builder.locator('form:has(input[value=edit]) button'));
      await expect(page.locator('.preview').textContent()).resolves.toContain('A 2B open model the vendor says runs on consumer hardware.');
      await expect(page.locator('.preview').textContent()).resolves.toContain('Quote edited by the editors. Reason: Removed a claim the material does not make.');

      // Label it, then take the label back.
      await page.locator('form:has(input[value=label]) select').selectOption('ship');
      await submit(page.locator('form:has(input[value=label]) button'));
      await submit(page.locator('li', { hasText: 'labelled it ship' }).locator('button'));
      await expect(page.locator('li', { hasText: 'labelled it ship' }).textContent()).resolves.toContain('(retracted)');

      // A reason left empty is refused on the page, and nothing is written.
      const before = (await decisionsOf('smolvlm2')).length;
      await page.evaluate(() => document.querySelectorAll('input[required],textarea[required]').forEach((e) => e.removeAttribute('required')));
      const futurist = page.locator('details.persona', { hasText: 'Correct futurist' });
      await futurist.locator('summary').click();
      await submit(futurist.locator('form:has(input[value=reject]) button'));
      await expect(page.locator('.problem').textContent()).resolves.toMatch(/Not saved: A reason is needed/);
      expect(await decisionsOf('smolvlm2')).toHaveLength(before);

      // Approve with the keyboard: on to the next tool in the queue.
      await page.goto(new URL('/tools/smolvlm2', desk.url).toString());
      await Promise.all([page.waitForURL(/\/tools\/karpathy-skills\?done=/), page.keyboard.press('a')]);
      await expect(page.locator('.flash').textContent()).resolves.toMatch(/smolvlm2 approved/);
      // Reject one of karpathy-skills' reviews: its run is now incomplete, and cannot be approved.
      const futuristThere = page.locator('details.persona', { hasText: 'Correct futurist' });
      await futuristThere.locator('summary').click();
      await futuristThere.locator('form:has(input[value=reject]) input[name=reason]').fill('Off topic.');
      await submit(futuristThere.locator('form:has(input[value=reject]) button'));
      await expect(page.locator('.actions').textContent()).resolves.toMatch(/An incomplete run cannot be approved/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(errors).toEqual([]);

      const actions = (await decisionsOf('smolvlm2')).map((d) => `${String(d['action'])} by ${String(d['editor'])}`);
      expect(actions).toEqual(['override by Ada Editor', 'edit by Ada Editor', 'label by Ada Editor', 'retract by Ada Editor', 'approve by Ada Editor']);
      expect((await decisionsOf('karpathy-skills')).map((d) => d['action'])).toEqual(['reject']);
    } finally {
      await desk.stop();
    }
    const published = await panel(['publish', '--out', 'site'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(published.code).toBe(0);
    const tool = await readFile(join(h.ws.dir, 'site/tools/smolvlm2.html'), 'utf8');
    expect(tool).toMatch(/Panel ship<\/dt><dd class="big">75%/);
    expect(tool).toContain('Verdict set by the editors: skip (the persona said ship)');
    expect(existsSync(join(h.ws.dir, 'site/tools/karpathy-skills.html'))).toBe(false);
    expect(published.stdout + published.stderr).toMatch(/karpathy-skills: 1 run waits for approval/);
  });

  it('refuses a write without the token, from another Origin or to another Host, and writes nothing', async () => {
    const desk = await startDesk();
    try {
      const url = new URL(desk.url);
      const token = url.searchParams.get('token')!;
      const host = url.host;
      const cookie = `panel_desk=${token}`;
      const form = (extra: string) => `action=label&slug=smolvlm2&verdict=ship${extra}`;
      expect(await post(url, { host, cookie, origin: `http://${host}` }, form(''))).toBe(403); // no token
      expect(await post(url, { host, cookie, origin: 'http://evil.example' }, form(`&token=${token}`))).toBe(403); // a cross-site form
      expect(await post(url, { host: `evil.example:${url.port}`, cookie, origin: `http://evil.example:${url.port}` }, form(`&token=${token}`))).toBe(403); // DNS rebinding
      expect(await post(url, { host, origin: `http://${host}` }, form(`&token=wrong${token}`))).toBe(403);
      const getWithout = await fetch(new URL('/', url));
      expect(getWithout.status).toBe(403);
      expect(await decisionsOf('smolvlm2')).toEqual([]);
      // The same form from the desk itself is taken: the refusals above were for what they lacked.
      expect(await post(url, { host, cookie, origin: `http://${host}` }, form(`&token=${token}`))).toBe(303);
      expect((await decisionsOf('smolvlm2')).map((d) => d['action'])).toEqual(['label']);
    } finally {
      await desk.stop();
    }
  });
});
