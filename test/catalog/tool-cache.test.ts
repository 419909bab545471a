/**
 * Derived data under runs/.work/ (the catalog index, the plans found current,
 * the serve rows) gives the answers the files give: a changed file is always
 * seen (tool files by their content, not their time), and an index that is
 * stale, damaged or deleted answers as none would.
 */
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { panel } from '../support/run-cli.js';
import { CatalogIndex } from '../../src/catalog/catalog-index.js';
import { loadTool } from '../../src/catalog/catalog.js';

const IDS = ['builder', 'skeptic', 'futurist', 'buyer', 'creator'];

const h = useHarness();
const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });
const work = (name: string) => join(h.ws.runs, '.work', name);

describe('the catalog index', () => {
  it('sees an edit that keeps the size and the time of the file, and parses a broken edit with every check', async () => {
    const file = join(h.ws.catalog, 'smolvlm2.yaml');
    expect((await run(['tools'])).code).toBe(0);
    const index = JSON.parse(await readFile(work('catalog-index.json'), 'utf8'));
    expect(index.tools.smolvlm2.tool.name).toBe('SmolVLM2');
    const text = await readFile(file, 'utf8');
    const { atime, mtime } = await stat(file);
    // Same length, same modification time: only the content says it changed.
    await writeFile(file, text.replace(/^name: SmolVLM2$/m, 'name: SmolVLM3'));
    await utimes(file, atime, mtime);
    expect((await run(['tools'])).stdout).toContain('SmolVLM3');
    await writeFile(file, `${text}\nunknown_key: 1\n`);
    const broken = await run(['regen', 'smolvlm2', '--dry-run']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/smolvlm2\.yaml.*unknown_key/s);
  });

  it('knows an old file by its metadata, and reads again one whose change time moved, or whose times are too recent to trust', async () => {
    const file = join(h.ws.catalog, 'smolvlm2.yaml');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(file, hourAgo, hourAgo);
    const later = () => Date.now() + 10_000; // the file's change time (set by utimes, just now) is then old enough to trust
    const parsed: string[] = [];
    const load = (index: CatalogIndex) => index.load('smolvlm2', file, () => (parsed.push('parse'), loadTool('smolvlm2', h.ws.catalog, h.ws.dir, IDS)));
    const index = CatalogIndex.open(work('catalog-index.json'), IDS, later);
    expect((await load(index)).name).toBe('SmolVLM2');
    await index.save(undefined);
    // Known by its inode, size and times: given from the index, not parsed again.
    expect(JSON.parse(await readFile(work('catalog-index.json'), 'utf8')).tools.smolvlm2.stat).toMatch(/^\d+:\d+:\d+:\d+$/);
    expect((await load(CatalogIndex.open(work('catalog-index.json'), IDS, later))).name).toBe('SmolVLM2');
    expect(parsed).toEqual(['parse']);
    // The same size and modification time, new content: the change time moved, so it is read and parsed again.
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^name: SmolVLM2$/m, 'name: SmolVLM3'));
    await utimes(file, hourAgo, hourAgo);
    const edited = CatalogIndex.open(work('catalog-index.json'), IDS, () => Date.now() + 20_000);
    expect((await load(edited)).name).toBe('SmolVLM3');
    await edited.save(undefined);
    // With the times too recent to trust, nothing is known by metadata: the file is hashed (and, its hash known, not parsed).
    const racy = CatalogIndex.open(work('catalog-index.json'), IDS);
    await load(racy);
    await racy.save(undefined);
    expect(JSON.parse(await readFile(work('catalog-index.json'), 'utf8')).tools.smolvlm2.stat).toBeUndefined();
    expect(parsed).toEqual(['parse', 'parse']);
  });

  it('a damaged or deleted index answers as none would', async () => {
    const before = (await run(['tools'])).stdout;
    await writeFile(work('catalog-index.json'), '{"version":1,"personas":"');
    expect((await run(['tools'])).stdout).toBe(before);
    await rm(work('catalog-index.json'));
    expect((await run(['tools'])).stdout).toBe(before);
    // An entry edited to disagree with its file (its key still the file's hash) is what panel check reports.
    const index = JSON.parse(await readFile(work('catalog-index.json'), 'utf8'));
    index.tools.smolvlm2.tool.name = 'Not SmolVLM2';
    await writeFile(work('catalog-index.json'), JSON.stringify(index));
    const check = await run(['check']);
    expect(check.code).toBe(2);
    expect(check.stderr + check.stdout).toMatch(
      /runs\/\.work\/catalog-index\.json: disagrees with the tool file of smolvlm2: it is derived data; delete it and the next command rebuilds it from the files/,
    );
  });
});

describe('the plans found current', () => {
  it('a regen that needed nothing is remembered, and a decision, a new run or damage is seen', async () => {
    expect((await run(['regen'])).code).toBe(0);
    // The runs it wrote are remembered as current at once: the next regen reads none of them.
    expect(JSON.parse(await readFile(work('current-plans.json'), 'utf8')).tools).toHaveProperty('smolvlm2');
    // panel tools names each newest run from one file while the run folders are unchanged; damaged, the same answer.
    const listed = (await run(['tools', '--json'])).stdout;
    expect(JSON.parse(listed).find((r: { slug: string }) => r.slug === 'smolvlm2').latestRun).toMatch(/^20\d\d-/);
    await writeFile(work('newest-runs.json'), '{"version":1,"tools":{"smolvlm2":{"key":"","runId":"x","facts":"');
    expect((await run(['tools', '--json'])).stdout).toBe(listed);
    h.server.requests.length = 0;
    const current = await run(['regen', '--dry-run']);
    expect(current.stdout).toMatch(/Would make 0 calls/);

    // A decision appended to the tool's log (its folder's time unchanged) is seen: the rejected persona is asked again.
    expect((await run(['reject', 'smolvlm2', 'builder', '--reason', 'states a price the material does not', '--editor', 'Ada'])).code).toBe(0);
    expect((await run(['regen', '--dry-run'])).stdout).toMatch(/Would make 1 call\b/);

    // Damaged or deleted: the same answer as none.
    await writeFile(work('current-plans.json'), 'not json');
    expect((await run(['regen', '--dry-run'])).stdout).toMatch(/Would make 1 call\b/);
    await rm(work('current-plans.json'));
    expect((await run(['regen', '--dry-run'])).stdout).toMatch(/Would make 1 call\b/);
    expect(h.server.requests).toHaveLength(0);
  });
});
