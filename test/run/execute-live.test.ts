import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadTool } from '../../src/catalog/catalog.js';
import { loadPersonas } from '../../src/personas/persona.js';
import { askPanel } from '../../src/run/kinds/ask-panel.js';
import { Scheduler } from '../../src/run/ask/scheduler.js';
import type { Persona } from '../../src/personas/persona.js';
import type { CallParams } from '../../src/providers/wire.js';
import { ProviderCallError } from '../../src/providers/http-error.js';
import { scorePanel } from '../../src/aggregate/score.js';
import type { Call } from '../../src/providers/provider.js';
import { fakeProvider, textAnswer, toolUse, type FakeAnswer } from '../support/fake-provider.js';
import { ROOT } from '../support/workspace.js';
import { expectEvery } from '../support/expect-every.js';
import { plannedCall } from '../../src/run/plan/plan.js';

const personas = await loadPersonas(join(ROOT, 'personas'), ROOT);
const tool = await loadTool(
  'smolvlm2',
  join(ROOT, 'fixtures/tools'),
  ROOT,
  personas.map((p) => p.id),
);
const panelOf4 = personas.filter((p) => tool.panel!.includes(p.id));
/** Each persona asked with the same parameters. */
const callsOf = (list: readonly Persona[], params: CallParams) =>
  list.map((persona) => plannedCall(tool, persona, { provider: 'anthropic', api: 'anthropic', model: params.model }, params, ['asked']));
const quote = 'Apache 2.0 and 2B params that run on a 16GB consumer GPU: a real on-device option.';

function run(script: (call: Call) => FakeAnswer, concurrency = 5) {
  const provider = fakeProvider(script);
  const reviews = askPanel({
    tool,
    calls: callsOf(panelOf4, { model: 'claude-haiku-5-5', maxTokens: 1024 }),
    providers: new Map([['anthropic', provider]]),
    scheduler: new Scheduler(concurrency),
  });
  return { provider, reviews };
}

