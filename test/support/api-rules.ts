/**
 * What the real APIs refuse, as documented (DEVELOPERS.md, Facts checked with the search tool), so the
 * loopback server answers a request panel should never send the way the API
 * would: a 400 with the API's own error shape. Every end-to-end test runs
 * against these rules, so a request the API would reject fails the test that
 * sent it.
 */
import type { Reply } from './llm-server.js';

/** Which OpenAI-speaking server the loopback plays: OpenAI itself, or a local server with its quirks. */
export type OpenAIServerMode = 'openai' | 'ollama' | 'lmstudio';

/** The Claude models whose docs say "Forced tool use returns an error". */
const NO_FORCED_TOOL = /^claude-(sonnet-5-5|opus-5-5|fable-5-1|mythos-5-1)/;
const ADAPTIVE_THINKING = /^claude-(haiku|sonnet|opus)-5-5|^claude-(fable|mythos)-5-1/;
const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];

function anthropicError(message: string): Reply {
  return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message }, request_id: 'req_loopback' } };
}

function openaiError(message: string, param: string | null, code: string): Reply {
  return { status: 400, body: { error: { message, type: 'invalid_request_error', param, code } } };
}

/** A 400 for a Messages API request that API version 2026-10-21 and the model's docs reject; undefined when it would be accepted. */
export function anthropicRejects(body: Record<string, unknown>, version: string | undefined): Reply | undefined {
  const model = String(body['model'] ?? '');
  if (version === '2026-10-21') {
    for (const p of ['temperature', 'top_p', 'top_k']) if (p in body) return anthropicError(`${p}: Extra inputs are not permitted`);
  }
  if (typeof body['max_tokens'] !== 'number') return anthropicError('max_tokens: Field required');
  const choice = body['tool_choice'] as { type?: string } | undefined;
  if (choice?.type === 'tool' && NO_FORCED_TOOL.test(model)) {
    return anthropicError(`Forced tool use is not supported with ${model}. Use tool_choice "auto" or "none", or output_config.format for structured output.`);
  }
  const thinking = body['thinking'] as { type?: string } | undefined;
  const output = (body['output_config'] ?? {}) as { effort?: string; format?: { type?: string; schema?: unknown } };
  if (ADAPTIVE_THINKING.test(model) && thinking?.type === 'enabled') {
    return anthropicError(`thinking.type "enabled" with budget_tokens is not supported on ${model}; use adaptive thinking with output_config.effort.`);
  }
  if (output.effort !== undefined && !EFFORTS.includes(output.effort)) {
    return anthropicError(`output_config.effort: Input should be ${EFFORTS.map((e) => `'${e}'`).join(', ')}`);
  }
  if (thinking?.type === 'disabled' && (output.effort === 'xhigh' || output.effort === 'max')) {
    return anthropicError(`thinking cannot be disabled at effort ${output.effort}`);
  }
  if (output.format && (output.format.type !== 'json_schema' || typeof output.format.schema !== 'object')) {
    return anthropicError('output_config.format: expected {"type": "json_schema", "schema": {...}}');
  }
  const messages = (body['messages'] ?? []) as { role?: string }[];
  if (ADAPTIVE_THINKING.test(model) && messages.at(-1)?.role === 'assistant') {
    return anthropicError('This model does not support assistant message prefill. The conversation must end with a user message.');
  }
  return undefined;
}

/** A 400 for a Chat Completions request that OpenAI (or the local server played) rejects. */
export function openaiRejects(body: Record<string, unknown>, mode: OpenAIServerMode): Reply | undefined {
  const model = String(body['model'] ?? '');
  const format = body['response_format'] as { type?: string; json_schema?: { strict?: boolean; schema?: Record<string, unknown> } } | undefined;
  if (mode === 'lmstudio') {
    if (format && format.type !== 'json_schema' && format.type !== 'text') return { status: 400, body: { error: "'response_format.type' must be 'json_schema' or 'text'" } };
    return undefined;
  }
  if (mode === 'ollama') return undefined; // Ollama ignores what it does not read
  const gpt5 = /^gpt-(5|6)/.test(model);
  if (gpt5 && 'max_tokens' in body) {
    return openaiError("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
  }
  const effort = body['reasoning_effort'] as string | undefined;
  if (gpt5 && ('temperature' in body || 'top_p' in body)) {
    const noneAllowed = /^gpt-5\.(1|2|4)/.test(model);
    if (!noneAllowed || (effort !== undefined && effort !== 'none')) {
      return openaiError("Unsupported parameter: 'temperature' is not supported with this model.", 'temperature', 'unsupported_parameter');
    }
  }
  if (effort !== undefined) {
    const allowed = /^gpt-6/.test(model)
      ? ['none', 'low', 'medium', 'high', 'xhigh', 'max']
      : /^gpt-5\.4/.test(model)
        ? ['none', 'low', 'medium', 'high', 'xhigh']
        : ['minimal', 'low', 'medium', 'high'];
    if (!allowed.includes(effort)) {
      return openaiError(
        `Unsupported value: '${effort}' is not supported with the '${model}' model. Supported values are: ${allowed.map((a) => `'${a}'`).join(', ')}.`,
        'reasoning_effort',
        'unsupported_value',
      );
    }
  }
  if (format?.type === 'json_schema' && format.json_schema?.strict) {
    const schema = format.json_schema.schema ?? {};
    const props = Object.keys((schema['properties'] ?? {}) as object);
    const required = (schema['required'] ?? []) as string[];
    if (schema['additionalProperties'] !== false || props.some((p) => !required.includes(p))) {
      return openaiError(
        "Invalid schema for response_format 'review': In context=(), 'additionalProperties' is required to be supplied and to be false, and 'required' must include every property.",
        'response_format',
        'invalid_json_schema',
      );
    }
  }
  return undefined;
}
