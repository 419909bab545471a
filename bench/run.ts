/**
 * `npm run bench`: panel against the loopback API server with a set latency
 * per call, a concurrency cap (429 + retry-after: 1 above it) and an optional
 * random 429 rate. Measures the built CLI as `node dist/bundle/panel.mjs`. Prints one
 * table and writes bench/results.json. Not a test: it asserts nothing, and
 * ratios are computed inside one run because the machine is shared and noisy.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalog } from '../test/support/catalog-gen.js';
import { scriptedReviewer, startLlmServer, successBody, type LlmServer, type ReceivedRequest, type Responder } from '../test/support/llm-server.js';
import { hashOf } from '../src/util/hash.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/bundle/panel.mjs');
const quick = process.argv.includes('--quick');
/** `--only catalog,memory` runs only those cases (names as in the table's first column, lower case). */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const want = (name: string) => !only || only.includes(name);

interface Measured {
  code: number;
  wallMs: number;
  userMs: number;
  sysMs: number;
  maxRssKb: number;
  stdout: string;
  stderr: string;
}

/** Run a command under /usr/bin/time for CPU and peak RSS; wall time from here. */
function measure(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '__TIME__ %U %S %M', ...argv], { cwd, env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env } as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const m = /__TIME__ ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({ code: code ?? -1, wallMs, userMs: Number(m?.[1] ?? 0) * 1000, sysMs: Number(m?.[2] ?? 0) * 1000, maxRssKb: Number(m?.[3] ?? 0), stdout, stderr });
    });
  });
}

const panel = (cwd: string, env: Record<string, string>, ...args: string[]) => measure([process.execPath, BIN, ...args], cwd, env);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function workspace(tools: number, config = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'panel-bench-'));
  await cp(join(ROOT, 'personas'), join(dir, 'personas'), { recursive: true });
  await generateCatalog(join(dir, 'tools'), tools);
  await writeFile(join(dir, 'panel.config.yaml'), `catalog: tools\nruns: runs\npersonas: personas\nattempts: 10\n${config}`);
  await mkdtemp(join(dir, 'sdk-')); // an empty ANTHROPIC_CONFIG_DIR
  return dir;
}

function env(server: LlmServer, dir: string): Record<string, string> {
  return { ANTHROPIC_API_KEY: 'sk-ant-bench-0000000000', ANTHROPIC_BASE_URL: server.anthropicBaseURL, ANTHROPIC_CONFIG_DIR: join(dir, 'sdk-none') };
}

const isCheck = (r: ReceivedRequest) => JSON.stringify(r.body).includes('The quotes to check');

/** Reviews as the scripted reviewer gives them; claim checks answered with one supported claim per quote asked about. */
function groundedResponder(latencyMs: number): Responder {
  const review = scriptedReviewer(undefined, { delayMs: latencyMs });
  return (request, index) => {
    if (!isCheck(request)) return review(request, index);
    const personas = [...JSON.stringify(request.body).matchAll(/Persona (\w+):/g)].map((m) => m[1]!);
    const quotes = personas.map((persona) => ({ persona, claims: [{ claim: 'It is a developer tool', status: 'supported', evidence: 'a generated developer tool' }] }));
    return { delayMs: latencyMs, body: successBody(request, { quotes }) };
  };
}

/** A responder with latency, an optional random 429 rate, and a record of each 429's deadline by request hash. */
function benchResponder(latencyMs: number, random429: number, early: { deadlines: Map<string, number>; count: number }): Responder {
  const ok = scriptedReviewer(undefined, { delayMs: latencyMs });
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return (request, index) => {
    const hash = hashOf(request.body);
    const deadline = early.deadlines.get(hash);
    if (deadline !== undefined && request.arrivedAt < deadline) early.count++;
    if (random429 > 0 && rand() < random429) {
      early.deadlines.set(hash, request.arrivedAt + 1000);
      return { status: 429, headers: { 'retry-after': '1' }, body: { type: 'error', error: { type: 'rate_limit_error', message: 'random 429' } } };
    }
    return ok(request, index);
  };
}

