import type { Tool } from '../../shapes/tool.js';
import type { Persona } from '../../personas/persona.js';
import { promptInputHashes } from '../../review/prompt.js';
import { reviewSchemaHash } from '../../review/schema.js';
import type { CallParams } from '../../providers/wire.js';
import type { InputHashes } from '../../shapes/input-hashes.js';
import { hashOf } from '../../util/hash.js';

/** Every input of one persona's review, hashed one by one (README, Run records). */
export function inputHashes(tool: Tool, persona: Persona, wire: string, params: CallParams, rules?: string): InputHashes {
  const { model, ...rest } = params;
  return {
    ...promptInputHashes(tool, persona, rules),
    provider: memoHash(wire),
    model: memoHash(model),
    params: memoHash(rest),
    schema: reviewSchemaHash(),
  };
}

/**
 * A catalog's calls share a handful of providers, models and parameter sets:
 * each is hashed once per process (50,000 calls of a 10,000-tool regen hashed
 * them 150,000 times). The key is plain JSON: two objects that differ only in
 * key order are two keys with one hash, never a wrong one.
 */
const hashes = new Map<string, string>();
function memoHash(value: unknown): string {
  const key = JSON.stringify(value);
  let hash = hashes.get(key);
  if (hash === undefined) hashes.set(key, (hash = hashOf(value)));
  return hash;
}
