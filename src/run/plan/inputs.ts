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
    provider: hashOf(wire),
    model: hashOf(model),
    params: hashOf(rest),
    schema: reviewSchemaHash(),
  };
}
