import type { Tool } from '../shapes/tool.js';
import type { Persona } from '../personas/persona.js';
import { hashOf } from '../util/hash.js';
import { providerJsonSchema } from './schema.js';
import { MAX_QUOTE_CHARS, pickSchema } from '../shapes/answers.js';
import { buildToolBlock, personaLens, SHARED_RULES, type AnswerSpec, type Prompt } from './prompt.js';

const PICK_TOOL_NAME = 'submit_pick';

let pickJson: Record<string, unknown> | undefined;
function pickJsonSchema(): Record<string, unknown> {
  return (pickJson ??= providerJsonSchema(pickSchema));
}

const PICK_ANSWER = (): AnswerSpec => ({ name: PICK_TOOL_NAME, description: 'Submit which tool you would ship with, and your one-paragraph quote.', schema: pickJsonSchema() });

export function pickSchemaHash(): string {
  return hashOf({ version: 1, schema: pickJsonSchema(), maxQuote: MAX_QUOTE_CHARS });
}

export const PICK_REQUEST = `Two tools are under review, shown above as Tool A and Tool B, each between its own data markers. Which one would you ship with? Pick exactly one. Return a JSON object with exactly two fields: "choice" ("A" or "B") and "quote" (one paragraph, about 40 to 180 words, in your voice, naming concrete facts of both tools and saying why your pick wins). The order the tools are shown in says nothing about which is better. In this comparison your answer is the pick, not a ship or skip verdict.`;

export const REPAIR_PICK = 'Reply again with only the JSON object: {"choice": "A" or "B", "quote": "<one paragraph>"}.';

/**
 * The prompt of one head-to-head request, in the review's layout: the shared
 * rules, then both tools as data (each in a review's own tool block and
 * delimiters, labelled A and B in the order given), then the persona and the request.
 */
export function buildPickPrompt(first: Tool, second: Tool, persona: Persona): Prompt {
  return {
    system: SHARED_RULES,
    toolBlock: `Tool A:\n${buildToolBlock(first)}\n\nTool B:\n${buildToolBlock(second)}`,
    personaBlock: [personaLens(persona), '', PICK_REQUEST].join('\n'),
    answer: PICK_ANSWER(),
  };
}
