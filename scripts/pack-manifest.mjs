// The package a site installs must not carry `prepare`: npm 11 lists it as an
// install script to approve on every install, though the tarball already
// holds the built dist/. In this repository `prepare` builds dist/ on `npm ci`.
// So `npm pack` / `npm publish` set it aside (prepack) and put it back
// (postpack): the pattern pinst uses for postinstall.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package.json', import.meta.url);
const text = readFileSync(file, 'utf8');
const manifest = JSON.parse(text);
const mode = process.argv[2];
if (mode === 'disable' && manifest.scripts.prepare) {
  manifest.scripts['prepare:repo'] = manifest.scripts.prepare;
  delete manifest.scripts.prepare;
} else if (mode === 'enable' && manifest.scripts['prepare:repo']) {
  manifest.scripts.prepare = manifest.scripts['prepare:repo'];
  delete manifest.scripts['prepare:repo'];
} else {
  process.exit(0);
}
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
