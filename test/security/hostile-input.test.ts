/**
 * Every input file error is a file error (exit 2, file and line, our words),
 * every number that multiplies work has a bound, untrusted text is text, and
 * `panel check` refuses records that do not belong where they sit.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, panel } from '../support/run-cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
});
afterEach(() => ws.remove());

const run = (...argv: string[]) => panel(argv, { cwd: ws.dir, env: cleanEnv() });

function expectFileError(result: { code: number; stderr: string }, ...patterns: RegExp[]) {
  expect(result.code, result.stderr).toBe(2);
  for (const p of patterns) expect(result.stderr).toMatch(p);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at \S+:\d+|Maximum call stack|parseAllDocuments|resource exhaustion attack/i);
}

const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
const deep = `name: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
const twoDocs = 'name: A\n---\nname: B\n';

describe('hostile YAML in every kind of file', () => {
  // Each kind of file, and a command that reads it (the model table is read only by commands that ask about a model).
  const files: [string, string, (text: string) => string, string][] = [
    ['tool', 'fixtures/tools/smolvlm2.yaml', (t) => t, 'tools'],
    ['persona', 'personas/skeptic.md', (t) => `---\n${t}\n---\nYou are the skeptic.\n`, 'personas'],
    ['config', 'panel.config.yaml', (t) => t, 'tools'],
    ['models', 'my-models.yaml', (t) => t, 'models'],
  ];
  const bodies: [string, string, RegExp][] = [
    ['an alias bomb', bomb, /aliases .* expand to far more data/],
    ['deep nesting', deep, /nested too deeply to read/],
    ['several documents', twoDocs, /more than one YAML document/],
    ['binary bytes', 'name: \u0000\u0001\u0002PNG\n', /control character U\+0000 \(NUL\).*binary file/],
  ];
  for (const [kind, path, wrap, command] of files) {
    for (const [what, body, given] of bodies) {
      // In a persona, a second `---` ends the front matter: the file is then missing its id, still a file error.
      const message = kind === 'persona' && what === 'several documents' ? /personas\/skeptic\.md.*id: is required/ : given;
      it(`${what} in a ${kind} file: exit 2 with the file named, in our words`, async () => {
        if (kind === 'models') await writeFile(join(ws.dir, 'panel.config.yaml'), 'catalog: fixtures/tools\nmodels: my-models.yaml\n');
        await writeFile(join(ws.dir, path), wrap(body));
        const checked = await run('check');
        expectFileError(checked, new RegExp(path.replace(/[./]/g, '\\$&')), message);
        expectFileError(await run(command), message);
      });
    }
  }
});

describe('bounds on numbers that multiply work', () => {
  it('samples at the bound is accepted; past it is exit 2 naming the key, the limit and why', async () => {
    expect((await run('regen', '--dry-run', '--samples', '25')).code).toBe(0);
    const flag = await run('regen', '--dry-run', '--samples', '10000');
    expectFileError(flag, /--samples is 10000; it must be at most 25: each sample is a paid call/);
    await writeFile(join(ws.dir, 'panel.config.yaml'), 'catalog: fixtures/tools\nsamples: 1000000\n');
    expectFileError(await run('regen', '--dry-run'), /panel\.config\.yaml:2:10: samples: must be at most 25/);
  });

  const keys: [string, string, RegExp][] = [
    ['concurrency', '100000', /concurrency: must be at most 256/],
    ['attempts', '1000', /attempts: must be at most 10/],
    ['timeout', '86400', /timeout: must be at most 3600 seconds/],
    ['batch_limit', '5000000', /batch_limit: must be at most 100,000/],
  ];
  for (const [key, value, message] of keys) {
    it(`${key}: ${value} is exit 2 with the limit`, async () => {
      await writeFile(join(ws.dir, 'panel.config.yaml'), `catalog: fixtures/tools\n${key}: ${value}\n`);
      expectFileError(await run('check'), message);
    });
  }

  it('--concurrency and PANEL_CONCURRENCY are bounded too', async () => {
    expectFileError(await run('regen', '--dry-run', '--concurrency', '99999'), /--concurrency is 99999; it must be at most 256/);
    const env = await panel(['regen', '--dry-run'], { cwd: ws.dir, env: cleanEnv({ PANEL_CONCURRENCY: '1e9' }) });
    expectFileError(env, /PANEL_CONCURRENCY is `1e9`; it must be a whole number/);
  });

  it('a plan of every persona at the sample bound prints its table (no stack overflow)', async () => {
    const result = await run('regen', '--force', '--dry-run', '--samples', '25');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Would make \d+ calls/);
  });
});

describe('untrusted text is text', () => {
  const evil = 'Evil\u001b[2J\u001b]0;pwned\u0007';

  it('a control character in a tool file is an error naming the file, line, column and the character', async () => {
    await writeFile(join(ws.dir, 'fixtures/tools/evil.yaml'), `name: "${evil}"\ncategory: X\ntagline: Y\npricing: { entry: Free }\ndescription: Z\n`);
    const checked = await run('check');
    expectFileError(checked, /fixtures\/tools\/evil\.yaml:1:\d+: holds the control character U\+001B \(ESC\)/);
    expect(checked.stderr).not.toContain('\u001b');
  });

  it('a raw NUL in a persona file is an error', async () => {
    const file = join(ws.dir, 'personas/buyer.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('buyer', 'buy\u0000er'));
    expectFileError(await run('check'), /personas\/buyer\.md:\d+:\d+: holds the control character U\+0000 \(NUL\)/);
  });

  it("control characters in a model's quote are shown escaped in the terminal and replaced on pages", async () => {
    const dir = join(ws.runs, 'smolvlm2');
    const [name] = await readdir(dir);
    const record = JSON.parse(await readFile(join(dir, name!), 'utf8'));
    record.reviews[0].review.quote = `Fine tool.${evil} Really.`;
    await writeFile(join(dir, name!), JSON.stringify(record));
    const shown = await run('show', 'smolvlm2');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(shown.stdout).toContain('\\u001b[2J');
    const md = await run('show', 'smolvlm2', '--format', 'md');
    expect(md.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const json = await run('show', 'smolvlm2', '--json');
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('Evil\\u001b[2J');
    expect((await run('publish', '--out', 'public')).code).toBe(0);
    const page = await readFile(join(ws.dir, 'public/tools/smolvlm2.html'), 'utf8');
    expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(page).toContain('Evil\uFFFD[2J');
  });
});

describe('panel check verifies records against the tree they sit in', () => {
  async function seedRecord(slug = 'smolvlm2') {
    const dir = join(ws.runs, slug);
    const [name] = await readdir(dir);
    return { dir, name: name!, record: JSON.parse(await readFile(join(dir, name!), 'utf8')) };
  }

  it('a review by a persona on no panel: check fails, and it is neither shown nor published', async () => {
    const { dir, name, record } = await seedRecord();
    record.reviews.push({ ...record.reviews[0], persona: 'intruder', personaName: 'The Intruder', review: { ...record.reviews[0].review, verdict: 'skip' } });
    await writeFile(join(dir, name), JSON.stringify(record));
    expectFileError(await run('check'), /reviews by intruder/);
    expectFileError(await run('show', 'smolvlm2'), /reviews by intruder/);
    const published = await run('publish', '--out', 'public');
    expectFileError(published, /reviews by intruder/);
  });

  it('a record whose tool slug is another tool: check fails; it is never published as that tool', async () => {
    const { name, record } = await seedRecord('karpathy-skills');
    await mkdir(join(ws.runs, 'smolvlm2'), { recursive: true });
    await rm(join(ws.runs, 'smolvlm2'), { recursive: true });
    await mkdir(join(ws.runs, 'smolvlm2'));
    await writeFile(join(ws.runs, 'smolvlm2', name.replace('seedkarpathyskills', 'seedother')), JSON.stringify({ ...record, runId: name.replace('seedkarpathyskills', 'seedother').slice(0, -5) }));
    const checked = await run('check');
    expectFileError(checked, /tool\.slug: is `karpathy-skills`, but the record sits in smolvlm2\//);
    expectFileError(await run('publish', '--out', 'public'), /sits in smolvlm2/);
  });

  it('a run id that is not a run id, or is not the file name, is a problem', async () => {
    const { dir, name, record } = await seedRecord();
    await writeFile(join(dir, name), JSON.stringify({ ...record, runId: '../../evil' }));
    expectFileError(await run('check'), /runId: is `\.\.\/\.\.\/evil`, which is not a run id/);
    await writeFile(join(dir, name), JSON.stringify({ ...record, runId: '2026-01-01T00-00-00.000Z-other' }));
    expectFileError(await run('check'), /runId: is `2026-01-01T00-00-00\.000Z-other`, which is not the file's name/);
    expectFileError(await run('history', 'smolvlm2'), /not the file's name/);
  });

  it('an empty catalog, no personas, and runs: pointing at a file are errors, not "All valid"', async () => {
    await writeFile(join(ws.dir, 'runs-file'), 'x');
    await writeFile(join(ws.dir, 'panel.config.yaml'), 'catalog: empty-catalog\npersonas: no-personas\nruns: runs-file\n');
    await mkdir(join(ws.dir, 'empty-catalog'));
    await mkdir(join(ws.dir, 'no-personas'));
    const checked = await run('check');
    expectFileError(checked, /no tool files/, /no persona files/, /`runs:` points at a file/);
    expect(checked.stdout).not.toMatch(/All valid/);
  });

  it('a runs folder that cannot be listed is an error, never "no runs" (which would buy the reviews again)', async () => {
    await rm(join(ws.runs, 'smolvlm2'), { recursive: true });
    await writeFile(join(ws.runs, 'smolvlm2'), 'not a folder');
    const dry = await run('regen', 'smolvlm2', '--dry-run');
    expectFileError(dry, /cannot read runs\/smolvlm2 \(it is a file, not a folder\)/);
  });
});
