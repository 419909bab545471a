/**
 * Defects met while making pages an editor would sign (issue: pages). Each
 * failed on the code before.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { cleanEnv, panel } from '../support/run-cli.js';
import { ROOT } from '../support/workspace.js';
import { expectEvery } from '../support/expect-every.js';

describe('defects met making pages', () => {
  const h = useHarness({ seedRuns: true });

  it('with both keys set, --model gpt-5.4-mini runs on OpenAI, where the model table says it lives', async () => {
    const env = { ...h.anthropicEnv(), ...h.openaiEnv() };
    const result = await panel(['review', 'smolvlm2', '--model', 'gpt-5.4-mini'], { cwd: h.ws.dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(h.server.requests.length).toBe(4);
    expectEvery(h.server.requests, (r) => r.api === 'openai');
  });

  it('a comparison naming a tool not in the catalog is a problem in panel check, with the nearest slug', async () => {
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\ncomparisons: [[qwen2-5-vl, moondream2]]\n');
    const result = await panel(['check'], { cwd: h.ws.dir });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/comparisons: \[qwen2-5-vl, moondream2\] names `qwen2-5-vl`, which is not in the catalog \(the nearest slug is `qwen2-vl-2b`\)/);
  });

  it('--since without --digest is a usage error, not silently ignored', async () => {
    const result = await panel(['publish', '--out', 'public', '--since', '7d'], { cwd: h.ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--since sets the period of the digest: give it with --digest/);
  });

  it('panel init run twice names each file once', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'panel-init-'));
    expect((await panel(['init'], { cwd: dir })).code).toBe(0);
    const again = await panel(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr.match(/panel\.config\.yaml/g)).toHaveLength(1);
    const config = await readFile(join(dir, 'panel.config.yaml'), 'utf8');
    expect(config).not.toMatch(/moondream2/); // the template names no tool init does not create
  });

  it('panel check warns when a vendor README description will lose markup on pages', async () => {
    const readme = await readFile(join(ROOT, 'fixtures/vendor/aider.md'), 'utf8');
    await h.ws.write('fixtures/tools/aider.yaml', `name: Aider\ncategory: Developer Tools\ntagline: Pair programming\npricing: { entry: Free }\ndescription: ${JSON.stringify(readme)}\n`);
    const result = await panel(['check'], { cwd: h.ws.dir, env: cleanEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toMatch(
      /fixtures\/tools\/aider\.yaml: description: pages drop its \d+ images, 2 HTML comments, .*<div>|fixtures\/tools\/aider\.yaml: description: pages drop its \d+ images, 2 HTML comments/,
    );
  });

  it('panel serve on a port in use is a usage error that says to pass --port, not a stack trace', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await panel(['serve', '--port', String(port)], { cwd: h.ws.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use .*--port 0 for any free one`));
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it('a price of $0.033/hour is not "free to start"', async () => {
    await h.ws.write('fixtures/tools/aider.yaml', 'name: Aider\ncategory: Developer Tools\ntagline: Pair programming\npricing: { entry: $0.033/hour }\ndescription: A tool.\n');
    await h.ws.write('fixtures/tools/ollama.yaml', 'name: Ollama\ncategory: Developer Tools\ntagline: Local models\npricing: { entry: Free }\ndescription: A tool.\n');
    expect((await panel(['review', 'aider', 'ollama'], { cwd: h.ws.dir, env: h.anthropicEnv() })).code).toBe(0);
    const page = await panel(['compare', 'aider', 'ollama'], { cwd: h.ws.dir, env: cleanEnv() });
    expect(page.stdout).toMatch(/Ollama is free to start; Aider starts at \$0\.033\/hour\./);
    expect(page.stdout).not.toMatch(/Both are free/);
  });
});
