// Bundle the CLI (src/bin.ts and everything it loads, SDKs included) into dist/bundle/
// with code splitting: one file to start from, and the commands and
// SDKs in chunks loaded on first use. Node 20 has no module compile cache, and
// loading ~400 small module files (zod, yaml, both SDKs) was most of panel's
// start-up; see BENCHMARKS.md.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

// Chunk names carry content hashes: start clean so old chunks do not pile up.
await rm('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { panel: 'src/bin.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __panelRequire } from 'node:module'; const require = __panelRequire(import.meta.url);" },
  logLevel: 'warning',
});
