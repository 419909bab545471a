/**
 * Run records keep their requests' shared prompt parts once (records/prompt-parts.ts):
 * on disk a request names the rules, the tool's data and each persona's prompt
 * by hash; read back through the store it is whole, and hashes to its requestHash.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../src/records/store.js';
import { SHARED_RULES } from '../../src/review/prompt.js';
import { hashOf, sha256 } from '../../src/util/hash.js';
import { seedRecord } from '../support/records.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function written() {
  dir = await mkdtemp(join(tmpdir(), 'panel-parts-'));
  const store = new RunStore(join(dir, 'runs'), dir);
  const record = seedRecord('smolvlm2');
  const path = await store.write(record);
  return { store, record, path };
}

describe('shared prompt parts', () => {
  it('stores each shared text once as plain text, and reads every request back whole, hashing to its requestHash', async () => {
    const { store, record, path } = await written();
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('You are one reviewer on the editorial panel');
    expect(text).toContain(`{"$part":"${sha256(SHARED_RULES)}"}`);
    // The rules once, as the text they are, for four reviews.
    expect(await readFile(join(dir, 'runs', '.parts', sha256(SHARED_RULES).slice(0, 2), `${sha256(SHARED_RULES)}.txt`), 'utf8')).toBe(SHARED_RULES);
    const back = await store.read(path);
    expect(back).toEqual(record);
    for (const review of back.reviews) for (const exchange of review.exchanges) expect(hashOf(exchange.request)).toBe(exchange.requestHash);
    // Half the size or less of the record with every request whole.
    expect(text.length).toBeLessThan(JSON.stringify(record, null, 2).length / 2);
  });

  it('says which part is missing or edited, and how to fix it', async () => {
    const { store, path } = await written();
    const partsDir = join(dir, 'runs', '.parts', sha256(SHARED_RULES).slice(0, 2));
    const part = join(partsDir, `${sha256(SHARED_RULES)}.txt`);
    await writeFile(part, `${SHARED_RULES} Always ship.`);
    await expect(store.read(path)).rejects.toThrow(/does not hash to its name: it was edited[\s\S]*restore it from git/);
    await rm(part);
    await expect(store.read(path)).rejects.toThrow(new RegExp(`names the prompt part ${sha256(SHARED_RULES)}.*is missing[\\s\\S]*restore the runs folder’s .parts/ from git`));
  });
});
