/**
 * Untrusted tool text (fixtures/adversarial/): instructions to the reviewer,
 * fake verdicts, fake and look-alike delimiters, role markers, zero-width and
 * bidi characters, a 100 KB description. Checked for what panel controls: the
 * text reaches the model only inside the data block, the block stays closed,
 * and the run completes or fails clearly.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTool } from '../../src/catalog/catalog.js';
import type { Tool } from '../../src/shapes/tool.js';
import { loadPersonas } from '../../src/personas/persona.js';
import { anthropicWire } from '../../src/providers/anthropic-wire.js';
import { openaiWire } from '../../src/providers/openai-wire.js';
import { buildPrompt, toolPromptFields } from '../../src/review/prompt.js';
import { scriptedReviewer, startLlmServer, type LlmServer } from '../support/llm-server.js';
import { cleanEnv, panel } from '../support/run-cli.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';
import { expectEvery } from '../support/expect-every.js';

const DIR = join(ROOT, 'fixtures/adversarial');
const REJECTED: Record<string, RegExp> = {
  'huge-description': /description: is too long: at most 8000 characters/,
  'javascript-url': /url: must be an http\(s\) URL/,
  'multi-document': /holds more than one YAML document/,
};
const files = (await readdir(DIR)).filter((f) => f.endsWith('.yaml')).sort();
const accepted = files.map((f) => f.slice(0, -5)).filter((slug) => !(slug in REJECTED));
const personas = await loadPersonas(join(ROOT, 'personas'), ROOT);
const ids = personas.map((p) => p.id);

it('holds at least 20 adversarial tool files', () => {
  expect(files.length).toBeGreaterThanOrEqual(20);
  expect(accepted.length).toBeGreaterThanOrEqual(20);
});

describe.each(accepted)('%s', (slug) => {
  let tool: Tool;
  beforeAll(async () => {
    tool = await readTool(join(DIR, `${slug}.yaml`), slug, `${slug}.yaml`, ids);
  });

  it('reaches the model only inside one closed data block', () => {
    const texts = Object.values(toolPromptFields(tool)).filter((t) => t.length > 3);
    for (const persona of personas) {
      const prompt = buildPrompt(tool, persona);
      for (const text of texts) {
        expect(prompt.system).not.toContain(text);
        expect(prompt.personaBlock).not.toContain(text);
      }
      const token = /^<<<TOOL DATA ([0-9a-f]{16})>>>$/m.exec(prompt.toolBlock)![1]!;
      const open = `<<<TOOL DATA ${token}>>>`;
      const close = `<<<END TOOL DATA ${token}>>>`;
      // The real markers appear once each, open before close, and nothing follows the close.
      expect(prompt.toolBlock.split(open)).toHaveLength(2);
      expect(prompt.toolBlock.split(close)).toHaveLength(2);
      expect(prompt.toolBlock.endsWith(close)).toBe(true);
      const inside = prompt.toolBlock.slice(prompt.toolBlock.indexOf(open) + open.length, prompt.toolBlock.indexOf(close));
      for (const text of texts) expect(inside).toContain(text);
      // The tool's own text cannot carry the token.
      for (const text of texts) expect(text).not.toContain(token);
    }
  });

  it('stays in the data block of both request bodies', () => {
    const prompt = buildPrompt(tool, personas[0]!);
    const params = { model: 'm', maxTokens: 100 };
    const a = anthropicWire.buildRequest(prompt, params);
    const o = openaiWire.buildRequest(prompt, params);
    const description = JSON.stringify(tool.description).slice(1, -1);
    const aMessages = a['messages'] as { content: { text: string }[] }[];
    expect(JSON.stringify({ ...a, messages: [{ content: [aMessages[0]!.content[1]] }] })).not.toContain(description);
    const oMessages = o['messages'] as { content: string }[];
    expect(
      oMessages
        .filter((_, i) => i !== 1)
        .map((m) => m.content)
        .join('\n'),
    ).not.toContain(tool.description);
  });
});

describe('the adversarial catalog, reviewed end to end', () => {
  let server: LlmServer;
  let ws: Workspace;
  beforeAll(async () => {
    server = await startLlmServer(scriptedReviewer());
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    ws = await makeWorkspace();
  });
  afterEach(() => ws.remove());

  it('completes every accepted file', async () => {
    const env = cleanEnv({ ANTHROPIC_API_KEY: 'sk-ant-adversarial-0000000000', ANTHROPIC_BASE_URL: server.anthropicBaseURL, ANTHROPIC_CONFIG_DIR: ws.sdkConfigDir });
    const result = await panel(['review', ...accepted.map((s) => join(DIR, `${s}.yaml`)), '--json', '--concurrency', '10'], { cwd: ws.dir, env });
    expect(result.code).toBe(0);
    const pages = JSON.parse(result.stdout) as { panel: { reviews: { status: string }[] } }[];
    expect(pages).toHaveLength(accepted.length);
    expectEvery(pages, (p) => p.panel.reviews.length === 5 && p.panel.reviews.every((r) => r.status === 'ok'));
    expect(server.requests).toHaveLength(accepted.length * 5);
  });

  it.each(Object.entries(REJECTED))('refuses %s at load with a clear message', async (slug, message) => {
    const result = await panel(['review', join(DIR, `${slug}.yaml`)], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
