/**
 * The editor's desk from the command line: decisions written to the tool's
 * decisions file, and what they change (the pages, publish with approval
 * required, regen after a rejection); every refusal names what is wrong.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { personaOf } from '../support/llm-server.js';
import { panel } from '../support/run-cli.js';

const h = useHarness({ seedRuns: true });
const APPROVAL = 'catalog: fixtures/tools\napproval: required\ncomparisons: [[smolvlm2, karpathy-skills]]\n';
const ADA = ['--editor', 'Ada Editor'];
const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });

async function decisions(slug: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(h.ws.runs, slug, 'decisions.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('approve and publish with approval: required', () => {
  it('publishes only approved runs, lists what waits, and keeps the approved run when a newer one waits', async () => {
    await h.ws.write('panel.config.yaml', APPROVAL);
    const before = await run(['publish', '--out', 'site']);
    expect(before.code).toBe(0);
    expect(existsSync(join(h.ws.dir, 'site/tools/smolvlm2.html'))).toBe(false);
    expect(before.stdout + before.stderr).toMatch(/smolvlm2: 1 run waits for approval/);
    expect(before.stdout + before.stderr).toMatch(/comparison smolvlm2 vs karpathy-skills: smolvlm2 has no complete run/);

    const approved = await run(['approve', 'smolvlm2', ...ADA]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/^Ada Editor approved smolvlm2 run 2026-11-01T00-00-00\.000Z-seedsmolvlm2 for publication: decision d-\S+, in runs\/smolvlm2\/decisions\.jsonl\.$/m);
    expect(await decisions('smolvlm2')).toEqual([expect.objectContaining({ action: 'approve', editor: 'Ada Editor', run: '2026-11-01T00-00-00.000Z-seedsmolvlm2' })]);
    expect((await run(['approve', 'smolvlm2', ...ADA])).stdout).toMatch(/already approved\. Nothing was written/);
    expect(await decisions('smolvlm2')).toHaveLength(1);

    // A newer run with the skeptic against: it waits; the approved verdict stays published.
    h.server.respond = (await import('../support/llm-server.js')).scriptedReviewer((r) => ({
      verdict: personaOf(r.body) === 'skeptic' ? 'skip' : 'ship',
      quote: 'A newer take with concrete facts about the tool.',
    }));
    expect((await run(['regen', 'smolvlm2', '--force'])).code).toBe(0);
    const after = await run(['publish', '--out', 'site']);
    expect(after.stdout + after.stderr).toMatch(/smolvlm2: 1 run waits for approval \(`panel queue`\); its last approved verdict is published/);
    const page = await readFile(join(h.ws.dir, 'site/tools/smolvlm2.html'), 'utf8');
    expect(page).toMatch(/Panel ship<\/dt><dd class="big">100%/);
    expect(page).not.toContain('A newer take');

    const queue = JSON.parse((await run(['queue', '--json'])).stdout) as { queue: { slug: string; flags: { kind: string; text: string }[] }[] };
    const item = queue.queue.find((q) => q.slug === 'smolvlm2')!;
    expect(item.flags.map((f) => f.text)).toContain('skeptic flipped: ship → skip');
  });

  it('retracting the approval holds the tool back again', async () => {
    await h.ws.write('panel.config.yaml', APPROVAL);
    await run(['approve', 'smolvlm2', ...ADA]);
    const [approval] = await decisions('smolvlm2');
    const retracted = await run(['retract', String(approval!['id']), ...ADA, '--reason', 'approved by mistake']);
    expect(retracted.code).toBe(0);
    const out = await run(['publish', '--out', 'site']);
    expect(existsSync(join(h.ws.dir, 'site/tools/smolvlm2.html'))).toBe(false);
    expect(out.stdout + out.stderr).toMatch(/smolvlm2: 1 run waits for approval/);
  });

  it('panel init writes approval: required', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'panel-init-'));
    expect((await panel(['init'], { cwd: dir })).code).toBe(0);
    expect(await readFile(join(dir, 'panel.config.yaml'), 'utf8')).toMatch(/^approval: required/m);
  });
});

describe('corrections on the page', () => {
  it('an override counts in the score and is said beside the quote; the record keeps the persona’s own verdict', async () => {
    const record = await readFile(join(h.ws.runs, 'smolvlm2/2026-11-01T00-00-00.000Z-seedsmolvlm2.json'), 'utf8');
    const done = await run(['override', 'smolvlm2', 'skeptic', 'skip', ...ADA, '--reason', 'The 16GB figure is not in the vendor material.']);
    expect(done.code).toBe(0);
    const html = (await run(['show', 'smolvlm2', '--format', 'html'])).stdout;
    expect(html).toMatch(/Panel ship<\/dt><dd class="big">75%/);
    expect(html).toContain('Verdict set by the editors: skip (the persona said ship). Reason: The 16GB figure is not in the vendor material.');
    const md = (await run(['show', 'smolvlm2', '--format', 'md'])).stdout;
    expect(md).toContain('*Verdict set by the editors: skip (the persona said ship). Reason: The 16GB figure is not in the vendor material.*');
    const json = JSON.parse((await run(['show', 'smolvlm2', '--format', 'json'])).stdout) as {
      panel: { score: { ship: number; skip: number }; reviews: { persona: string; verdict: string; editorial: unknown }[] };
    };
    expect(json.panel.score).toMatchObject({ ship: 3, skip: 1 });
    expect(json.panel.reviews.find((r) => r.persona === 'skeptic')).toMatchObject({ verdict: 'skip', editorial: { verdict: { set: 'skip', persona: 'ship' }, quote: null } });
    expect(await readFile(join(h.ws.runs, 'smolvlm2/2026-11-01T00-00-00.000Z-seedsmolvlm2.json'), 'utf8')).toBe(record);
  });

  it('an edited quote replaces the shown one and is marked as edited; the original stays in the record', async () => {
    await h.ws.write('quote.txt', 'A 2B model under Apache 2.0 that the vendor says runs on consumer hardware.\n');
    const done = await run(['edit', 'smolvlm2', 'builder', '--quote-file', 'quote.txt', ...ADA, '--reason', 'Removed a benchmark claim the material does not make.']);
    expect(done.code).toBe(0);
    const text = (await run(['show', 'smolvlm2'])).stdout;
    expect(text).toContain('“A 2B model under Apache 2.0 that the vendor says runs on consumer hardware.”');
    expect(text).toContain('Quote edited by the editors. Reason: Removed a benchmark claim the material does not make.');
    expect(text).toContain('Panel ship 100%');
    const record = await readFile(join(h.ws.runs, 'smolvlm2/2026-11-01T00-00-00.000Z-seedsmolvlm2.json'), 'utf8');
    expect(record).not.toContain('the vendor says runs on consumer hardware');
  });

  it('a rejected review makes the run incomplete, and regen asks that persona again and nothing else', async () => {
    expect((await run(['review', 'moondream2'])).code).toBe(0);
    expect(h.server.requests).toHaveLength(5);
    const done = await run(['reject', 'moondream2', 'builder', ...ADA, '--reason', 'It reviewed a different product.']);
    expect(done.stdout).toMatch(/rejected builder's review \(the next `panel regen moondream2` asks again\)/);
    h.server.requests.length = 0;
    const dry = await run(['regen', 'moondream2', '--dry-run']);
    expect(dry.stdout).toMatch(/builder.*rejected by the editors/);
    const regen = await run(['regen', 'moondream2']);
    expect(regen.code).toBe(0);
    expect(h.server.requests.map((r) => personaOf(r.body))).toEqual(['builder']);
    // The new run's builder review is new; the rejection was of the old one, so the tool is complete again.
    const show = await run(['show', 'moondream2', '--format', 'json']);
    expect(JSON.parse(show.stdout).panel.score.complete).toBe(true);
    h.server.requests.length = 0;
    await run(['regen', 'moondream2']);
    expect(h.server.requests).toHaveLength(0);
  });
});

describe('refusals', () => {
  it('names what does not exist or cannot be decided, exit 2, and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['approve', 'smolvml2'], /Unknown tool or run `smolvml2` \(did you mean `smolvlm2`\?\)/],
      [['override', 'smolvlm2', 'skeptik', 'skip', '--reason', 'x'], /Unknown persona `skeptik` \(did you mean `skeptic`\?\)\. The personas are builder, skeptic, futurist, buyer, creator\./],
      [['override', 'smolvlm2', 'creator', 'skip', '--reason', 'x'], /creator did not review smolvlm2 in run 2026-11-01T00-00-00\.000Z-seedsmolvlm2/],
      [['override', 'smolvlm2', 'skeptic', 'ship', '--reason', 'x'], /skeptic already says ship on smolvlm2; there is nothing to override/],
      [['override', 'smolvlm2', 'skeptic', 'skip'], /override needs --reason/],
      [['override', 'smolvlm2', 'skeptic', 'skip', '--reason', 'x', '--run', '2026-01-01T00-00-00.000Z-abcdef'], /smolvlm2 has no run `2026-01-01T00-00-00\.000Z-abcdef`/],
      [['edit', 'smolvlm2', 'builder', '--quote-file', 'missing.txt', '--reason', 'x'], /missing\.txt: no such file/],
      [['reject', 'nothere', 'builder', '--reason', 'x'], /Unknown tool `nothere`/],
      [['label', 'smolvlm2', 'maybe'], /panel label <tool> ship\|skip/],
      [['retract', 'd-nothing'], /No decision `d-nothing`/],
    ];
    for (const [argv, message] of cases) {
      const out = await run([...argv, ...ADA]);
      expect({ argv, code: out.code }).toEqual({ argv, code: 2 });
      expect(out.stderr).toMatch(message);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(h.ws.runs, 'smolvlm2/decisions.jsonl'))).toBe(false);
  });

  it('refuses to approve an incomplete run, and a decision nobody signs', async () => {
    h.server.respond = () => ({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'simulated outage' } } });
    await run(['regen', 'smolvlm2', '--force']);
    const out = await run(['approve', 'smolvlm2', ...ADA]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/smolvlm2's run \S+ is incomplete \(4 of 4 failed\), and only a complete run can be published/);
    const unsigned = await panel(['label', 'smolvlm2', 'ship'], { cwd: h.ws.dir, env: { ...h.anthropicEnv(), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toMatch(/Say who you are: every decision is signed/);
  });
});
