import type { Config, ServerKind } from '../config.js';
import type { OutputMode } from './openai-wire.js';

/** What panel must do differently for one kind of OpenAI-compatible server (DEVELOPERS.md, OpenAI-compatible servers). */
export interface ServerTraits {
  /** The output cap to name for a model the table gives none for. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens' | 'both';
  /** Response formats the server is known to reject: the step-down skips them. */
  rejects: readonly OutputMode[];
}

/** `compatible`: a base URL that is not OpenAI's and no `server:` named. */
export type ServerChoice = ServerKind | 'compatible';

export const SERVER_TRAITS: Record<ServerChoice, ServerTraits> = {
  openai: { maxTokensParam: 'max_completion_tokens', rejects: [] },
  // Ollama's /v1 ignores max_completion_tokens: only max_tokens sets num_predict (openai/openai.go).
  ollama: { maxTokensParam: 'max_tokens', rejects: [] },
  vllm: { maxTokensParam: 'max_completion_tokens', rejects: [] },
  'llama.cpp': { maxTokensParam: 'max_completion_tokens', rejects: [] },
  // LM Studio answers json_object with 400 "'response_format.type' must be 'json_schema' or 'text'"
  // (lmstudio-bug-tracker#189, still so in 0.4.19); its max_completion_tokens support is unchecked.
  lmstudio: { maxTokensParam: 'both', rejects: ['json_object'] },
  // Unknown: name both caps, so a server that reads either one caps the output.
  compatible: { maxTokensParam: 'both', rejects: [] },
};

/** The server behind the `openai` provider: as named in the config, else OpenAI's own for its URL (or none), else unknown. */
export function openaiServer(config: Pick<Config, 'openaiServer' | 'openai'>): ServerChoice {
  if (config.openaiServer) return config.openaiServer;
  const url = config.openai.baseURL;
  if (!url) return 'openai';
  try {
    return new URL(url).hostname === 'api.openai.com' ? 'openai' : 'compatible';
  } catch {
    return 'compatible';
  }
}
