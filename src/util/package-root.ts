import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let root: { dir: string; version: string } | undefined;

/** The installed package's folder and version: the nearest package.json named editorial-panel above this file (dist/ or the bundle). */
export function packageRoot(): { dir: string; version: string } {
  if (root) return root;
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'editorial-panel') return (root = { dir: fileURLToPath(dir), version: pkg.version });
    } catch {
      /* not here: look one folder up */
    }
    if (dir.pathname === '/') return (root = { dir: process.cwd(), version: 'unknown' });
  }
}
