import type { Prompt } from '../review/prompt.js';
import type { ModelOutput } from '../review/output.js';
import { reviewJsonSchema } from '../review/schema.js';
import { isRecord, num, type CallParams, type RepairTurn, type WireFormat } from './wire.js';

/**
 * How the answer's shape is asked for. Official OpenAI takes `json_schema`;
 * OpenAI-compatible servers (vLLM, Ollama, llama.cpp, LM Studio) may reject it,
 * and the provider steps down this list on a 400.
 */
export const OUTPUT_MODES = ['json_schema', 'json_object', 'instructions'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export const openaiWire: WireFormat<OutputMode> = {
  id: 'openai',
  defaultModel: 'gpt-5.4-mini',
  // Reasoning models spend completion tokens on thinking before the answer.
  defaultMaxTokens: 4096,

  buildRequest(prompt: Prompt, params: CallParams, repair?: RepairTurn, mode: OutputMode = 'json_schema') {
    const messages: unknown[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.toolBlock },
      { role: 'user', content: prompt.personaBlock },
    ];
    if (repair) {
      messages.push({ role: 'assistant', content: previousContent(repair.previousResponse) });
      messages.push({ role: 'user', content: repair.message });
    }
    return {
      model: params.model,
      max_completion_tokens: params.maxTokens,
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      messages,
      ...responseFormat(mode),
    };
  },

  readResponse(body: unknown): ModelOutput {
    const b = isRecord(body) ? body : {};
    const choice = Array.isArray(b['choices']) && isRecord(b['choices'][0]) ? b['choices'][0] : {};
    const message = isRecord(choice['message']) ? choice['message'] : {};
    const finish = typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : null;
    const refusal = typeof message['refusal'] === 'string' && message['refusal'] ? message['refusal'] : undefined;
    // Some OpenAI-compatible servers answer a schema request with a tool call: read its arguments.
    const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'].filter(isRecord) : [];
    const fn = calls[0] && isRecord(calls[0]['function']) ? calls[0]['function'] : undefined;
    const args = typeof fn?.['arguments'] === 'string' ? fn['arguments'] : undefined;
    const usage = isRecord(b['usage']) ? b['usage'] : {};
    const details = isRecord(usage['prompt_tokens_details']) ? usage['prompt_tokens_details'] : {};
    const cached = num(details['cached_tokens']);
    const text = typeof message['content'] === 'string' ? message['content'] : '';
    return {
      text,
      ...(args !== undefined && text.trim() === '' ? { structuredText: args } : {}),
      truncated: finish === 'length',
      ...(refusal !== undefined ? { refusal } : finish === 'content_filter' ? { refusal: 'blocked by the content filter' } : {}),
      stopReason: finish,
      usage: {
        // One shape for both providers: input counts only uncached tokens, as Anthropic's does.
        inputTokens: Math.max(0, num(usage['prompt_tokens']) - cached),
        outputTokens: num(usage['completion_tokens']),
        cacheWriteTokens: 0,
        cacheReadTokens: cached,
      },
    };
  },
};

function responseFormat(mode: OutputMode): Record<string, unknown> {
  switch (mode) {
    case 'json_schema':
      return { response_format: { type: 'json_schema', json_schema: { name: 'review', strict: true, schema: reviewJsonSchema() } } };
    case 'json_object':
      return { response_format: { type: 'json_object' } };
    case 'instructions':
      return {};
  }
}

function previousContent(body: unknown): string {
  const choice = isRecord(body) && Array.isArray(body['choices']) ? body['choices'][0] : undefined;
  const message = isRecord(choice) && isRecord(choice['message']) ? choice['message'] : {};
  return typeof message['content'] === 'string' ? message['content'] : '';
}
