import { RUN_SCHEMA_VERSION } from '../shapes/run-record.js';

type Json = Record<string, unknown>;

/**
 * Run records are never rejected for being old: each step lifts a record one
 * schema version, and a record is read through every step from its own
 * version to today's. A record newer than this panel is refused by name.
 */
const STEPS: Record<number, (record: Json) => Json> = {
  // 1 → 2: say which command wrote the run. Version 1 did not record it; it
  // follows from the record: transcribed runs come from the seed script, runs
  // that carry reused reviews from regen, the rest from review.
  1: (record) => {
    const origin = record['origin'] as { kind?: string } | undefined;
    const reviews = Array.isArray(record['reviews']) ? (record['reviews'] as { reusedFrom?: unknown }[]) : [];
    const command = origin?.kind === 'transcribed' ? 'seed-runs' : reviews.some((r) => r.reusedFrom) ? 'regen' : 'review';
    return { ...record, schemaVersion: 2, writtenBy: { command } };
  },
  // 2 → 3: a jury can run each persona on its own provider, and ask it more
  // than once. A schema-2 run used one provider for every review, asked once.
  2: (record) => {
    const api = record['provider'];
    const reviews = Array.isArray(record['reviews']) ? (record['reviews'] as Json[]) : [];
    return { ...record, schemaVersion: 3, samples: 1, reviews: reviews.map((r) => ({ ...r, provider: api, api, sample: 1 })) };
  },
  // 3 → 4: a request's long shared strings may be stored once under runs/.parts/
  // and named by hash (records/prompt-parts.ts). A schema-3 record has every
  // request whole, which a schema-4 record may too; the version tells an older
  // panel that it cannot read the references.
  3: (record) => ({ ...record, schemaVersion: 4 }),
};

export class NewerRecordError extends Error {}

export function migrateRunRecord(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  let record = data as Json;
  const found = record['schemaVersion'];
  if (typeof found !== 'number') return record; // validation names the missing field
  let version = found;
  if (version > RUN_SCHEMA_VERSION) {
    throw new NewerRecordError(`was written by a newer panel (run schema ${version}; this panel reads up to ${RUN_SCHEMA_VERSION})`);
  }
  while (version < RUN_SCHEMA_VERSION) {
    const step = STEPS[version];
    if (!step) return record;
    record = step(record);
    version = record['schemaVersion'] as number;
  }
  return record;
}
