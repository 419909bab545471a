import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mainHelp } from '../../src/cli/help.js';
import { ROOT } from '../support/workspace.js';

const readme = await readFile(join(ROOT, 'README.md'), 'utf8');

describe('README.md stays true to the code', () => {
  it('shows the testing example exactly as the test that runs it', async () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const test = await readFile(join(ROOT, 'test/testing/readme-example.test.ts'), 'utf8');
    expect(test.replace(/^(\/\/.*\n)+/, '')).toBe(example);
  });

  it('lists every command that --help lists', () => {
    const commands = [...mainHelp().matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(9);
    for (const command of commands) expect(readme).toContain(`panel ${command}`);
  });
});
