/**
 * The claim check, the third kind of call, against the loopback server: one
 * checker request per tool after the reviews; a contradicted claim holds the
 * run from publish and puts the tool first in the queue until an editor
 * decides; a quote carried over keeps its check; the guard keeps a checker
 * off its maker's tool; the spend line counts the checker.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { anthropicToolUse, personaOf, scriptedReviewer, successBody, type ReceivedRequest } from '../support/llm-server.js';
import { panel } from '../support/run-cli.js';

const h = useHarness({ config: 'catalog: fixtures/tools\ngrounding: on\n' });
const run = (argv: string[]) => panel(argv, { cwd: h.ws.dir, env: h.anthropicEnv() });

const isCheck = (r: ReceivedRequest) => JSON.stringify(r.body).includes('The quotes to check');
/** The personas a check request asks about, from its prompt. */
const askedAbout = (r: ReceivedRequest) => [...JSON.stringify(r.body).matchAll(/Persona (\w+):/g)].map((m) => m[1]!);

/** Reviews as the scripted reviewer gives them; the checker finds the builder's claim contradicted, everyone else's supported. */
function responder(contradict: string | null = 'builder') {
  const review = scriptedReviewer();
  return (request: ReceivedRequest, index: number) => {
    if (!isCheck(request)) return review(request, index);
    const quotes = askedAbout(request).map((persona) => ({
      persona,
      claims:
        persona === contradict
          ? [{ claim: 'It runs on a 16GB consumer GPU', status: 'contradicted', evidence: 'needs 24GB of GPU memory' }]
          : [
              { claim: 'It is open source', status: 'supported', evidence: 'an open-source model' },
              { claim: 'It has 5,000 stars', status: 'not_in_material', evidence: '' },
            ],
    }));
    return { body: successBody(request, { quotes }) };
  };
}

