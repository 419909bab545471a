import type { Config } from '../config.js';
import { UsageError } from '../errors.js';

export const HOW_TO_CONFIGURE =
  'Set ANTHROPIC_API_KEY (Anthropic), OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL (a local OpenAI-compatible server ' + 'such as vLLM, Ollama, llama.cpp or LM Studio), or pass --provider.';

/** The key (and base URL) a provider's API needs, or a usage error that names the variable to set and what it is for. */
export function credentialsFor(config: Config, name: 'anthropic' | 'openai', purpose: string): { apiKey: string; baseURL?: string } {
  if (name === 'anthropic') {
    const { apiKey, baseURL } = config.anthropic;
    if (!apiKey) throw new UsageError(`${purpose} needs ANTHROPIC_API_KEY in the environment.`);
    return { apiKey, ...(baseURL ? { baseURL } : {}) };
  }
  const { apiKey, baseURL } = config.openai;
  if (!apiKey && !baseURL) throw new UsageError(`${purpose} needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server.`);
  // Local servers take no key, but the SDK insists on one.
  return { apiKey: apiKey ?? 'no-key-needed', ...(baseURL ? { baseURL } : {}) };
}
