import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, hashOf } from '../../src/util/hash.js';
import { fingerprint } from '../../src/shapes/input-hashes.js';

const SEED_DIR = join(import.meta.dirname, '../../runs/smolvlm2');
const SEED_REVIEW = JSON.parse(readFileSync(join(SEED_DIR, readdirSync(SEED_DIR).find((f) => f.endsWith('.json'))!), 'utf8')).reviews[0];

describe('canonical hashing', () => {
  it('sorts keys at every depth and hashes the canonical JSON', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(hashOf(a)).toBe(hashOf(b));
    expect(hashOf(a)).toBe(createHash('sha256').update(canonicalJson(a)).digest('hex'));
  });

  it('drops undefined members and keeps JSON.stringify semantics for values', () => {
    const value = { keep: 'q"uote', drop: undefined, list: [undefined, null, 1.5, true], when: new Date(0) };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it("a review's fingerprint is the hash of its inputs' canonical JSON, as every recorded run was keyed", () => {
    const inputs = { tool: 't"1', rules: 'r', persona: 'p', provider: 'anthropic', model: 'm', params: 'x', schema: 's' };
    expect(fingerprint(inputs)).toBe(hashOf(inputs));
    // The seed's recorded fingerprint, from its recorded inputs.
    expect(fingerprint(SEED_REVIEW.inputs)).toBe(SEED_REVIEW.fingerprint);
  });
});