describe('the claim check', () => {
  it('asks once per tool after its reviews, holds a contradicted quote from publish, and puts it first in the queue', async () => {
    h.server.respond = responder();
    const reviewed = await run(['review', 'moondream2']);
    expect(reviewed.code).toBe(0);
    expect(h.server.requests.filter(isCheck)).toHaveLength(1);
    expect(h.server.requests.filter((r) => !isCheck(r))).toHaveLength(5);
    expect(askedAbout(h.server.requests.find(isCheck)!)).toEqual(['builder', 'skeptic', 'futurist', 'buyer', 'creator']);
    const checks = await readdir(join(h.ws.runs, '.checks', 'moondream2'));
    expect(checks.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(reviewed.stdout).toContain('Claims: 0 supported, 0 not in the material, 1 contradicted: “It runs on a 16GB consumer GPU” against “needs 24GB of GPU memory”.');
    expect(reviewed.stdout).toContain('Claims: 1 supported, 1 not in the material.');
    // The spend line counts the checker: six answers of 900 input tokens each.
    expect(reviewed.stderr).toMatch(/spent: 5,400 input/);

    const json = JSON.parse((await run(['show', 'moondream2', '--json'])).stdout);
    const builder = json.panel.reviews.find((r: { persona: string }) => r.persona === 'builder');
    expect(builder.checks.claims).toEqual([{ claim: 'It runs on a 16GB consumer GPU', status: 'contradicted', evidence: 'needs 24GB of GPU memory' }]);

    const published = await run(['publish', '--out', 'site']);
    expect(existsSync(join(h.ws.dir, 'site/tools/moondream2.html'))).toBe(false);
    expect(published.stderr + published.stdout).toMatch(
      /moondream2: a quote contradicts the tool's material \(builder says “It runs on a 16GB consumer GPU”, the material “needs 24GB of GPU memory”\); nothing is published for it until an editor approves the run, edits the quote or rejects the persona/,
    );
    expect(published.stderr + published.stdout).not.toMatch(/moondream2: no approved complete run/);

    const queue = JSON.parse((await run(['queue', '--json'])).stdout) as { queue: { slug: string; flags: { kind: string; text: string }[] }[] };
    expect(queue.queue[0]!.slug).toBe('moondream2');
    expect(queue.queue[0]!.flags[0]).toEqual({ kind: 'contradicted', persona: 'builder', text: 'builder claims “It runs on a 16GB consumer GPU”; the material says “needs 24GB of GPU memory”' });

    // The editor approves the run anyway: it publishes, its page saying nothing of the checks.
    expect((await run(['approve', 'moondream2', '--editor', 'Ada'])).code).toBe(0);
    await run(['publish', '--out', 'site']);
    const page = await readFile(join(h.ws.dir, 'site/tools/moondream2.html'), 'utf8');
    expect(page).not.toMatch(/Claims:|Figures:/);
  });

  it('counts the checker in the dry run and under --max-cost', async () => {
    h.server.respond = responder(null);
    const dry = await run(['regen', 'moondream2', '--dry-run']);
    expect(dry.stdout).toMatch(/Would make 6 calls: 5 reviews for 1 tool and 1 claim check; 0 current/);
    const json = JSON.parse((await run(['regen', 'moondream2', '--dry-run', '--json'])).stdout);
    expect(json).toMatchObject({ calls: 6, reviews: 5, checks: 1, picks: 0 });
    // Worked from models.yaml ($0.10 and $0.50 per million tokens): each review here reports 6,000 input and 800 output
    // tokens, $0.001. One at a time, a review reserves twice its estimate (about $0.00064), so the fifth starts at
    // $0.004 spent + $0.00064 ≤ $0.005; the check then needs twice its estimate (about $0.0005) on top of $0.005 spent.
    // So a budget of $0.005 admits every review and not the check: it is not sent, and the quotes wait for the next regen.
    h.server.respond = (request: ReceivedRequest, index: number) =>
      isCheck(request)
        ? responder(null)(request, index)
        : {
            body: anthropicToolUse(
              request.body,
              { verdict: 'ship', quote: `As the ${personaOf(request.body)}, a verdict with concrete facts.` },
              { usage: { input_tokens: 6000, output_tokens: 800, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
            ),
          };
    const capped = await run(['regen', 'moondream2', '--max-cost', '0.005', '--concurrency', '1']);
    expect(h.server.requests.filter((r) => !isCheck(r))).toHaveLength(5);
    expect(h.server.requests.filter(isCheck)).toHaveLength(0);
    expect(capped.stdout + capped.stderr).toMatch(/--max-cost budget of \$0\.005\d* would be exceeded/);
    h.server.requests.length = 0;
    const next = await run(['regen', 'moondream2']);
    expect(next.code).toBe(0);
    expect(h.server.requests.filter(isCheck).map(askedAbout)).toEqual([['builder', 'skeptic', 'futurist', 'buyer', 'creator']]);
    // Nothing to re-review, but a call was made: the report says so, not "No calls made".
    expect(next.stdout).toMatch(/Nothing to re-review: all 1 tool is current\. 1 claim check of quotes no check had read\. Spent: /);
  });

  it('publishes a run whose claims are supported or not in the material', async () => {
    h.server.respond = responder(null);
    expect((await run(['review', 'moondream2'])).code).toBe(0);
    await run(['publish', '--out', 'site']);
    expect(existsSync(join(h.ws.dir, 'site/tools/moondream2.html'))).toBe(true);
    expect(await readFile(join(h.ws.dir, 'site/tools/moondream2.html'), 'utf8')).not.toContain('Checked against');
    // With site.show_checks, each quote says how its claims fared, and nothing more.
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\ngrounding: on\nsite:\n  show_checks: true\n');
    await run(['publish', '--out', 'site']);
    const page = await readFile(join(h.ws.dir, 'site/tools/moondream2.html'), 'utf8');
    expect(page.match(/Checked against the vendor&#39;s material: 2 claims, 1 supported, 1 not in the material\./g)).toHaveLength(5);
    expect(page).not.toMatch(/Figures:|Claims:/);
  });

  it('panel stats gives each persona its claims a quote, the share supported and the share contradicted, with n', async () => {
    h.server.respond = responder('builder');
    for (const slug of ['moondream2', 'paligemma-2', 'qwen2-vl-2b']) expect((await run(['review', slug])).code).toBe(0);
    const stats = JSON.parse((await run(['stats', '--json'])).stdout);
    // Worked by hand: three tools; the builder's quote has one contradicted claim each, every other quote two claims, one supported.
    expect(stats.claims.builder).toEqual({ quotes: 3, claims: 3, perQuote: 1, supported: 0, contradicted: 1 });
    expect(stats.claims.skeptic).toEqual({ quotes: 3, claims: 6, perQuote: 2, supported: 0.5, contradicted: 0 });
    expect((await run(['stats'])).stdout).toMatch(/builder\s+1\.0 \(n=3\)\s+0% of 3\s+100% of 3/);
  });

  it('after one persona changes, regen checks only the new quote; a carried quote keeps its check', async () => {
    h.server.respond = responder(null);
    expect((await run(['review', 'moondream2'])).code).toBe(0);
    h.server.requests.length = 0;
    const file = join(h.ws.personas, 'futurist.md');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, `${await readFile(file, 'utf8')}\nWeigh the roadmap.\n`);
    h.server.respond = (request: ReceivedRequest, index: number) =>
      isCheck(request) ? responder(null)(request, index) : scriptedReviewer(() => ({ verdict: 'ship', quote: `As the ${personaOf(request.body)}, a new take with concrete facts.` }))(request, index);
    const regen = await run(['regen', 'moondream2']);
    expect(regen.code).toBe(0);
    expect(regen.stdout).toMatch(/1 review for 1 tool and 1 claim check; 0 current\./);
    expect(h.server.requests.filter((r) => !isCheck(r)).map((r) => personaOf(r.body))).toEqual(['futurist']);
    expect(h.server.requests.filter(isCheck).map(askedAbout)).toEqual([['futurist']]);
    h.server.requests.length = 0;
    expect((await run(['regen', 'moondream2'])).code).toBe(0);
    expect(h.server.requests).toHaveLength(0);
    const json = JSON.parse((await run(['show', 'moondream2', '--json'])).stdout);
    for (const r of json.panel.reviews) expect(r.checks.claims).toHaveLength(2);
  });

  it('keeps the checker off a tool its maker made (the self-preference guard), and grounding: off asks no checker', async () => {
    h.server.respond = responder();
    await h.ws.write(
      'fixtures/tools/claude-tool.yaml',
      'name: Claude Tool\ncategory: Developer Tools\ntagline: A tool by Anthropic\npricing: { entry: Free }\nmaker: Anthropic\ndescription: A developer tool made by Anthropic, with a CLI.\npanel: [skeptic, buyer, creator]\n',
    );
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\ngrounding: on\nguard: off\nchecker: anthropic/claude-haiku-5-5\n');
    // With the guard off the checker reads it; on, it does not (the personas are kept on by guard: off for the reviews).
    const on = await run(['review', 'claude-tool']);
    expect(on.code).toBe(0);
    expect(h.server.requests.filter(isCheck)).toHaveLength(1);
    h.server.requests.length = 0;
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\ngrounding: on\nfallback: openai/gpt-5.4-mini\nchecker: anthropic/claude-haiku-5-5\n');
    // New words, so the quotes have no check yet (a quote already checked keeps its check).
    h.server.respond = (request: ReceivedRequest, index: number) =>
      isCheck(request) ? responder()(request, index) : scriptedReviewer(() => ({ verdict: 'ship', quote: `As the ${personaOf(request.body)}, a second take with concrete facts.` }))(request, index);
    const guarded = await panel(['review', 'claude-tool', '--provider', 'anthropic'], { cwd: h.ws.dir, env: { ...h.anthropicEnv(), ...h.openaiEnv() } });
    expect(guarded.code).toBe(0);
    const checks = h.server.requests.filter(isCheck);
    expect(checks).toHaveLength(1);
    expect(checks[0]!.api).toBe('openai'); // rerouted to the fallback, as a persona would be
    h.server.requests.length = 0;
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\ngrounding: off\n');
    expect((await run(['review', 'moondream2'])).code).toBe(0);
    expect(h.server.requests.filter(isCheck)).toHaveLength(0);
  });

  it('replays a checked run strictly with no call, its claims shown; a changed checker model is a miss that says what changed', async () => {
    h.server.respond = responder();
    expect((await run(['review', 'moondream2'])).code).toBe(0);
    h.server.requests.length = 0;
    const replayed = await run(['review', 'moondream2', '--provider', 'replay']);
    expect(replayed.code).toBe(0);
    expect(h.server.requests).toHaveLength(0);
    expect(replayed.stdout).toContain('Claims: 0 supported, 0 not in the material, 1 contradicted: “It runs on a 16GB consumer GPU” against “needs 24GB of GPU memory”.');
    expect(replayed.stdout).toContain('Claims: 1 supported, 1 not in the material.');

    const missed = await run(['review', 'moondream2', '--provider', 'replay', '--checker', 'anthropic/claude-sonnet-5-5']);
    expect(missed.code).toBe(1);
    expect(h.server.requests).toHaveLength(0);
    expect(missed.stderr).toMatch(
      /moondream2: No recorded claim check of moondream2 answers the checker's request for the quotes of \S+: the checker's model \(claude-\S+ → claude-sonnet-5-5\) changed since \S+\. Run it live to record it\./,
    );
    // The reviews still replayed; the quotes show no claims, since no check answered.
    expect(missed.stdout).toContain('Panel ship');
    expect(missed.stdout).not.toContain('Claims:');
  });

  it("with grounding on, asks personas to keep the tool's claims apart from their own; turning it on re-reviews, saying why", async () => {
    const rule = "Keep the tool's claims and your own apart";
    h.server.respond = responder();
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\ngrounding: off\n');
    expect((await run(['review', 'moondream2'])).code).toBe(0);
    expect(h.server.requests).toHaveLength(5);
    for (const r of h.server.requests) expect(JSON.stringify(r.body)).not.toContain(rule);
    h.server.requests.length = 0;
    await h.ws.write('panel.config.yaml', 'catalog: fixtures/tools\ngrounding: on\n');
    const dry = await run(['regen', 'moondream2', '--dry-run']);
    expect(dry.stdout).toMatch(/moondream2.*shared rules changed/);
    expect((await run(['regen', 'moondream2'])).code).toBe(0);
    const reviews = h.server.requests.filter((r) => !isCheck(r));
    expect(reviews).toHaveLength(5);
    for (const r of reviews) expect(JSON.stringify(r.body)).toContain(rule);
  });

  it('sends claim checks in provider batches: the new quotes go in a batch of their own once the reviews are collected', async () => {
    h.server.respond = responder();
    const submitted = await run(['review', 'moondream2', '--batch']);
    expect(submitted.code).toBe(0);
    expect(submitted.stdout).toMatch(/Submitted 5 requests for 1 tool in 1 batch/);
    expect(submitted.stdout).toContain('The claim checks of the new quotes go in a batch of their own once the reviews are collected.');

    const collected = await run(['batch', 'collect']);
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(/wrote 1 run; 5 reviews ok, 0 failed\./);
    expect(collected.stdout).toMatch(/Submitted the claim checks of the new quotes: 1 request as \S+, saved in runs\/\.work\/batches\/\S+\.json; collect it once it ends\./);
    const batches = [...h.server.batches.values()];
    expect(batches.map((b) => b.requests.length)).toEqual([5, 1]);
    expect(JSON.stringify(batches[1]!.requests[0]!.params)).toContain('The quotes to check');
    expect(h.server.requests).toHaveLength(0); // nothing live

    const checked = await run(['batch', 'collect']);
    expect(checked.stdout).toMatch(/wrote 1 claim check\./);
    const [file] = await readdir(join(h.ws.runs, '.checks', 'moondream2'));
    const record = JSON.parse(await readFile(join(h.ws.runs, '.checks', 'moondream2', file!), 'utf8'));
    expect(record.status).toBe('ok');
    expect(record.quotes.map((q: { persona: string }) => q.persona)).toEqual(['builder', 'skeptic', 'futurist', 'buyer', 'creator']);
    const published = await run(['publish', '--out', 'site']);
    expect(published.stderr + published.stdout).toMatch(/moondream2: a quote contradicts the tool's material/);
    // The batch's check is the live one's: a strict replay answers it by request hash.
    const replayed = await run(['review', 'moondream2', '--provider', 'replay']);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('1 contradicted');

    // A tool with nothing to re-review whose quotes no check has read is checked in the next batch alone.
    const { rm } = await import('node:fs/promises');
    await rm(join(h.ws.runs, '.checks'), { recursive: true });
    const again = await run(['regen', 'moondream2', '--batch']);
    expect(again.stdout).toMatch(/Submitted 1 request \(1 claim check\) for 1 tool in 1 batch/);
    expect((await run(['batch', 'collect'])).stdout).toMatch(/wrote 1 claim check\./);
  });
});
