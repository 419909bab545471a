import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
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
    expect(await check()).toMatchObject({ code: 0, stdout: 'All valid: panel.config.yaml, 5 personas, 7 tools, 2 run records, 11 priced models.\n' });
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
    expect(result.stderr).toMatch(/3 files with problems; valid: panel\.config\.yaml, 5 personas, 7 tools, 1 run record, 11 priced models\./);
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
    // A record's run id is its file name (panel check refuses one that is not).
    const old = JSON.parse(await readFile(v1, 'utf8'));
    await writeFile(join(ws.runs, 'smolvlm2', '2026-10-01T00-00-00.000Z-old.json'), JSON.stringify({ ...old, runId: '2026-10-01T00-00-00.000Z-old' }));
    expect((await check()).stdout).toMatch(/3 run records/);
  });

  it('a record from a newer panel is refused by name, with the fix', async () => {
    const record = join(ws.runs, 'smolvlm2', '2026-11-01T00-00-00.000Z-seedsmolvlm2.json');
    await writeFile(record, (await readFile(record, 'utf8')).replace(/"schemaVersion": \d+/, '"schemaVersion": 9'));
    const result = await panel(['show', 'smolvlm2'], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/schemaVersion: was written by a newer panel \(run schema 9; this panel reads up to 4\)\n\s+fix: upgrade panel/);
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

describe('panel check and the model table', () => {
  const onDay = (day: string) => panel(['check'], { cwd: ws.dir, now: () => new Date(`${day}T12:00:00Z`) });

  it('warns, and still exits 0, when a configured model is retired, retiring within 30 days, or unpriced', async () => {
    await ws.write('panel.config.yaml', 'catalog: fixtures/tools\nmodel: claude-sonnet-4-5\n');
    const persona = join(ws.dir, 'personas/skeptic.md');
    await writeFile(persona, (await readFile(persona, 'utf8')).replace(/^---\n/, '---\nmodel: gpt-5-mini\n'));
    const buyer = join(ws.dir, 'personas/buyer.md');
    await writeFile(buyer, (await readFile(buyer, 'utf8')).replace(/^---\n/, '---\nmodel: gpt-5.4-nano\n'));
    const result = await onDay('2026-12-04');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: claude-sonnet-4-5 \(`model:` in the config\) was retired on 2026-11-30/);
    expect(result.stderr).toMatch(/warning: gpt-5-mini \(the skeptic persona \(personas\/skeptic\.md\)\) retires on 2026-12-11/);
    expect(result.stderr).toMatch(/warning: gpt-5\.4-nano \(the buyer persona .*\) has no price/);
    expect(result.stdout).toMatch(/^All valid: .*; 3 warnings\.$/m);
  });

  it('gives no warning for the shipped defaults', async () => {
    const result = await onDay('2026-12-04');
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('checks a models: file and names the field that is wrong', async () => {
    await ws.write('panel.config.yaml', 'catalog: fixtures/tools\nmodels: my-models.yaml\n');
    await ws.write('my-models.yaml', 'models:\n  my-local-model:\n    provider: openai\n    structured_output: json_mode\n');
    const result = await check();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/my-models\.yaml:4:24: models\.my-local-model\.structured_output: must be one of forced_tool, output_format, strict_tool, json_schema/);
    await ws.write('my-models.yaml', 'models:\n  my-local-model:\n    provider: openai\n    structured_output: json_schema\n');
    const incomplete = await check();
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/models\.my-local-model\.maker: .*\n[\s\S]*not in panel's table, so it needs every required field/);
  });
});

describe('panel models', () => {
  it('lists the table with prices and marks retired models, as text and JSON', async () => {
    const text = await panel(['models'], { cwd: ws.dir, now: () => new Date('2026-12-04T00:00:00Z') });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^claude-sonnet-5-5 +anthropic +Anthropic +output_format +\$2\.00 +\$10\.00 /m);
    expect(text.stdout).toMatch(/^claude-sonnet-4-5 .* 2026-11-30 RETIRED$/m);
    const json = JSON.parse((await panel(['models', '--json'], { cwd: ws.dir, now: () => new Date('2026-12-04T00:00:00Z') })).stdout);
    const luna = json.models.find((m: { model: string }) => m.model === 'gpt-6-luna');
    expect(luna).toMatchObject({ provider: 'openai', maker: 'OpenAI', structuredOutput: 'json_schema', price: { input: 0.1, output: 0.5, cacheWrite: 0.125 }, status: 'current' });
  });
});
