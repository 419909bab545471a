/** Run records for tests, derived from a shipped seed record so they stay valid as the schema moves. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runRecordSchema, type ReviewRecord, type RunRecord } from '../../src/shapes/run-record.js';
import { migrateRunRecord } from '../../src/records/migrate.js';
import { RunStore } from '../../src/records/store.js';
import { scorePanel } from '../../src/aggregate/score.js';
import { ROOT } from './workspace.js';

export function seedRecord(slug: 'smolvlm2' | 'karpathy-skills'): RunRecord {
  const text = readFileSync(join(ROOT, 'runs', slug, `2026-11-01T00-00-00.000Z-seed${slug.replace(/-/g, '')}.json`), 'utf8');
  return runRecordSchema.parse(migrateRunRecord(JSON.parse(text)));
}

/** A run record file as panel reads it: migrated, and its requests whole (shared prompt parts put back). */
export function readRunFile(path: string): Promise<RunRecord> {
  return new RunStore(dirname(dirname(path)), ROOT).read(path);
}

/** A copy of a record with some reviews changed; the stored score follows. */
export function withReviews(record: RunRecord, change: (review: ReviewRecord) => ReviewRecord, overrides: Partial<RunRecord> = {}): RunRecord {
  const reviews = record.reviews.map(change);
  return { ...record, ...overrides, reviews, score: scorePanel(reviews) };
}

export function failed(review: ReviewRecord, message = 'the answer is not JSON: Unexpected token'): ReviewRecord {
  const { review: _review, ...rest } = review;
  return { ...rest, status: 'failed', error: { kind: 'not_json', message, raw: 'I like it.' } };
}