describe('askPanel', () => {
  it('reviews every persona in parallel, never more calls in flight than the cap, results in panel order', async () => {
    let inFlight = 0;
    let peak = 0;
    const provider = fakeProvider(() => toolUse({ verdict: 'ship', quote }));
    // A provider's HTTP attempt runs through the call's throttle, as the live ones do.
    const slow = {
      ...provider,
      complete: (call: Call) =>
        call.throttle!.run(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 20));
          inFlight--;
          return provider.complete({ ...call, throttle: undefined });
        }),
    };
    const reviews = await askPanel({
      tool,
      calls: callsOf(panelOf4, { model: 'm', maxTokens: 1024 }),
      providers: new Map([['anthropic', slow]]),
      scheduler: new Scheduler(2),
    });
    expect(peak).toBe(2);
    expect(reviews.map((r) => r.persona)).toEqual(['builder', 'skeptic', 'futurist', 'buyer']);
  });

  it("keeps going when one persona's call fails: the failure is a result, not a throw", async () => {
    const { reviews } = run((call) =>
      call.persona === 'skeptic' ? { error: new ProviderCallError('anthropic answered 500: boom', { status: 500, kind: 'fail' }) } : toolUse({ verdict: 'ship', quote }),
    );
    const done = await reviews;
    expect(done.map((r) => r.status)).toEqual(['ok', 'failed', 'ok', 'ok']);
    expect(done[1]!.error).toMatchObject({ kind: 'provider', status: 500, message: expect.stringContaining('boom') });
    expect(scorePanel(done)).toMatchObject({ ship: 3, skip: 0, percent: 100, failed: ['skeptic'], complete: true });
  });

  it('re-asks once with what was wrong, answering the tool call with an error tool_result', async () => {
    const { provider, reviews } = run((call) => (call.repair ? toolUse({ verdict: 'skip', quote }) : toolUse({ verdict: 'maybe', quote: '' })));
    const done = await reviews;
    expectEvery(done, (r) => r.status === 'ok' && r.review!.verdict === 'skip' && r.exchanges.length === 2);
    const reask = provider.requests.find((r) => (r['messages'] as unknown[]).length === 3)!;
    const [, assistant, user] = reask['messages'] as { role: string; content: { type: string; tool_use_id?: string; is_error?: boolean; content?: string }[] }[];
    expect(assistant!.role).toBe('assistant');
    expect(user!.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_fake', is_error: true });
    expect(user!.content[0]!.content).toMatch(/verdict.*quote|quote.*verdict/s);
  });

  it('records a persona that fails twice as failed, with the raw text kept, never a guess', async () => {
    const { reviews } = run(() => textAnswer('I think it is pretty good overall, ship.'));
    const done = await reviews;
    expectEvery(done, (r) => r.status === 'failed' && r.review === undefined);
    expect(done[0]!.error).toMatchObject({ kind: 'not_json', raw: 'I think it is pretty good overall, ship.' });
    expect(done[0]!.error!.message).toMatch(/still wrong after one re-ask/);
    expect(done[0]!.exchanges).toHaveLength(2);
    expect(scorePanel(done)).toMatchObject({ valid: 0, percent: null, complete: false });
  });

  it('re-asks a truncated answer (stop_reason max_tokens) asking for a shorter quote', async () => {
    const { provider, reviews } = run((call) => (call.repair ? toolUse({ verdict: 'ship', quote }) : toolUse({ verdict: 'ship' }, { stopReason: 'max_tokens' })));
    const done = await reviews;
    expectEvery(done, (r) => r.status === 'ok');
    expectEvery(
      provider.calls.filter((c) => c.repair),
      (c) => /cut off/.test(c.repair!.message),
    );
  });

  it('uses the tool call even when a text block comes before it', async () => {
    const { reviews } = run(() => toolUse({ verdict: 'ship', quote }, { text: 'Let me submit my review.' }));
    expectEvery(await reviews, (r) => r.status === 'ok' && r.exchanges.length === 1);
  });

  it('sums usage over the exchanges of a review', async () => {
    const { reviews } = run((call) => (call.repair ? toolUse({ verdict: 'ship', quote }) : textAnswer('')));
    expect((await reviews)[0]!.usage).toEqual({ inputTokens: 2000, outputTokens: 150, cacheWriteTokens: 0, cacheReadTokens: 0 });
  });

  it('stops calls not yet started after a fatal error (bad key), marking them not attempted', async () => {
    const { provider, reviews } = run(() => ({ error: new ProviderCallError('anthropic rejected the credentials (401). Check ANTHROPIC_API_KEY.', { status: 401, kind: 'fatal' }) }), 1);
    const done = await reviews;
    expect(provider.calls).toHaveLength(1);
    expect(done.map((r) => r.error!.kind)).toEqual(['provider_fatal', 'not_attempted', 'not_attempted', 'not_attempted']);
  });
});

describe('a third-party provider', () => {
  it('that throws a plain Error gives a failed persona, and the rest of the panel goes on', async () => {
    const { reviews } = run((call) => {
      if (call.persona === 'futurist') throw new TypeError('socket hang up in my custom client');
      return toolUse({ verdict: 'ship', quote });
    });
    const done = await reviews;
    expect(done.map((r) => r.status)).toEqual(['ok', 'ok', 'failed', 'ok']);
    expect(done[2]!.error).toMatchObject({ kind: 'error', message: 'the provider threw TypeError: socket hang up in my custom client' });
  });
});

describe('scorePanel', () => {
  const r = (persona: string, verdict?: 'ship' | 'skip') => (verdict ? { persona, status: 'ok' as const, review: { verdict, quote } } : { persona, status: 'failed' as const });

  it("gives the seed's figures: 4 of 4 is 100%, 3 of 4 is 75%", () => {
    expect(scorePanel([r('a', 'ship'), r('b', 'ship'), r('c', 'ship'), r('d', 'ship')]).percent).toBe(100);
    expect(scorePanel([r('a', 'ship'), r('b', 'skip'), r('c', 'ship'), r('d', 'ship')]).percent).toBe(75);
  });

  it('rounds to a whole percent and excludes failures; under 3 valid is incomplete', () => {
    expect(scorePanel([r('a', 'ship'), r('b', 'skip'), r('c', 'skip')])).toMatchObject({ percent: 33, complete: true });
    expect(scorePanel([r('a', 'ship'), r('b', 'skip'), r('c')])).toMatchObject({ percent: 50, complete: false, failed: ['c'] });
  });
});
