import { spawn } from 'node:child_process';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCatalog } from '../../test/support/catalog-gen.js';
import { scriptedReviewer, startLlmServer } from '../../test/support/llm-server.js';
const server = await startLlmServer(scriptedReviewer(undefined, { delayMs: 200 }));
server.cap = 20;
for (let i = 0; i < 3; i++) {
const dir = await mkdtemp(join(tmpdir(), 'panel-t-'));
await cp('/work/main/personas', join(dir, 'personas'), { recursive: true });
await generateCatalog(join(dir, 'tools'), 200);
await writeFile(join(dir, 'panel.config.yaml'), 'catalog: tools\nruns: runs\npersonas: personas\n');
server.requests.length = 0;
const t0 = performance.now();
const child = spawn(process.execPath, ['/work/main/dist/bundle/panel.mjs', 'regen', '--concurrency', '20'], { cwd: dir, env: { PATH: process.env.PATH, ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.anthropicBaseURL, ANTHROPIC_CONFIG_DIR: dir } });
let err = ''; child.stderr.on('data', (c) => { if (!err.includes('spawned')) { err += `spawned-first-output ${(performance.now() - t0).toFixed(0)}\n`; } err += c; });
await new Promise((r) => child.on('close', r));
console.log(err.split('\n').filter((l) => l.startsWith('T ')).join(' | '), '| first request', (Math.min(...server.requests.map((r) => r.arrivedAt)) - t0).toFixed(0));
}
await server.close();
