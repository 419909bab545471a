import { z } from 'zod';
import type { AnswerSpec, Prompt } from '../review/prompt.js';
import type { ModelOutput } from '../review/output.js';
import { REVIEW_TOOL_NAME, reviewJsonSchema } from '../review/schema.js';
import type { CallParams, RepairTurn, WireFormat } from './wire.js';

const REVIEW_TOOL_DESCRIPTION = 'Submit your verdict on the tool and your one-paragraph quote.';

/**
 * Anthropic Messages API. The structured answer is asked for the way the
 * model accepts (models.yaml): a forced call of the review tool (default), the
 * review schema as `output_config.format` (the 5.5 generation, which rejects
 * forced tool use), or a strict tool the model may call. Never a sampling
 * parameter: API version 2026-10-21 rejects them all (the planner refuses a
 * persona that sets one before any call).
 */
export const anthropicWire: WireFormat = {
  id: 'anthropic',
  defaultModel: 'claude-haiku-5-5',
  defaultMaxTokens: 1024,

  buildRequest(prompt: Prompt, params: CallParams, repair?: RepairTurn) {
    const messages: unknown[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: prompt.toolBlock, ...(params.cachePrefix ? { cache_control: { type: 'ephemeral' } } : {}) },
          { type: 'text', text: prompt.personaBlock },
        ],
      },
    ];
    if (repair) messages.push(...repairTurns(repair));
    const answer = prompt.answer ?? REVIEW_ANSWER();
    const format = params.structuredOutput === 'output_format' ? { format: { type: 'json_schema', schema: answer.schema } } : {};
    const effort = params.effort ? { effort: params.effort } : {};
    const outputConfig = params.structuredOutput === 'output_format' || params.effort ? { output_config: { ...format, ...effort } } : {};
    return {
      model: params.model,
      max_tokens: params.maxTokens,
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      system: prompt.system,
      messages,
      ...toolFields(params, answer),
      ...outputConfig,
    };
  },

  readResponse(body: unknown): ModelOutput {
    const parsed = messageSchema.safeParse(body);
    const b = parsed.success ? parsed.data : { content: [], stop_reason: null, stop_details: null, usage: null };
    const text = b.content.flatMap((block) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : [])).join('\n');
    // The answer tool: submit_review, or submit_pick for a head-to-head.
    const call = b.content.find((block) => block.type === 'tool_use' && typeof block.name === 'string' && block.name.startsWith('submit_'));
    const stopReason = b.stop_reason ?? null;
    const details = b.stop_details;
    const u = b.usage;
    return {
      ...(call && 'input' in call ? { structured: call.input } : {}),
      text,
      truncated: stopReason === 'max_tokens',
      ...(stopReason === 'refusal'
        ? {
            refusal: details?.explanation ?? text,
            refusalDetails: { ...(details?.category ? { category: details.category } : {}), ...(details?.explanation ? { explanation: details.explanation } : {}) },
          }
        : {}),
      stopReason,
      usage: {
        inputTokens: u?.input_tokens ?? 0,
        outputTokens: u?.output_tokens ?? 0,
        cacheWriteTokens: u?.cache_creation_input_tokens ?? 0,
        cacheReadTokens: u?.cache_read_input_tokens ?? 0,
      },
    };
  },
};

const REVIEW_ANSWER = (): AnswerSpec => ({ name: REVIEW_TOOL_NAME, description: REVIEW_TOOL_DESCRIPTION, schema: reviewJsonSchema() });

function toolFields(params: CallParams, answer: AnswerSpec): Record<string, unknown> {
  if (params.structuredOutput === 'output_format') return {};
  const tool = { name: answer.name, description: answer.description, input_schema: answer.schema };
  if (params.structuredOutput === 'strict_tool') return { tools: [{ ...tool, strict: true }], tool_choice: { type: 'auto' } };
  return { tools: [tool], tool_choice: { type: 'tool', name: answer.name } };
}

const tokens = z.number().nonnegative().nullish().catch(null);

/** The parts of a Messages API response panel reads; anything else (new fields, new block types) passes. */
const messageSchema = z.object({
  content: z.array(z.looseObject({ type: z.string(), text: z.unknown().optional(), name: z.unknown().optional(), input: z.unknown().optional() })).catch([]),
  stop_reason: z.string().nullish().catch(null),
  stop_details: z.object({ category: z.string().nullish(), explanation: z.string().nullish() }).nullish().catch(null),
  usage: z.object({ input_tokens: tokens, output_tokens: tokens, cache_creation_input_tokens: tokens, cache_read_input_tokens: tokens }).nullish().catch(null),
});

/** The assistant's failed answer, then the correction; a tool call must be answered by a tool_result. */
function repairTurns(repair: RepairTurn): unknown[] {
  const previous = z.object({ content: z.array(z.looseObject({ type: z.string(), id: z.unknown().optional() })) }).safeParse(repair.previousResponse);
  const blocks = previous.success ? previous.data.content : [];
  const toolUses = blocks.filter((block) => block.type === 'tool_use' && typeof block.id === 'string');
  const reply = toolUses.length ? toolUses.map((block) => ({ type: 'tool_result', tool_use_id: block.id, content: repair.message, is_error: true })) : [{ type: 'text', text: repair.message }];
  const assistant = blocks.length ? [{ role: 'assistant', content: blocks }] : [];
  return [...assistant, { role: 'user', content: reply }];
}
