import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPanel } from '../../src/aggregate/card.js';
import { buildComparison } from '../../src/aggregate/comparison.js';
import { comparisonPageSchema } from '../../src/aggregate/page-model.js';
import { renderPage } from '../../src/render/page.js';
import { RunStore } from '../../src/records/store.js';
import { seedReviews } from '../../scripts/seed-data.js';
import { visibleText } from '../support/html-text.js';
import { failed, seedRecord, withReviews } from '../support/records.js';
import { panel } from '../support/run-cli.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';
import { expectEvery } from '../support/expect-every.js';

const seedQuotes = [...(await seedReviews(ROOT)).values()].map((r) => r.quote);

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace({ withSeedRuns: true });
});
afterEach(() => ws.remove());

const compare = (...args: string[]) => panel(['compare', 'smolvlm2', 'karpathy-skills', ...args], { cwd: ws.dir });

describe('panel compare smolvlm2 karpathy-skills (golden, from the shipped runs)', () => {
  it('carries the seed page in Markdown, HTML and JSON alike', async () => {
    const md = await compare();
    const html = await compare('--format', 'html');
    const json = await compare('--json');
    for (const r of [md, html, json]) expect(r).toMatchObject({ code: 0, stderr: '' });

    const page = comparisonPageSchema.parse(JSON.parse(json.stdout));
    const texts = { md: md.stdout, html: visibleText(html.stdout), json: JSON.stringify(page) };
    for (const [format, text] of Object.entries(texts)) {
      const count = (s: string) => text.split(s).length - 1;
      expect(text, format).toContain('SmolVLM2 vs Karpathy Skills');
      expect(text, format).toContain('Which one should you ship with?');
      expect(text, format).toContain('100%');
      expect(text, format).toContain('75%');
      expect(text, format).toContain('Developer Tools');
      expect(text, format).toContain('Open-source 2B vision-language model that punches above its weight class');
      expect(text, format).toContain('One CLAUDE.md file that actually makes Claude Code behave');
      for (const quote of seedQuotes) expect(text, format).toContain(quote);
      expect(count('Free'), format).toBeGreaterThanOrEqual(2);
      expect(text, format).toContain(page.verdict.text);
      expect(text, format).toContain(page.pricing.read);
      expect(text, format).toContain(page.community.read);
    }
    expect(page.tools.map((t) => [t.score.display, t.community.display, t.tool.pricing.entry])).toEqual([
      ['100%', '—', 'Free'],
      ['75%', '—', 'Free'],
    ]);
    expect(md.stdout).toMatch(/\| 100% \| — \| Free \|/);
    expect(md.stdout).toMatch(/\| 75% \| — \| Free \|/);
    expect(page.verdict).toMatchObject({ outcome: 'winner', winner: 'smolvlm2', margin: 25 });
  });

  it('lists the scorecard persona by persona, as the published page does', async () => {
    const page = comparisonPageSchema.parse(JSON.parse((await compare('--json')).stdout));
    expect(page.scorecard.map((r) => r.quote)).toEqual(seedQuotes);
    expect(page.scorecard.map((r) => `${r.slug}/${r.persona}:${r.verdict}`)).toEqual([
      'smolvlm2/builder:ship',
      'karpathy-skills/builder:ship',
      'smolvlm2/skeptic:ship',
      'karpathy-skills/skeptic:skip',
      'smolvlm2/futurist:ship',
      'karpathy-skills/futurist:ship',
      'smolvlm2/buyer:ship',
      'karpathy-skills/creator:ship',
    ]);
  });

  it('shows personas that sat on only one panel as such in the split', async () => {
    const md = (await compare()).stdout;
    expect(md).toContain('| The Buyer | Ship | Not on this panel |');
    expect(md).toContain('| The Creator | Not on this panel | Ship |');
    expect(md).toContain('| The Skeptic | Ship | Skip |');
  });

  it('writes --out atomically and says where; --fragment has no <html> and scoped styles', async () => {
    const result = await compare('--format', 'html', '--fragment', '--out', 'page.html');
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe('panel: wrote page.html\n');
    const fragment = await readFile(join(ws.dir, 'page.html'), 'utf8');
    expect(fragment).toMatch(/^<section class="panel-page">/);
    expect(fragment).not.toMatch(/<(html|head|body)[\s>]/);
    const rules = fragment
      .match(/<style>([\s\S]*?)<\/style>/)![1]!
      .split('}')
      .map((r) => r.trim())
      .filter((r) => r && !r.startsWith('@media'));
    for (const rule of rules) expectEvery(rule.split('{')[0]!.split(','), (sel) => sel.trim().startsWith('.panel-page'));
  });

  it('pins what gets published: a runId in place of a tool', async () => {
    const result = await panel(['compare', '2026-11-01T00-00-00.000Z-seedsmolvlm2', 'karpathy-skills', '--json'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).tools.map((t: { run: { runId: string } }) => t.run.runId)).toEqual(['2026-11-01T00-00-00.000Z-seedsmolvlm2', '2026-11-01T00-00-00.000Z-seedkarpathyskills']);
    const byPath = await panel(['compare', 'runs/smolvlm2/2026-11-01T00-00-00.000Z-seedsmolvlm2.json', 'karpathy-skills', '--json'], { cwd: ws.dir });
    expect(JSON.parse(byPath.stdout).title).toBe('SmolVLM2 vs Karpathy Skills');
  });

  it('says clearly when a tool has no run, or is unknown', async () => {
    expect(await panel(['compare', 'smolvlm2', 'ollama'], { cwd: ws.dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ollama has no recorded run yet. Run `panel review ollama` first.'),
    });
    expect((await panel(['compare', 'smolvlm', 'ollama'], { cwd: ws.dir })).stderr).toMatch(/Unknown tool or run `smolvlm` \(did you mean `smolvlm2`\?\)/);
    expect((await panel(['compare', 'smolvlm2', '--fragment'], { cwd: ws.dir })).code).toBe(2);
  });

  it("takes community votes from today's tool file", async () => {
    const file = join(ws.catalog, 'smolvlm2.yaml');
    await ws.write('fixtures/tools/smolvlm2.yaml', `${await readFile(file, 'utf8')}community: { ship: 8, skip: 2 }\n`);
    const page = JSON.parse((await compare('--json')).stdout);
    expect(page.tools[0].community).toMatchObject({ percent: 80, votes: 10, display: '80% ship (10 votes)' });
    expect(page.community.read).toBe('Readers rate SmolVLM2 80% ship (10 votes); Karpathy Skills has no votes yet.');
  });
});

describe('the comparison page model', () => {
  const smol = seedRecord('smolvlm2');
  const karpathy = seedRecord('karpathy-skills');

  it('says a tie is a tie', () => {
    const flipped = withReviews(smol, (r) => (r.persona === 'skeptic' ? { ...r, review: { ...r.review!, verdict: 'skip' } } : r));
    const page = buildComparison(buildPanel(flipped), buildPanel(karpathy));
    expect(page.verdict).toMatchObject({ outcome: 'tie', winner: null, margin: 0 });
    expect(page.verdict.text).toMatch(/^A tie: both panels ship, SmolVLM2 at 75% \(3 of 4\) and Karpathy Skills at 75% \(3 of 4\)\./);
  });

  it('leaves out a head-to-head in which no persona picked: it neither shows nor decides the verdict', () => {
    const failedPick = (persona: string) => ({ persona, personaName: persona, pick: null, status: 'failed' as const, quote: null, model: 'claude-haiku-5-5' });
    const nobody = {
      runId: 'r',
      results: ['builder', 'skeptic'].map(failedPick),
      counts: { smolvlm2: 0, 'karpathy-skills': 0 },
      positionDependent: 0,
      tally: '0 of 0 personas pick SmolVLM2 and 0 pick Karpathy Skills',
      winner: null,
    };
    const flipped = withReviews(karpathy, (r) => (r.persona === 'skeptic' ? { ...r, review: { ...r.review!, verdict: 'ship' } } : r));
    const page = buildComparison(buildPanel(smol), buildPanel(flipped), nobody);
    expect(page.headToHead).toBeNull();
    expect(page.verdict.text).not.toMatch(/0 of 0|Head to head/);
    expect(page.verdict).toEqual(buildComparison(buildPanel(smol), buildPanel(flipped)).verdict);
  });

  it('excludes a failed persona from the score and shows it as failed', () => {
    const oneFailed = withReviews(karpathy, (r) => (r.persona === 'futurist' ? failed(r) : r));
    const page = buildComparison(buildPanel(smol), buildPanel(oneFailed));
    expect(page.tools[1].score).toMatchObject({ ship: 2, skip: 1, valid: 3, percent: 67, failed: ['futurist'], complete: true });
    expect(page.split.find((s) => s.persona === 'futurist')!.cells[1]).toEqual({ status: 'failed', quote: null });
    const md = renderPage(page, 'md');
    expect(md).toContain('| The Futurist | Ship | Failed |');
    expect(md).toContain('### The Futurist on Karpathy Skills: Failed');
    expect(md).toContain('2 ship, 1 skip, 1 failed');
  });

  it('says an incomplete panel is incomplete instead of naming a winner', () => {
    const twoFailed = withReviews(karpathy, (r) => (['futurist', 'creator'].includes(r.persona) ? failed(r) : r));
    const page = buildComparison(buildPanel(smol), buildPanel(twoFailed));
    expect(page.verdict).toMatchObject({ outcome: 'incomplete', winner: null, margin: null });
    expect(page.verdict.text).toContain("Karpathy Skills's panel has only 2 valid reviews");
    expect(renderPage(page, 'md')).toContain('**Incomplete panel: 2 valid reviews; at least 3 are needed.**');
  });

  it('shows "—" for a tool with no community votes and the share with the count when there are some', () => {
    const voted = buildPanel(karpathy, { ship: 1, skip: 2 });
    const page = buildComparison(buildPanel(smol, { ship: 0, skip: 0 }), voted);
    expect(page.tools.map((t) => t.community.display)).toEqual(['—', '33% ship (3 votes)']);
  });

  it('reads prices without a model call', () => {
    const paid = { ...karpathy, tool: { ...karpathy.tool, pricing: { entry: '$20/mo' } } };
    expect(buildComparison(buildPanel(smol), buildPanel(paid)).pricing.read).toBe('SmolVLM2 is free to start; Karpathy Skills starts at $20/mo.');
  });
});

describe('hostile text renders inert in every format', () => {
  const script = '<script>alert("quote")</script>';
  const img = '"><img src=x onerror=alert(1)>';
  const record = seedRecord('smolvlm2');
  const hostile = withReviews(record, (r) => (r.persona === 'builder' ? { ...r, review: { verdict: 'ship', quote: `Fine ${script} and ${img}` } } : r), {
    tool: { ...record.tool, name: `Smol${img}`, description: `Great. ${script} <iframe src="https://evil.example">` },
  });
  const page = buildComparison(buildPanel(hostile), buildPanel(seedRecord('karpathy-skills')));

  it('HTML: no tag from the text survives, and the reader sees the text', () => {
    const html = renderPage(page, 'html');
    expect(html).not.toMatch(/<script|<img|<iframe|onerror=alert\(1\)>/i);
    expect(visibleText(html)).toContain(`Fine ${script} and ${img}`);
    // A description's HTML is rendered as what a reader would see: the tags go, the text stays.
    expect(visibleText(html)).toContain('Great.');
    expect(visibleText(html)).not.toContain('<iframe');
    expect(renderPage(page, 'html', { fragment: true })).not.toMatch(/<script|<img|<iframe/i);
  });

  it('Markdown: angle brackets become entities, so raw-HTML Markdown renderers show them as text', () => {
    const md = renderPage(page, 'md');
    expect(md).not.toMatch(/<script|<img|<iframe/i);
    expect(md).toContain('&lt;script&gt;alert("quote")&lt;/script&gt;');
  });

  it('JSON: the data survives a round trip, with no raw "<" to break out of a <script> block', () => {
    const json = renderPage(page, 'json');
    expect(json).not.toContain('<');
    const parsed = comparisonPageSchema.parse(JSON.parse(json));
    expect(parsed.scorecard[0]!.quote).toBe(`Fine ${script} and ${img}`);
  });
});

describe('panel show', () => {
  it('renders the latest run of a tool without a call, in each format', async () => {
    const text = await panel(['show', 'karpathy-skills'], { cwd: ws.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Panel ship 75% (3 ship, 1 skip)');
    const html = await panel(['show', 'karpathy-skills', '--format', 'html'], { cwd: ws.dir });
    expect(visibleText(html.stdout)).toContain("It's a text file.");
    const json = JSON.parse((await panel(['show', 'smolvlm2', '--json'], { cwd: ws.dir })).stdout);
    expect(json).toMatchObject({ kind: 'tool', title: 'SmolVLM2', panel: { score: { percent: 100 } } });
  });

  it('renders a run given by path', async () => {
    const store = new RunStore(ws.runs, ws.dir);
    const [id] = await store.runIds('smolvlm2');
    const result = await panel(['show', `runs/smolvlm2/${id}.json`, '--format', 'md'], { cwd: ws.dir });
    expect(result.stdout).toMatch(/^# SmolVLM2\n/);
  });
});