/** Bytes of the files under a folder that `keep` accepts. */
async function du(dir: string, keep: (path: string) => boolean): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && keep(path)) total += (await stat(path)).size;
  }
  return total;
}

/** `panel serve` started on a free port: the index's first request and then the median of five, and one tool page's median of five. */
async function serveTimings(dir: string, env: Record<string, string>, slug: string): Promise<{ firstIndexMs: number; indexMs: number; toolMs: number }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /http:\/\/[^\s]+\//.exec(out);
        if (found) resolve(found[0]);
      });
      child.once('exit', () => reject(new Error(`panel serve exited: ${out}`)));
    });
    const time = async (path: string) => {
      const start = performance.now();
      const response = await fetch(new URL(path, base));
      await response.text();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return performance.now() - start;
    };
    const firstIndexMs = await time('/');
    const index: number[] = [];
    const tool: number[] = [];
    for (let i = 0; i < 5; i++) index.push(await time('/'));
    for (let i = 0; i < 5; i++) tool.push(await time(`/tools/${slug}`));
    return { firstIndexMs, indexMs: median(index), toolMs: median(tool) };
  } finally {
    child.kill();
  }
}

async function reviewsIn(dir: string): Promise<{ ok: number; total: number; duplicates: number }> {
  let ok = 0;
  let total = 0;
  const seen = new Set<string>();
  let duplicates = 0;
  for (const slug of (await readdir(join(dir, 'runs'))).filter((s) => !s.startsWith('.'))) {
    for (const file of await readdir(join(dir, 'runs', slug))) {
      const record = JSON.parse(await readFile(join(dir, 'runs', slug, file), 'utf8')) as { reviews: { persona: string; status: string }[] };
      for (const r of record.reviews) {
        total++;
        if (r.status === 'ok') ok++;
        const key = `${slug}/${r.persona}`;
        if (seen.has(key)) duplicates++;
        seen.add(key);
      }
    }
  }
  return { ok, total, duplicates };
}

interface Row {
  case: string;
  what: string;
  value: string;
  target: string;
  met: boolean | null;
}
const rows: Row[] = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, quick };
function row(name: string, what: string, value: string, target: string, met: boolean | null) {
  rows.push({ case: name, what, value, target, met });
  console.error(`  ${name}: ${value} (${target})${met === false ? '  NOT MET' : ''}`);
}

