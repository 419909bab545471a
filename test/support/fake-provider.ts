/**
 * A Provider (our own interface) that answers from a script and records every
 * call it got. Answers are Anthropic response bodies, so the real wire format
 * reads them. `script` is a function of the call, or a list used in order.
 */
import { anthropicWire } from '../../src/providers/anthropic-wire.js';
import { ProviderCallError } from '../../src/providers/http-error.js';
import type { Call, Provider } from '../../src/providers/provider.js';
import type { Exchange } from '../../src/shapes/exchange.js';
import { hashOf } from '../../src/util/hash.js';
import { anthropicText, anthropicToolUse } from './llm-server.js';

export type FakeAnswer = { body: unknown } | { error: Error };

export function fakeProvider(script: ((call: Call) => FakeAnswer) | FakeAnswer[]): Provider & { calls: Call[]; requests: Record<string, unknown>[] } {
  const calls: Call[] = [];
  const requests: Record<string, unknown>[] = [];
  const self = {
    name: 'anthropic' as const,
    wire: anthropicWire,
    calls,
    requests,
    complete(call: Call): Promise<Exchange> {
      // Like a live provider: the attempt takes a throttle slot, and a stopped run sends nothing.
      return call.throttle ? call.throttle.run(() => answer(call)) : answer(call);
    },
  };

  async function answer(call: Call): Promise<Exchange> {
    if (call.signal?.aborted) throw new ProviderCallError('the call was cancelled', { kind: 'cancelled' });
    const scripted = Array.isArray(script) ? script[calls.length] : script(call);
    calls.push(call);
    const request = anthropicWire.buildRequest(call.prompt, call.params, call.repair);
    requests.push(request);
    if (!scripted) throw new Error(`the fake provider has no answer for call ${calls.length}`);
    if ('error' in scripted) throw scripted.error;
    return { request, requestHash: hashOf(request), response: { status: 200, headers: {}, body: scripted.body }, latencyMs: 5, attempts: 1 };
  }

  return self;
}

const MODEL = { model: 'claude-haiku-5-5' };

export function toolUse(input: unknown, options: { stopReason?: string; text?: string } = {}) {
  const usage = { input_tokens: 1000, output_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  return { body: anthropicToolUse(MODEL, input, { ...options, usage, id: 'toolu_fake' }) };
}

export function textAnswer(text: string, stopReason = 'end_turn') {
  return { body: anthropicText(MODEL, text, stopReason, { input_tokens: 1000, output_tokens: 50 }) };
}
