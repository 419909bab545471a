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

const h = useHarness();
const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });
const work = (name: string) => join(h.ws.runs, '.work', name);

describe('the catalog index', () => {
  it('sees an edit that keeps the size and the time of the file, and parses a broken edit with every check', async () => {
    expect((await run(['tools'])).code).toBe(0);
    const index = JSON.parse(await readFile(work('catalog-index.json'), 'utf8'));
    expect(index.tools.smolvlm2.tool.name).toBe('SmolVLM2');
    const file = join(h.ws.catalog, 'smolvlm2.yaml');
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
    h.server.requests.length = 0;
    const current = await run(['regen', '--dry-run']);
    expect(current.stdout).toMatch(/Would make 0 calls/);
    expect(JSON.parse(await readFile(work('current-plans.json'), 'utf8')).tools).toHaveProperty('smolvlm2');

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