const server = await startLlmServer();
try {
  console.error('bare node ...');
  const bare = median(await Promise.all([0, 1, 2, 3, 4].map(() => measure([process.execPath, '-e', '0'], ROOT)).map(async (p) => (await p).wallMs)));
  results['bareNodeMs'] = bare;

  // start-up
  if (want('start-up')) {
    console.error('start-up ...');
    const help: number[] = [];
    const tools: number[] = [];
    const bares: number[] = [];
    for (let i = 0; i < 7; i++) {
      bares.push((await measure([process.execPath, '-e', '0'], ROOT)).wallMs);
      help.push((await panel(ROOT, {}, '--help')).wallMs);
      tools.push((await panel(ROOT, {}, 'tools')).wallMs);
    }
    const helpRatio = median(help) / median(bares);
    const toolsRatio = median(tools) / median(bares);
    results['startup'] = { helpMs: median(help), toolsMs: median(tools), bareMs: median(bares), helpRatio, toolsRatio };
    row('start-up', '`panel --help` ÷ bare node; `panel tools` ÷ bare node', `${helpRatio.toFixed(2)}×; ${toolsRatio.toFixed(2)}×`, '≤ 2×; ≤ 4×', helpRatio <= 2 && toolsRatio <= 4);
  }

  // one panel
  if (want('one-panel')) {
    console.error('one panel (3 s per call) ...');
    const onePanel: { ratio: number; spread: number; fixed: number }[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const dir = await workspace(1);
      server.requests.length = 0;
      server.cap = undefined;
      server.respond = scriptedReviewer(undefined, { delayMs: 3000 });
      const b = (await measure([process.execPath, '-e', '0'], dir)).wallMs;
      const m = await panel(dir, env(server, dir), 'review', 'tool-0000');
      const arrivals = server.requests.map((r) => r.arrivedAt);
      onePanel.push({ ratio: (m.wallMs - b) / 3000, spread: Math.max(...arrivals) - Math.min(...arrivals), fixed: m.wallMs - 3000 - b });
      await rm(dir, { recursive: true, force: true });
    }
    const ratio = median(onePanel.map((o) => o.ratio));
    const spread = median(onePanel.map((o) => o.spread));
    const fixed = median(onePanel.map((o) => o.fixed));
    results['onePanel'] = { ratio, spreadMs: spread, fixedMs: fixed, runs: onePanel };
    row('one panel', '(wall − bare node) ÷ 3 s, 5 personas at 3 s per call', ratio.toFixed(3), '≤ 1.3', ratio <= 1.3);
    row('parallelism', 'first to last of the 5 requests at the server', `${spread.toFixed(1)} ms`, '≤ 50 ms', spread <= 50);
    row('fixed cost', 'wall − 3 s − bare node', `${fixed.toFixed(0)} ms`, 'reported', null);
  }

  // catalog, storm
  const catalogTools = quick ? 40 : 200;
  /** One regen of a fresh catalog against the capped server; the workspace is kept for follow-up cases. */
  async function catalogRun(random: number) {
    const dir = await workspace(catalogTools);
    const early = { deadlines: new Map<string, number>(), count: 0 };
    server.requests.length = 0;
    server.stats = { inFlight: 0, peak: 0, capped: 0, connections: 0 };
    server.cap = 20;
    server.capRetryAfter = 1;
    server.respond = benchResponder(200, random, early);
    const bareMs = (await measure([process.execPath, '-e', '0'], dir)).wallMs;
    const t0 = performance.now();
    const m = await panel(dir, env(server, dir), 'regen', '--concurrency', '20');
    const calls = catalogTools * 5;
    const rate = calls / (m.wallMs / 1000);
    const firstMs = Math.min(...server.requests.map((r) => r.arrivedAt)) - t0;
    const reviews = await reviewsIn(dir);
    return {
      dir,
      wallMs: m.wallMs,
      ratio: rate / 100,
      /** Calls per second of panel's own time (wall less bare Node start-up), over the bound. */
      ratioAfterStart: calls / ((m.wallMs - bareMs) / 1000) / 100,
      firstRequestMs: firstMs,
      lost: calls - reviews.ok,
      duplicates: reviews.duplicates,
      early: early.count,
      requests: server.requests.length,
      peakInFlight: server.stats.peak,
      cpuMsPerCall: (m.userMs + m.sysMs) / calls,
      exit: m.code,
    };
  }
  const keepOne = async <T extends { dir: string }>(runs: T[]) => {
    for (const r of runs.slice(1)) await rm(r.dir, { recursive: true, force: true });
    return runs[0]!;
  };

  if (want('catalog')) {
    const runs = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      console.error(`catalog ${i + 1}: ${catalogTools} tools × 5, 200 ms per call, cap 20 ...`);
      runs.push(await catalogRun(0));
    }
    const ratio = median(runs.map((r) => r.ratio));
    const afterStart = median(runs.map((r) => r.ratioAfterStart));
    const first = median(runs.map((r) => r.firstRequestMs));
    const cpu = median(runs.map((r) => r.cpuMsPerCall));
    const lost = Math.max(...runs.map((r) => r.lost));
    results['catalog'] = { ratio, ratioAfterStart: afterStart, firstRequestMs: first, cpuMsPerCall: cpu, lost, runs: runs.map(({ dir: _d, ...r }) => r) };
    row('first request', `${catalogTools}-tool regen: start of \`panel regen\` to the first request at the server (median of ${runs.length})`, `${first.toFixed(0)} ms`, '≤ 300 ms', first <= 300);
    row(
      'catalog',
      `${catalogTools} tools × 5, 200 ms/call, cap 20, --concurrency 20: calls/s ÷ bound; the same over (wall − bare node); lost (median of ${runs.length})`,
      `${ratio.toFixed(3)}; ${afterStart.toFixed(3)}; ${lost} lost`,
      '≥ 0.90; ≥ 0.93; 0 lost',
      ratio >= 0.9 && afterStart >= 0.93 && lost === 0,
    );
    row('overhead', "panel's CPU (user + system) per call, catalog case", `${cpu.toFixed(2)} ms`, '≤ 5 ms', cpu <= 5);

    // no-op regen and one changed, on a catalog with every review current
    const { dir } = await keepOne(runs);
    console.error('no-op regen ...');
    const noops: number[] = [];
    let noopCalls = 0;
    for (let i = 0; i < 3; i++) {
      server.requests.length = 0;
      noops.push((await panel(dir, env(server, dir), 'regen')).wallMs);
      noopCalls += server.requests.length;
    }
    const noop = median(noops);
    results['noopRegen'] = { calls: noopCalls, wallMs: noop };
    row('no-op regen', `${catalogTools}-tool catalog, every review current: calls, wall`, `${noopCalls} calls, ${(noop / 1000).toFixed(2)} s`, '0 calls, < 1 s', noopCalls === 0 && noop < 1000);
    const file = join(dir, 'tools', `tool-${String(Math.min(42, catalogTools - 1)).padStart(4, '0')}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('ships a CLI', 'ships a CLI and a GUI'));
    server.requests.length = 0;
    await panel(dir, env(server, dir), 'regen');
    const touched = new Set(server.requests.map((r) => /Name: ([^\\\n]+)/.exec(JSON.stringify(r.body))?.[1]));
    results['oneChanged'] = { calls: server.requests.length, tools: [...touched] };
    row(
      'one changed',
      'calls after one description changed',
      `${server.requests.length} calls, ${[...touched].join(', ')}`,
      "exactly that tool's panel (5)",
      server.requests.length === 5 && touched.size === 1,
    );
    await rm(dir, { recursive: true, force: true });
  }

  if (want('storm')) {
    console.error(`storm: ${catalogTools} tools × 5, 200 ms per call, cap 20, 10% random 429s ...`);
    const r = await catalogRun(0.1);
    results['storm'] = { ...r, dir: undefined };
    row(
      'storm',
      'the same with 10% random 429s (retry-after: 1): lost; sent early; calls/s ÷ bound',
      `${r.lost} lost; ${r.early} early; ${r.ratio.toFixed(3)}`,
      '0 lost, 0 early; ratio reported',
      r.lost === 0 && r.early === 0,
    );
    await rm(r.dir, { recursive: true, force: true });
  }

  // over-cap: at least 60 s of work at the bound
  const overTools = quick ? 100 : 1300;
  if (want('over-cap')) {
    console.error(`over-cap: ${overTools} tools × 5, 200 ms per call, cap 20, --concurrency 64 ...`);
    {
      const dir = await workspace(overTools);
      server.requests.length = 0;
      server.stats = { inFlight: 0, peak: 0, capped: 0, connections: 0 };
      server.cap = 20;
      server.respond = scriptedReviewer(undefined, { delayMs: 200 });
      const t0 = performance.now();
      const m = await panel(dir, env(server, dir), 'regen', '--concurrency', '64');
      const calls = overTools * 5;
      const rate = calls / (m.wallMs / 1000);
      const after10 = server.requests.filter((r) => r.arrivedAt - t0 >= 10_000);
      const share = after10.length ? after10.filter((r) => r.status === 429).length / after10.length : 0;
      const reviews = await reviewsIn(dir);
      const lost = calls - reviews.ok;
      results['overCap'] = {
        wallMs: m.wallMs,
        calls,
        callsPerSecond: rate,
        ratio: rate / 100,
        share429After10s: share,
        capped: server.stats.capped,
        requests: server.requests.length,
        lost,
        duplicates: reviews.duplicates,
        peakInFlight: server.stats.peak,
      };
      row(
        'over-cap',
        `${overTools} tools × 5, --concurrency 64 against a cap of 20: 429s after the first 10 s ÷ requests; calls/s ÷ bound; lost`,
        `${(share * 100).toFixed(2)}%; ${(rate / 100).toFixed(3)}; ${lost} lost`,
        '≤ 5%; ≥ 0.85',
        share <= 0.05 && rate / 100 >= 0.85 && lost === 0,
      );
      await rm(dir, { recursive: true, force: true });
    }
  }

  // memory: a 1,000-tool regen, every review made
  const memTools = quick ? 200 : 1000;
  // grounding: what the claim check adds (one checker call per tool, once its reviews are in)
  if (want('grounding')) {
    console.error('grounding: one panel at 1 s per call, with and without the claim check; a 40-tool catalog for its share of input ...');
    const walls: Record<string, number> = {};
    // What the grounding rule adds to each review request (the shared rules grow by one rule with grounding on).
    const reviewChars: Record<string, number> = {};
    const chars = (list: ReceivedRequest[]) => list.reduce((sum, r) => sum + JSON.stringify(r.body).length, 0);
    for (const grounding of ['off', 'on']) {
      const dir = await workspace(1, `grounding: ${grounding}\n`);
      server.requests.length = 0;
      server.cap = undefined;
      server.respond = groundedResponder(1000);
      walls[grounding] = (await panel(dir, env(server, dir), 'review', 'tool-0000')).wallMs;
      const reviewed = server.requests.filter((r) => !isCheck(r));
      reviewChars[grounding] = chars(reviewed) / reviewed.length;
      await rm(dir, { recursive: true, force: true });
    }
    const ruleShare = reviewChars['on']! / reviewChars['off']! - 1;
    const dir = await workspace(40, 'grounding: on\n');
    server.requests.length = 0;
    server.cap = 20;
    server.respond = groundedResponder(0);
    await panel(dir, env(server, dir), 'regen', '--concurrency', '20');
    const checks = server.requests.filter(isCheck);
    const reviews = server.requests.filter((r) => !isCheck(r));
    const ratio = chars(checks) / chars(reviews);
    await rm(dir, { recursive: true, force: true });
    results['grounding'] = {
      wallOffMs: walls['off'],
      wallOnMs: walls['on'],
      addedMs: walls['on']! - walls['off']!,
      checks: checks.length,
      reviews: reviews.length,
      inputRatio: ratio,
      reviewCharsOff: reviewChars['off'],
      reviewCharsOn: reviewChars['on'],
      groundingRuleShare: ruleShare,
    };
    row(
      'grounding',
      'one panel at 1 s a call: wall added by the claim check; checker ÷ review request characters over a 40-tool catalog (input tokens, near enough); review request growth from the grounding rule',
      `+${((walls['on']! - walls['off']!) / 1000).toFixed(2)} s; ${ratio.toFixed(3)} (${checks.length} checks, ${reviews.length} reviews); +${(ruleShare * 100).toFixed(1)}% a review`,
      'reported',
      null,
    );
  }

  // scale: the commands an editor runs every week, on a catalog of thousands (issue: 10,000-tool catalogs)
  const scaleTools = Number(process.argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length) ?? (quick ? 1000 : 10000));
  if (want('scale')) {
    console.error(`scale: a ${scaleTools}-tool catalog reviewed once at latency 0, then each weekly command ...`);
    const dir = await workspace(scaleTools);
    server.requests.length = 0;
    server.cap = undefined;
    server.respond = scriptedReviewer();
    const e = env(server, dir);
    const first = await panel(dir, e, 'regen', '--concurrency', '50');
    const timed = async (...argv: string[]) => {
      const m = await panel(dir, e, ...argv);
      return { wallMs: m.wallMs, rssMb: m.maxRssKb / 1024, code: m.code };
    };
    server.requests.length = 0;
    const noop = await timed('regen');
    const noopCalls = server.requests.length;
    const dry = await timed('regen', '--dry-run');
    const tools = await timed('tools');
    const stats = await timed('stats');
    const publish = await timed('publish', '--out', 'site');
    // One tool changes (its description, then its new run), and the site is published again.
    const changedTool = join(dir, 'tools', 'tool-0042.yaml');
    await writeFile(changedTool, (await readFile(changedTool, 'utf8')).replace(/^description: .*$/m, 'description: A changed description, for the bench.'));
    await panel(dir, e, 'regen', 'tool-0042');
    const publishOne = await timed('publish', '--out', 'site');
    const served = await serveTimings(dir, e, 'tool-0042');
    const runsBytes = await du(join(dir, 'runs'), (p) => !p.includes(`${join('runs', '.work')}`));
    const reviews = scaleTools * 5;
    results['scale'] = {
      catalog: scaleTools,
      firstRegen: { wallMs: first.wallMs, rssMb: first.maxRssKb / 1024 },
      noop: { ...noop, calls: noopCalls },
      dryRun: dry,
      tools,
      stats,
      publish,
      publishOne,
      serve: served,
      runsBytes,
      bytesPerReview: runsBytes / reviews,
    };
    const s = (m: { wallMs: number; rssMb: number }) => `${(m.wallMs / 1000).toFixed(2)} s, ${m.rssMb.toFixed(0)} MB`;
    row('scale', `${scaleTools} tools: first regen (${reviews} calls, latency 0)`, s({ wallMs: first.wallMs, rssMb: first.maxRssKb / 1024 }), 'RSS ≤ 250 MB', first.maxRssKb / 1024 <= 250);
    row(
      'scale',
      `${scaleTools} tools: no-op regen; regen --dry-run; panel tools`,
      `${s(noop)} (${noopCalls} calls); ${s(dry)}; ${s(tools)}`,
      '≤ 2 s; ≤ 3 s; ≤ 1 s',
      noop.wallMs <= 2000 && noopCalls === 0 && dry.wallMs <= 3000 && tools.wallMs <= 1000,
    );
    row('scale', `${scaleTools} tools: panel stats; full publish`, `${s(stats)}; ${s(publish)}`, 'reported', null);
    row('scale', `${scaleTools} tools: publish after one tool changed`, s(publishOne), '≤ 5 s', publishOne.wallMs <= 5000);
    row(
      'scale',
      `${scaleTools} tools: panel serve, the index (first request; then the median of 5); a tool page (median of 5)`,
      `${served.firstIndexMs.toFixed(0)} ms; ${served.indexMs.toFixed(0)} ms; ${served.toolMs.toFixed(0)} ms`,
      '≤ 300 ms; ≤ 100 ms',
      served.indexMs <= 300 && served.toolMs <= 100,
    );
    row('scale', `runs folder a review (records, checks, decisions; .work not counted)`, `${(runsBytes / reviews / 1024).toFixed(1)} KB`, '≤ 3 KB', runsBytes / reviews <= 3072);
    await rm(dir, { recursive: true, force: true });
  }

  if (want('memory')) {
    console.error(`memory: ${memTools}-tool regen, 20 ms per call, cap 50 ...`);
    {
      const dir = await workspace(memTools);
      server.requests.length = 0;
      server.cap = 50;
      server.respond = scriptedReviewer(undefined, { delayMs: 20 });
      const m = await panel(dir, env(server, dir), 'regen', '--concurrency', '50');
      const reviews = await reviewsIn(dir);
      results['memory'] = { tools: memTools, maxRssMb: m.maxRssKb / 1024, wallMs: m.wallMs, ok: reviews.ok };
      row('memory', `peak RSS of a ${memTools}-tool regen (${memTools * 5} calls)`, `${(m.maxRssKb / 1024).toFixed(0)} MB`, '< 200 MB', m.maxRssKb / 1024 < 200 && reviews.ok === memTools * 5);
      await rm(dir, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
results['rows'] = rows;
if (!quick && !only) await writeFile(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
const table = [
  '| case | what | measured | target | met |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.case} | ${r.what} | ${r.value} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : '**no**'} |`),
].join('\n');
console.log(table);
const saved = quick || only ? ' (results not saved: --quick or --only)' : ' Written to bench/results.json.';
console.log(`\n${rows.every((r) => r.met !== false) ? 'Every target met.' : 'Some targets NOT met.'}${saved}`);
