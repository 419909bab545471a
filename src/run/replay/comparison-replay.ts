import type { Call, Provider } from '../../providers/provider.js';
import { OUTPUT_MODES, openaiWire } from '../../providers/openai-wire.js';
import { WIRES } from '../../providers/wire-registry.js';
import type { ComparisonRecord } from '../../shapes/comparison-record.js';
import type { Exchange } from '../../shapes/exchange.js';
import { hashOf } from '../../util/hash.js';
import { ReplayMissError } from './replay-provider.js';

/** Answers head-to-head requests from recorded comparisons by the hash of the request body, newest recording first. */
export function createReplayProviderFor(records: readonly ComparisonRecord[], api: 'anthropic' | 'openai'): Provider {
  const byHash = new Map<string, { exchange: Exchange; runId: string }>();
  for (const record of records) {
    for (const pick of record.picks) for (const exchange of pick.exchanges) if (!byHash.has(exchange.requestHash)) byHash.set(exchange.requestHash, { exchange, runId: record.runId });
  }
  const wire = WIRES[api];
  return {
    name: 'replay',
    wire,
    async complete(call: Call): Promise<Exchange> {
      const candidates = api === 'openai' ? OUTPUT_MODES.map((m) => openaiWire.buildRequest(call.prompt, call.params, call.repair, m)) : [wire.buildRequest(call.prompt, call.params, call.repair)];
      for (const request of candidates) {
        const hit = byHash.get(hashOf(request));
        if (hit) return { ...hit.exchange, replayedFrom: hit.runId };
      }
      throw new ReplayMissError(`No recorded comparison answers the ${call.persona} persona's pick: its inputs (a tool's text, the persona, the model) changed since. Run it live to record it.`);
    },
  };
}
