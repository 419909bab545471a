import { z } from 'zod';
import type { Prompt } from '../review/prompt.js';
import type { ModelOutput } from '../review/output.js';
import { reviewJsonSchema } from '../review/schema.js';
import type { CallParams, RepairTurn, WireFormat } from './wire.js';

/**
 * How the answer's shape is asked for. Official OpenAI takes `json_schema`;
 * an OpenAI-compatible server may reject it, and the provider steps down this
 * list on a 400 that is about the response format (providers/openai.ts).
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
    // GPT-5.x rejects max_tokens; Ollama reads only max_tokens (models.yaml, the `server:` setting).
    const cap =
      params.maxTokensParam === 'max_tokens'
        ? { max_tokens: params.maxTokens }
        : params.maxTokensParam === 'both'
          ? { max_completion_tokens: params.maxTokens, max_tokens: params.maxTokens }
          : { max_completion_tokens: params.maxTokens };
    return {
      model: params.model,
      ...cap,
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      ...(params.effort ? { reasoning_effort: params.effort } : {}),
      messages,
      ...responseFormat(mode, prompt.answer?.schema ?? reviewJsonSchema(), prompt.answer ? prompt.answer.name.replace(/^submit_/, '') : 'review'),
    };
  },

  readResponse(body: unknown): ModelOutput {
    const parsed = completionSchema.safeParse(body);
    const b = parsed.success ? parsed.data : { choices: [], usage: null };
    const choice = b.choices[0];
    const message = choice?.message;
    const finish = choice?.finish_reason ?? null;
    const refusal = message?.refusal || undefined;
    // Some OpenAI-compatible servers answer a schema request with a tool call: read its arguments.
    const args = message?.tool_calls?.[0]?.function?.arguments ?? undefined;
    const text = message?.content ?? '';
    const u = b.usage;
    // prompt_tokens counts all input; cached reads and (GPT-5.6 and later) cache writes are priced apart.
    const cached = u?.prompt_tokens_details?.cached_tokens ?? 0;
    const written = u?.prompt_tokens_details?.cache_write_tokens ?? 0;
    return {
      text,
      ...(args !== undefined && text.trim() === '' ? { structuredText: args } : {}),
      truncated: finish === 'length',
      ...(refusal !== undefined
        ? { refusal, refusalDetails: { explanation: refusal } }
        : finish === 'content_filter'
          ? { refusal: 'blocked by the content filter', refusalDetails: { category: 'content_filter' } }
          : {}),
      stopReason: finish,
      usage: {
        // One shape for both providers: input counts only uncached tokens, as Anthropic's does.
        inputTokens: Math.max(0, (u?.prompt_tokens ?? 0) - cached - written),
        outputTokens: u?.completion_tokens ?? 0,
        cacheWriteTokens: written,
        cacheReadTokens: cached,
      },
    };
  },
};

const tokens = z.number().nonnegative().nullish().catch(null);

/**
 * The parts of a Chat Completions response panel reads. `cache_write_tokens`
 * is read from the raw body: the pinned `openai` 6.49 types predate it.
 */
const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish().catch(null),
        message: z
          .object({
            content: z.string().nullish().catch(null),
            refusal: z.string().nullish().catch(null),
            tool_calls: z
              .array(z.object({ function: z.object({ arguments: z.string().nullish() }).nullish() }))
              .nullish()
              .catch(null),
          })
          .nullish()
          .catch(null),
      }),
    )
    .catch([]),
  usage: z
    .object({
      prompt_tokens: tokens,
      completion_tokens: tokens,
      prompt_tokens_details: z.object({ cached_tokens: tokens, cache_write_tokens: tokens }).nullish().catch(null),
    })
    .nullish()
    .catch(null),
});

function responseFormat(mode: OutputMode, schema: Record<string, unknown>, name: string): Record<string, unknown> {
  switch (mode) {
    case 'json_schema':
      return { response_format: { type: 'json_schema', json_schema: { name, strict: true, schema } } };
    case 'json_object':
      return { response_format: { type: 'json_object' } };
    case 'instructions':
      return {};
  }
}

function previousContent(body: unknown): string {
  const parsed = completionSchema.safeParse(body);
  return (parsed.success ? parsed.data.choices[0]?.message?.content : undefined) ?? '';
}
