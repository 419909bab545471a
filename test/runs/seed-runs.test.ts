import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSeedRecords, seedRecordJson, seedReviews, SEED_FILE } from '../../scripts/seed-data.js';
import { RunStore } from '../../src/records/store.js';
import { ROOT } from '../support/workspace.js';

const store = new RunStore(join(ROOT, 'runs'), ROOT);

describe("the seed's runs", () => {
  it('are what `npm run seed-runs` builds from today\'s prompts and tool files (run it when this fails)', async () => {
    for (const record of await buildSeedRecords(ROOT)) {
      const path = store.pathOf(record.tool.slug, record.runId);
      const committed = await readFile(path, 'utf8').catch(() => '(missing)');
      expect(committed, `${store.shown(path)} is stale: run \`npm run seed-runs\``).toBe(seedRecordJson(record));
    }
  });

  it('carry the seed page\'s verdicts and quotes word for word, and its scores', async () => {
    const page = await readFile(join(ROOT, SEED_FILE), 'utf8');
    const smol = (await store.latest('smolvlm2'))!;
    const karpathy = (await store.latest('karpathy-skills'))!;
    expect(smol.score).toMatchObject({ ship: 4, skip: 0, percent: 100 });
    expect(karpathy.score).toMatchObject({ ship: 3, skip: 1, percent: 75 });
    expect(karpathy.reviews.find((r) => r.review?.verdict === 'skip')!.persona).toBe('skeptic');
    const quotes = [...smol.reviews, ...karpathy.reviews].map((r) => r.review!.quote);
    expect(quotes).toHaveLength(8);
    for (const quote of quotes) expect(page).toContain(`“${quote}”`);
    expect(page).toContain(smol.tool.description);
    expect(page).toContain(karpathy.tool.description);
    expect((await seedReviews(ROOT)).get('smolvlm2/builder')!.quote).toMatch(/^The primitive is clean/);
  });

  it('say they were transcribed, not called live, and hold real Anthropic tool_use responses', async () => {
    const record = (await store.latest('smolvlm2'))!;
    expect(record.origin).toMatchObject({ kind: 'transcribed', source: SEED_FILE });
    expect(record.origin.note).toMatch(/not a live call/);
    for (const review of record.reviews) {
      const body = review.exchanges[0]!.response.body as { type: string; content: { type: string; name: string }[]; stop_reason: string };
      expect(body).toMatchObject({ type: 'message', stop_reason: 'tool_use' });
      expect(body.content[0]).toMatchObject({ type: 'tool_use', name: 'submit_review' });
    }
  });
});
