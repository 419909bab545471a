/**
 * Defects found trying panel as a new user would (issue: one run library).
 * Each test failed on the code before the redesign.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { panel, panelProcess } from '../support/run-cli.js';

describe('what a new user runs into', () => {
  const h = useHarness();

  it('prints no Node warning on a run of more than ten calls (no MaxListenersExceededWarning)', async () => {
    const result = await panelProcess(['review', 'smolvlm2', 'karpathy-skills', 'aider', '--concurrency', '12'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(result.code).toBe(0);
    expect(h.server.requests.length).toBeGreaterThan(10);
    expect(result.stderr).not.toMatch(/Warning|MaxListeners|trace-warnings/);
  });

  it('refuses a tool file whose name is not a valid slug, and creates no runs folder for it', async () => {
    await mkdir(join(h.ws.dir, 'cfg'));
    await h.ws.write('cfg/Cursor Editor.yaml', 'name: Cursor\ncategory: Editors\ntagline: An AI editor\npricing: { entry: Free }\ndescription: An editor.\n');
    const result = await panel(['review', 'cfg/Cursor Editor.yaml'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cfg\/Cursor Editor\.yaml: .*slug `Cursor Editor`.*may hold only letters, digits/);
    expect(result.stderr).toMatch(/fix: rename the file to cursor-editor\.yaml/);
    expect(h.server.requests).toHaveLength(0);
    expect(existsSync(join(h.ws.runs, 'Cursor Editor'))).toBe(false);
  });

  it('`panel check extra` is a usage error, not an argument silently ignored', async () => {
    const result = await panel(['check', 'extra'], { cwd: h.ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/`panel check` takes no arguments; remove `extra`/);
  });

  it('suggests a flag with its dashes', async () => {
    const result = await panel(['show', 'smolvlm2', '--forma', 'md'], { cwd: h.ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown flag --forma \(did you mean `--format`\?\)/);
  });

  it('says "no valid reviews", not "only 0 valid reviews"', async () => {
    h.server.respond = () => ({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'nope' } } });
    const failed = await panel(['review', 'smolvlm2'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/Incomplete panel: no valid reviews; at least 3 are needed/);
    expect(failed.stdout).not.toMatch(/only 0/);
  });

  it('`--json` works on check and batch status', async () => {
    const check = await panel(['check', '--json'], { cwd: h.ws.dir });
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: true, counts: { personas: 5 } });
    const status = await panel(['batch', 'status', '--json'], { cwd: h.ws.dir, env: h.anthropicEnv() });
    expect(JSON.parse(status.stdout)).toEqual({ pending: [] });
  });
});

describe('page output, as a new user meets it', () => {
  const h = useHarness({ seedRuns: true });
  const compare = (...argv: string[]) => panel(['compare', 'smolvlm2', 'karpathy-skills', ...argv], { cwd: h.ws.dir });

  it('--out naming a folder is a clear error, with no temp file left behind', async () => {
    await mkdir(join(h.ws.dir, 'site'));
    const result = await compare('--format', 'html', '--out', 'site/');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out site\/ is a folder; give a file name, e.g\. --out site\/page\.html/);
    expect(await readdir(join(h.ws.dir, 'site'))).toEqual([]);
  });

  it('--out into a missing folder says it created it; --fragment alone means HTML', async () => {
    const result = await compare('--fragment', '--out', 'new/dir/page.html');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/created the folder new\/dir for --out/);
    expect(await readFile(join(h.ws.dir, 'new/dir/page.html'), 'utf8')).toMatch(/^<section class="panel-page">/);
  });
});
