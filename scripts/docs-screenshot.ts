/**
 * `npm run docs-screenshot`: render the seed comparison with the built CLI and
 * screenshot it in Chromium for README.md (docs/compare.png).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../test/support/chromium.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const html = join(mkdtempSync(join(tmpdir(), 'panel-docs-')), 'page.html');
execFileSync(process.execPath, [join(root, 'dist/bundle/panel.mjs'), 'compare', 'smolvlm2', 'karpathy-skills', '--format', 'html', '--out', html], {
  cwd: root,
  stdio: 'inherit',
  env: { PATH: process.env['PATH'] },
});
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1200, height: 1500 }, deviceScaleFactor: 1 });
await page.goto(pathToFileURL(html).href);
await page.screenshot({ path: join(root, 'docs/compare.png') });
await browser.close();
console.log('wrote docs/compare.png');
