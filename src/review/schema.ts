import { z } from 'zod';
import { hashOf } from '../util/hash.js';
import { MAX_QUOTE_CHARS, reviewSchema } from '../shapes/answers.js';

/**
 * The JSON Schema sent to providers (Anthropic tool input, OpenAI strict
 * json_schema). Length limits are left to our own validation: OpenAI's strict
 * mode does not accept `minLength`/`maxLength`, and one schema for both keeps
 * the schema hash provider-independent.
 */
export function reviewJsonSchema(): Record<string, unknown> {
  cachedJsonSchema ??= providerJsonSchema(reviewSchema);
  return cachedJsonSchema;
}
let cachedJsonSchema: Record<string, unknown> | undefined;

/** An answer's JSON Schema as providers take it: length limits dropped (OpenAI strict mode rejects them; zod still checks them). */
export function providerJsonSchema(answer: z.ZodType): Record<string, unknown> {
  const schema = z.toJSONSchema(answer) as Record<string, unknown>;
  delete schema['$schema'];
  const props = schema['properties'] as Record<string, Record<string, unknown>>;
  for (const prop of Object.values(props)) {
    delete prop['minLength'];
    delete prop['maxLength'];
  }
  return schema;
}

/** Changes whenever the review contract changes; part of every review's input hashes. */
export function reviewSchemaHash(): string {
  cachedHash ??= hashOf({ version: 1, schema: reviewJsonSchema(), maxQuote: MAX_QUOTE_CHARS });
  return cachedHash;
}
let cachedHash: string | undefined;

export const REVIEW_TOOL_NAME = 'submit_review';
