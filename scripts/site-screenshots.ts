/**
 * `npm run site-screenshots`: publish the repository's own catalog with the
 * built CLI and screenshot the index and a tool page in Chromium, at desktop
 * width and at 375 px, for README.md (docs/site-*.png): the index whole, the
 * tool and comparison pages as their first screen shows them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../test/support/chromium.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'panel-site-')), 'public');
execFileSync(process.execPath, [join(root, 'dist/bundle/panel.mjs'), 'publish', '--out', out], { cwd: root, stdio: 'inherit', env: { PATH: process.env['PATH'] } });
const browser = await launchChromium();
for (const [name, path] of [
  ['index', 'index.html'],
  ['tool', 'tools/smolvlm2.html'],
  ['compare', 'compare/smolvlm2-vs-karpathy-skills.html'],
] as const) {
  for (const [suffix, width] of [
    ['', 1200],
    ['-phone', 375],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(out, path)).href);
    await page.screenshot({ path: join(root, `docs/site-${name}${suffix}.png`), fullPage: name === 'index' });
    await page.close();
  }
}
await browser.close();
console.log('wrote docs/site-*.png');
