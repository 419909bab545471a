import type { Provider } from '../../providers/provider.js';
import type { ComparisonRecord } from '../../shapes/comparison-record.js';
import { replayByHash } from './hash-replay.js';

/** Answers head-to-head requests from recorded comparisons by the hash of the request body, newest recording first. */
export function createReplayProviderFor(records: readonly ComparisonRecord[], api: 'anthropic' | 'openai'): Provider {
  const recorded = records.flatMap((record) => record.picks.flatMap((pick) => pick.exchanges.map((exchange) => ({ exchange, runId: record.runId }))));
  return replayByHash(
    recorded,
    api,
    (call) => `No recorded comparison answers the ${call.persona} persona's pick: its inputs (a tool's text, the persona, the model) changed since. Run it live to record it.`,
  );
}
