import type { Prompt } from '../review/prompt.js';
import type { ModelOutput } from '../review/output.js';

/** The request parameters that are not the prompt; part of a review's input hashes. */
export interface CallParams {
  model: string;
  maxTokens: number;
  temperature?: number;
  /** Anthropic: mark the shared prefix (rules and tool block) for prompt caching. Set only when true. */
  cachePrefix?: true;
  /**
   * Anthropic: how the structured answer is asked for, when not by a forced
   * tool call (models.yaml `structured_output`). Set only when it differs, so
   * the input hashes of requests that did not change stay the same.
   */
  structuredOutput?: 'output_format' | 'strict_tool';
  /** Thinking or reasoning effort (Anthropic `output_config.effort`, OpenAI `reasoning_effort`); unset, the model's default. */
  effort?: string;
  /** OpenAI-compatible: the output cap to name when not `max_completion_tokens` (Ollama reads only `max_tokens`). */
  maxTokensParam?: 'max_tokens' | 'both';
  /** The persona's second or later sample (`--samples`); unset for the first. */
  sample?: number;
}

/** The single re-ask: the answer that failed, and what to tell the model about it. */
export interface RepairTurn {
  previousResponse: unknown;
  message: string;
}

/**
 * One provider API's request and response shapes, and nothing else: building
 * a body from a prompt and reading a body into a ModelOutput are pure, so the
 * live providers and replay share them exactly.
 */
export interface WireFormat<Mode extends string = string> {
  readonly id: 'anthropic' | 'openai';
  readonly defaultModel: string;
  readonly defaultMaxTokens: number;
  buildRequest(prompt: Prompt, params: CallParams, repair?: RepairTurn, mode?: Mode): Record<string, unknown>;
  readResponse(body: unknown): ModelOutput;
}
