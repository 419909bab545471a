import { z } from 'zod';
import { sha256 } from '../util/hash.js';

/** One hash per input of a review, so any difference between two reviews can be named. */
export const inputHashesSchema = z.object({
  tool: z.string(),
  rules: z.string(),
  persona: z.string(),
  provider: z.string(),
  model: z.string(),
  params: z.string(),
  schema: z.string(),
});
export type InputHashes = z.output<typeof inputHashesSchema>;

/**
 * One hash over all of a review's inputs: equal fingerprints mean nothing
 * changed. It is `hashOf(inputs)`, the canonical JSON written out for the seven
 * keys in their sorted order (a 10,000-tool plan makes 50,000 of them).
 */
export function fingerprint(inputs: InputHashes): string {
  const { model, params, persona, provider, rules, schema, tool } = inputs;
  return sha256(
    `{"model":${JSON.stringify(model)},"params":${JSON.stringify(params)},"persona":${JSON.stringify(persona)},"provider":${JSON.stringify(provider)},"rules":${JSON.stringify(rules)},"schema":${JSON.stringify(schema)},"tool":${JSON.stringify(tool)}}`,
  );
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
