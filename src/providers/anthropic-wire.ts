import type { Prompt } from '../review/prompt.js';
import type { ModelOutput } from '../review/output.js';
import { REVIEW_TOOL_NAME, reviewJsonSchema } from '../review/schema.js';
import { isRecord, num, type CallParams, type RepairTurn, type WireFormat } from './wire.js';

/**
 * Anthropic Messages API. Structured output by a forced tool call whose input
 * schema is the review schema. No `temperature` unless configured: newer
 * Claude models reject non-default values.
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
    return {
      model: params.model,
      max_tokens: params.maxTokens,
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      system: prompt.system,
      messages,
      tools: [
        {
          name: REVIEW_TOOL_NAME,
          description: 'Submit your verdict on the tool and your one-paragraph quote.',
          input_schema: reviewJsonSchema(),
        },
      ],
      tool_choice: { type: 'tool', name: REVIEW_TOOL_NAME },
    };
  },

  readResponse(body: unknown): ModelOutput {
    const b = isRecord(body) ? body : {};
    const content = Array.isArray(b['content']) ? b['content'].filter(isRecord) : [];
    const text = content
      .filter((block) => block['type'] === 'text' && typeof block['text'] === 'string')
      .map((block) => block['text'] as string)
      .join('\n');
    const call = content.find((block) => block['type'] === 'tool_use' && block['name'] === REVIEW_TOOL_NAME);
    const stopReason = typeof b['stop_reason'] === 'string' ? b['stop_reason'] : null;
    const usage = isRecord(b['usage']) ? b['usage'] : {};
    return {
      ...(call && 'input' in call ? { structured: call['input'] } : {}),
      text,
      truncated: stopReason === 'max_tokens',
      ...(stopReason === 'refusal' ? { refusal: text } : {}),
      stopReason,
      usage: {
        inputTokens: num(usage['input_tokens']),
        outputTokens: num(usage['output_tokens']),
        cacheWriteTokens: num(usage['cache_creation_input_tokens']),
        cacheReadTokens: num(usage['cache_read_input_tokens']),
      },
    };
  },
};

/** The assistant's failed answer, then the correction; a tool call must be answered by a tool_result. */
function repairTurns(repair: RepairTurn): unknown[] {
  const previous = isRecord(repair.previousResponse) && Array.isArray(repair.previousResponse['content'])
    ? (repair.previousResponse['content'] as unknown[]).filter(isRecord)
    : [];
  const toolUses = previous.filter((block) => block['type'] === 'tool_use' && typeof block['id'] === 'string');
  const reply = toolUses.length
    ? [
        ...toolUses.map((block) => ({ type: 'tool_result', tool_use_id: block['id'], content: repair.message, is_error: true })),
      ]
    : [{ type: 'text', text: repair.message }];
  const assistant = previous.length ? [{ role: 'assistant', content: previous }] : [];
  return [...assistant, { role: 'user', content: reply }];
}
