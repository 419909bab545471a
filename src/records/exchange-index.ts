import type { RunRecord } from '../shapes/run-record.js';
import type { Exchange } from '../shapes/exchange.js';

export interface RecordedExchange {
  exchange: Exchange;
  runId: string;
  persona: string;
}

/**
 * Every recorded exchange of the given records by request hash. Records come
 * newest first, and the newest recording of a request wins. Reused reviews
 * point at an older run's exchanges and are skipped: the original is indexed.
 */
export function indexExchanges(records: readonly RunRecord[]): Map<string, RecordedExchange> {
  const byHash = new Map<string, RecordedExchange>();
  for (const record of records) {
    for (const review of record.reviews) {
      if (review.reusedFrom) continue;
      for (const exchange of review.exchanges) {
        if (!byHash.has(exchange.requestHash)) byHash.set(exchange.requestHash, { exchange, runId: record.runId, persona: review.persona });
      }
    }
  }
  return byHash;
}
