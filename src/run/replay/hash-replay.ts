import { WorkError } from '../../errors.js';
import { OUTPUT_MODES, openaiWire } from '../../providers/openai-wire.js';
import type { Call, Provider } from '../../providers/provider.js';
import { WIRES } from '../../providers/wire-registry.js';
import type { WireFormat } from '../../providers/wire.js';
import type { Exchange } from '../../shapes/exchange.js';
import { hashOf } from '../../util/hash.js';

/** A request that no recording answers. Names the tool, the persona and what changed. */
export class ReplayMissError extends WorkError {
  override readonly name = 'ReplayMissError';
}

/** A recorded exchange and the run it was recorded in. */
export interface Recorded {
  exchange: Exchange;
  runId: string;
}

/**
 * The recorded exchange that answers a call: its request body built as a live
 * call would build it, matched by canonical hash. OpenAI recordings may come
 * from a server that needed a plainer output mode, so each mode is tried.
 */
export function answerByHash(byHash: ReadonlyMap<string, Recorded>, wire: WireFormat, call: Call): Exchange | undefined {
  const candidates =
    wire.id === 'openai' ? OUTPUT_MODES.map((mode) => openaiWire.buildRequest(call.prompt, call.params, call.repair, mode)) : [wire.buildRequest(call.prompt, call.params, call.repair)];
  for (const request of candidates) {
    const hit = byHash.get(hashOf(request));
    if (hit) return { ...hit.exchange, replayedFrom: hit.runId };
  }
  return undefined;
}

/**
 * A provider that answers every request from recorded exchanges by request
 * hash (the first recording of a request wins: give them newest first), with
 * no network; a miss throws what `miss` says of it.
 */
export function replayByHash(recorded: Iterable<Recorded>, api: 'anthropic' | 'openai', miss: (call: Call) => string): Provider {
  const byHash = new Map<string, Recorded>();
  for (const r of recorded) if (!byHash.has(r.exchange.requestHash)) byHash.set(r.exchange.requestHash, r);
  const wire = WIRES[api];
  return {
    name: 'replay',
    wire,
    complete(call: Call): Promise<Exchange> {
      const hit = answerByHash(byHash, wire, call);
      return hit ? Promise.resolve(hit) : Promise.reject(new ReplayMissError(miss(call)));
    },
  };
}
