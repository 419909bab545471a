import type { Tool } from '../catalog/tool-schema.js';
import type { Persona } from '../personas/persona.js';
import { promptInputHashes } from '../review/prompt.js';
import { reviewSchemaHash } from '../review/schema.js';
import type { CallParams } from '../providers/wire.js';
import type { InputHashes } from '../runs/record.js';
import { hashOf } from '../util/hash.js';

/** Every input of one persona's review, hashed one by one (design.md: run record). */
export function inputHashes(tool: Tool, persona: Persona, wire: string, params: CallParams): InputHashes {
  const { model, ...rest } = params;
  return {
    ...promptInputHashes(tool, persona),
    provider: hashOf(wire),
    model: hashOf(model),
    params: hashOf(rest),
    schema: reviewSchemaHash(),
  };
}

export function fingerprint(inputs: InputHashes): string {
  return hashOf(inputs);
}

const INPUT_LABELS: Record<keyof InputHashes, string> = {
  tool: 'tool changed (description, tagline or pricing)',
  rules: 'shared reviewer rules changed',
  persona: 'persona prompt changed',
  provider: 'provider changed',
  model: 'model changed',
  params: 'parameters changed',
  schema: 'review schema changed',
};

/** What differs between two reviews' inputs, in words; empty when nothing does. */
export function describeInputChanges(now: InputHashes, then: InputHashes): string[] {
  return (Object.keys(INPUT_LABELS) as (keyof InputHashes)[]).filter((k) => now[k] !== then[k]).map((k) => INPUT_LABELS[k]);
}
