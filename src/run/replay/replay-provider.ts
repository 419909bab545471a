import { WorkError } from '../../errors.js';
import { describeInputChanges } from '../../shapes/input-hashes.js';
import { indexExchanges } from '../../records/exchange-index.js';
import type { ReviewRecord, RunRecord } from '../../shapes/run-record.js';
import type { Call, Provider } from '../../providers/provider.js';
import type { Exchange } from '../../shapes/exchange.js';
import { WIRES } from '../../providers/wire-registry.js';
import { answerByHash, ReplayMissError } from './hash-replay.js';

/**
 * Answers requests from recorded runs, with no network.
 * - `strict` (`--provider replay`): the request body is built as a live call
 *   would build it and matched by canonical hash against every exchange of
 *   every record given (newest first wins). A miss is an error that says
 *   which inputs differ from the closest recording.
 * - `latest` (the no-key fallback): each persona gets its answer from the
 *   newest record, whatever today's inputs; the caller says what differs.
 */
export function createReplayProvider(records: readonly RunRecord[], mode: 'strict' | 'latest', api?: 'anthropic' | 'openai'): Provider {
  const newest = records[0];
  if (!newest) throw new WorkError('There is no recorded run to replay.');
  const wire = WIRES[api ?? newest.provider];
  const byHash = indexExchanges(records);
  const slug = newest.tool.slug;

  return {
    name: 'replay',
    wire,
    async complete(call: Call): Promise<Exchange> {
      if (mode === 'latest') return fromLatest(newest, call);
      const hit = answerByHash(byHash, wire, call);
      if (hit) return hit;
      throw new ReplayMissError(explainMiss(slug, call, records));
    },
  };
}

function fromLatest(record: RunRecord, call: Call): Exchange {
  const sample = call.params.sample ?? 1;
  const review = record.reviews.find((r) => r.persona === call.persona && (r.sample ?? 1) === sample);
  const exchange = review?.exchanges[call.repair ? 1 : 0];
  if (!review || !exchange) {
    const what = !review ? `has no review by ${call.persona}` : `has no re-ask for ${call.persona}`;
    throw new ReplayMissError(`The recorded run ${record.runId} of ${record.tool.slug} ${what}.`);
  }
  return { ...exchange, replayedFrom: review.reusedFrom ?? record.runId };
}

function explainMiss(slug: string, call: Call, records: readonly RunRecord[]): string {
  const head = `No recording of ${slug} answers the ${call.persona} persona's ${call.repair ? 're-ask' : 'request'}`;
  let closest: { review: ReviewRecord; runId: string; changes: string[] } | undefined;
  for (const record of records) {
    for (const review of record.reviews) {
      if (review.persona !== call.persona) continue;
      const changes = describeInputChanges(call.inputs, review.inputs);
      if (!closest || changes.length < closest.changes.length) closest = { review, runId: record.runId, changes };
    }
  }
  if (!closest) return `${head}: no recorded run of ${slug} has a ${call.persona} review. Run it live once to record it.`;
  const why = closest.changes.length
    ? `since the closest recording (${closest.runId}): ${closest.changes.join(', ')}`
    : `; its inputs match ${closest.runId}, but the request differs (a re-ask that went differently, or a changed request format)`;
  return `${head}${closest.changes.length ? ' ' : ''}${why}. Run it live to record it.`;
}
