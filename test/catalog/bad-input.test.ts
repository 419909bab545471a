import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { panel } from '../support/run-cli.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
});
afterEach(() => ws.remove());

const toolFile = (body: string) => ws.write('fixtures/tools/broken.yaml', body);
const review = (...args: string[]) => panel(['review', ...args], { cwd: ws.dir });

/** Every bad input: exit 2, the file named, no stack trace. */
function expectUserError(result: { code: number; stderr: string }, ...patterns: RegExp[]) {
  expect(result.code).toBe(2);
  for (const p of patterns) expect(result.stderr).toMatch(p);
  expect(result.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
}

const valid = `name: Broken
category: Developer Tools
tagline: A tool
pricing:
  entry: Free
description: A real description.
`;

describe('bad tool files', () => {
  it('malformed YAML gives the line and column', async () => {
    await toolFile('name: Broken\ncategory: [Developer Tools\ntagline: x\n');
    expectUserError(await review('broken'), /fixtures\/tools\/broken\.yaml:\d+:\d+: YAML syntax/);
  });

  it('a missing field is named', async () => {
    await toolFile(valid.replace('tagline: A tool\n', ''));
    expectUserError(await review('broken'), /broken\.yaml.*tagline: is required/);
  });

  it('a wrongly typed field is named with its line', async () => {
    await toolFile(valid.replace('name: Broken', 'name: [1, 2]'));
    expectUserError(await review('broken'), /broken\.yaml:1:7: name: must be text, got a list/);
  });

  it('an unknown persona in panel: names it, its line, and the nearest persona', async () => {
    await toolFile(`${valid}panel: [builder, skeptik]\n`);
    expectUserError(await review('broken'), /broken\.yaml:7:\d+: panel\[1\]: unknown persona `skeptik` \(did you mean `skeptic`\?\)/);
  });

  it('an empty description says so and how to fix it', async () => {
    await toolFile(valid.replace('description: A real description.', 'description: "   "'));
    expectUserError(await review('broken'), /broken\.yaml:6:\d+: description: description must not be empty/, /fix: write what the tool is/);
  });

  it('an oversized description gives the limit', async () => {
    await toolFile(valid.replace('A real description.', 'x'.repeat(9000)));
    expectUserError(await review('broken'), /description: is too long: at most 8000 characters/);
  });

  it('an unknown key suggests the nearest known one', async () => {
    await toolFile(valid.replace('tagline:', 'tagilne:'));
    expectUserError(await review('broken'), /broken\.yaml:3:1: tagilne: unknown key \(did you mean `tagline`\?\)/);
  });

  it('reports every problem of a file at once', async () => {
    await toolFile('name: ""\ncategory: 3\npricing: {}\ndescription: x\n');
    const result = await review('broken');
    expectUserError(result, /name must not be empty/, /category: must be text/, /tagline: is required/, /pricing\.entry: is required/);
  });

  it('bytes that are not UTF-8 are refused with their position', async () => {
    await writeFile(join(ws.catalog, 'broken.yaml'), Buffer.concat([Buffer.from('name: Br'), Buffer.from([0xff, 0xfe]), Buffer.from('oken\n')]));
    expectUserError(await review('broken'), /broken\.yaml:1:9: is not valid UTF-8/);
  });
});

describe('bad commands', () => {
  it('an unknown tool suggests the nearest slug', async () => {
    expectUserError(await review('smolvlm'), /Unknown tool `smolvlm` \(did you mean `smolvlm2`\?\)/);
  });

  it('an unknown flag suggests the nearest one', async () => {
    expectUserError(await review('smolvlm2', '--modle', 'x'), /Unknown flag --modle \(did you mean `--model`\?\)/);
  });

  it('an unknown command suggests the nearest one', async () => {
    expectUserError(await panel(['reveiw', 'smolvlm2'], { cwd: ws.dir }), /Unknown command `reveiw` \(did you mean `review`\?\)/);
  });

  it('a bad --concurrency and a bad --provider are named', async () => {
    expectUserError(await review('smolvlm2', '--concurrency', '0'), /--concurrency is `0`/);
    expectUserError(await review('smolvlm2', '--provider', 'gemini'), /--provider is `gemini`; it must be one of anthropic, openai, replay/);
  });

  it('an unknown key in panel.config.yaml suggests the nearest one', async () => {
    await ws.write('panel.config.yaml', 'catalog: fixtures/tools\nconcurency: 3\n');
    expectUserError(await review('smolvlm2'), /panel\.config\.yaml:2:1: concurency: unknown key \(did you mean `concurrency`\?\)/);
  });

  it('a persona file without front matter is named', async () => {
    await ws.write('personas/critic.md', 'Just a prompt.\n');
    expectUserError(await review('smolvlm2'), /personas\/critic\.md:1: has no front matter/);
  });
});
