/**
 * The latest-run summaries regen plans against are read through a cache under
 * runs/.work/summaries/: filled when a record is written, used while the
 * record is the same file, and read again when the record changes under it
 * (a hand edit, a git checkout) or the cache entry is damaged.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../src/records/store.js';
import { makeWorkspace, ROOT, type Workspace } from '../support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace();
  await cp(join(ROOT, 'runs/smolvlm2'), join(ws.runs, 'smolvlm2'), { recursive: true });
});
afterEach(() => ws.remove());

const RUN = '2026-11-01T00-00-00.000Z-seedsmolvlm2';

describe('the summary cache', () => {
  it('is filled on the first read and used while the record is unchanged; a changed record or a damaged entry is read again', async () => {
    const store = new RunStore(ws.runs, ws.dir);
    const first = await store.latestSummary('smolvlm2');
    expect(first!.reviews.map((r) => r.review?.verdict)).toEqual(['ship', 'ship', 'ship', 'ship']);
    const cache = join(ws.runs, '.work', 'summaries', 'smolvlm2.json');
    const entry = JSON.parse(await readFile(cache, 'utf8'));
    expect(entry.key).toMatch(new RegExp(`^${RUN}:\\d+:[\\d.]+$`));
    expect(JSON.stringify(entry)).not.toContain('exchanges');

    // The cache answers while the key matches: a summary planted under the same key is what is read.
    const planted = { ...entry, summary: { ...entry.summary, score: { ...entry.summary.score, percent: 42 } } };
    await writeFile(cache, JSON.stringify(planted));
    expect((await store.latestSummary('smolvlm2'))!.score.percent).toBe(42);

    // The record changed under it (the skeptic now skips): the key no longer matches, and the record is read.
    const path = join(ws.runs, 'smolvlm2', `${RUN}.json`);
    const record = JSON.parse(await readFile(path, 'utf8'));
    record.reviews[1].review.verdict = 'skip';
    await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
    expect((await store.latestSummary('smolvlm2'))!.reviews[1]!.review!.verdict).toBe('skip');

    // A damaged entry is read again from the record, and rewritten.
    await writeFile(cache, '{"key": "trunc');
    expect((await store.latestSummary('smolvlm2'))!.reviews[1]!.review!.verdict).toBe('skip');
    expect(JSON.parse(await readFile(cache, 'utf8')).summary.reviews[1].review.verdict).toBe('skip');
  });
});
