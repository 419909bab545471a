import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { panel } from '../support/run-cli.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
});
afterEach(() => ws.remove());
const check = () => panel(['check'], { cwd: ws.dir });

describe('panel check', () => {
  it('says what it checked when all is valid', async () => {
    expect(await check()).toMatchObject({ code: 0, stdout: 'All valid: panel.config.yaml, 5 personas, 7 tools, 2 run records, 5 prices.\n' });
  });

  it('reports every problem in every file at once, with no call, and exits 2', async () => {
    await ws.write('fixtures/tools/bad-one.yaml', 'name: Bad\ncategory: Developer Tools\ntagline: x\npricing: { entry: Free }\ndescription: ""\npanel: [bilder]\n');
    await ws.write('fixtures/tools/bad-two.yml', 'name: [\n');
    await ws.write('fixtures/tools/smolvlm2.yml', 'name: dup\n');
    await ws.write('personas/critic.md', '---\nid: critic\nname: The Critic\n---\nBody\n');
    const record = join(ws.runs, 'smolvlm2', '2026-11-01T00-00-00.000Z-seedsmolvlm2.json');
    await writeFile(record, (await readFile(record, 'utf8')).replace('"status": "ok"', '"status": "fine"'));
    const result = await check();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/personas\/critic\.md.*lens: is required/s);
    expect(result.stderr).toMatch(/both smolvlm2\.yaml and smolvlm2\.yml exist/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('finds each bad tool file and each damaged record in one pass', async () => {
    await ws.write('fixtures/tools/bad-one.yaml', 'name: Bad\ncategory: Developer Tools\ntagline: x\npricing: { entry: Free }\ndescription: ""\npanel: [bilder]\n');
    await ws.write('fixtures/tools/bad-two.yaml', 'name: [\n');
    const record = join(ws.runs, 'smolvlm2', '2026-11-01T00-00-00.000Z-seedsmolvlm2.json');
    await writeFile(record, (await readFile(record, 'utf8')).replace('"status": "ok"', '"status": "fine"'));
    const result = await check();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-one\.yaml: 2 problems\n.*description: description must not be empty[\s\S]*panel\[0\]: unknown persona `bilder` \(did you mean `builder`\?\)/);
    expect(result.stderr).toMatch(/bad-two\.yaml:\d+:\d+: YAML syntax/);
    expect(result.stderr).toMatch(/runs\/smolvlm2\/2026-11-01T00-00-00\.000Z-seedsmolvlm2\.json: .*reviews\.0\.status/s);
    expect(result.stderr).toMatch(/3 files with problems; valid: panel\.config\.yaml, 5 personas, 7 tools, 1 run record, 5 prices\./);
  });
});

describe('run records of an older schema', () => {
  it('are read through a migration, never rejected for being old', async () => {
    const v1 = join(ROOT, 'fixtures/runs-v1/smolvlm2/2026-11-01T00-00-00.000Z-seedsmolvlm2.json');
    expect(JSON.parse(await readFile(v1, 'utf8')).schemaVersion).toBe(1);
    const shown = await panel(['show', v1, '--json'], { cwd: ws.dir });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).panel.score.percent).toBe(100);
    const replayed = await panel(['replay', v1], { cwd: ws.dir });
    expect(replayed).toMatchObject({ code: 0 });
    await cp(v1, join(ws.runs, 'smolvlm2', '2026-10-01T00-00-00.000Z-old.json'));
    expect((await check()).stdout).toMatch(/3 run records/);
  });

  it('a record from a newer panel is refused by name, with the fix', async () => {
    const record = join(ws.runs, 'smolvlm2', '2026-11-01T00-00-00.000Z-seedsmolvlm2.json');
    await writeFile(record, (await readFile(record, 'utf8')).replace('"schemaVersion": 2', '"schemaVersion": 9'));
    const result = await panel(['show', 'smolvlm2'], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/schemaVersion: was written by a newer panel \(run schema 9; this panel reads up to 2\)\n\s+fix: upgrade panel/);
  });
});

describe('panel check and the price table', () => {
  it('checks a price table named in the config', async () => {
    await ws.write('panel.config.yaml', 'catalog: fixtures/tools\nprices: my-prices.yaml\n');
    await ws.write('my-prices.yaml', 'models:\n  my-model:\n    input: 1\n    output: -2\n    date: 2026-11-01\n');
    const result = await check();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/my-prices\.yaml: 2 problems\n.*models\.my-model\.output: must be 0 or more[\s\S]*models\.my-model\.source: is required/);
  });
});
