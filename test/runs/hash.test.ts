import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson, hashOf } from '../../src/util/hash.js';

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
});
