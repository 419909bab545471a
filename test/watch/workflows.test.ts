/**
 * `panel init --ci github`: the two workflows parse, use only GitHub's own
 * actions, read only the API-key secrets, and run the commands the watch
 * test runs (panel watch, then panel regen, then panel publish).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { panel } from '../support/run-cli.js';

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
const stepsOf = (workflow: { jobs: Record<string, { steps: Step[] }> }) => Object.values(workflow.jobs).flatMap((j) => j.steps);

describe('panel init --ci github', () => {
  it('writes a weekly workflow (watch, regen, a pull request) and a publish workflow, with first-party actions and the key secrets only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'panel-ci-'));
    const out = await panel(['init', '--ci', 'github'], { cwd: dir });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/\.github\/workflows\/panel-weekly\.yml, \.github\/workflows\/panel-publish\.yml/);
    const weekly = parse(await readFile(join(dir, '.github/workflows/panel-weekly.yml'), 'utf8'));
    const publish = parse(await readFile(join(dir, '.github/workflows/panel-publish.yml'), 'utf8'));
    expect(weekly.on).toMatchObject({ schedule: [{ cron: '0 6 * * 1' }], workflow_dispatch: null });
    const runs = stepsOf(weekly).flatMap((s) => (s.run ? [s.run.split('\n')[0]!] : []));
    expect(runs.slice(0, 3)).toEqual(['npm ci', 'npx panel watch', 'npx panel regen > regen.txt']);
    expect(stepsOf(weekly).at(-1)!.run).toMatch(/gh pr create --title "Weekly verdicts [^"]*" --body-file regen\.txt/);
    expect(stepsOf(publish).flatMap((s) => (s.run ? [s.run] : []))).toEqual(['npm ci', 'npx panel publish --out public']);
    for (const step of [...stepsOf(weekly), ...stepsOf(publish)]) if (step.uses) expect(step.uses).toMatch(/^actions\/(checkout|setup-node|upload-pages-artifact|deploy-pages)@v\d+$/);
    const secrets = [...JSON.stringify(weekly).matchAll(/secrets\.(\w+)/g), ...JSON.stringify(publish).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
    expect(new Set(secrets)).toEqual(new Set(['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']));
    // Run again in the same folder: the site is there, so only the workflows would be written, and they exist.
    const again = await panel(['init', '--ci', 'github'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/panel-weekly\.yml and \.github\/workflows\/panel-publish\.yml already exist; nothing was written/);
    expect((await panel(['init', '--ci', 'gitlab'], { cwd: dir })).stderr).toMatch(/--ci is `gitlab`; panel writes workflows for github only/);
  });
});
