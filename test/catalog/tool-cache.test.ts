/**
 * Parsed tool files are cached under runs/.work/tools/: a changed file is
 * parsed again with every check, so an edit that breaks it is still an error
 * naming the file and line, and an edit that changes it is what is reviewed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { panel } from '../support/run-cli.js';

const h = useHarness();
const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });

describe('the parsed-tool cache', () => {
  it('serves an unchanged file, and parses a changed one again: a new tagline shows, a broken edit is an error', async () => {
    expect((await run(['tools'])).code).toBe(0);
    const cache = JSON.parse(await readFile(join(h.ws.runs, '.work', 'tools', 'smolvlm2.json'), 'utf8'));
    expect(cache.tool.name).toBe('SmolVLM2');
    const file = join(h.ws.catalog, 'smolvlm2.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^name: .*$/m, 'name: SmolVLM2 Renamed'));
    expect((await run(['tools'])).stdout).toContain('SmolVLM2 Renamed');
    await writeFile(file, `${text}\nunknown_key: 1\n`);
    const broken = await run(['regen', 'smolvlm2', '--dry-run']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/smolvlm2\.yaml.*unknown_key/s);
  });
});
