import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import type { Provider } from './provider.js';
import { openaiServer } from './servers.js';

export type ProviderPlan =
  | { kind: 'live'; provider: Provider }
  /** Replay from recorded runs: strict when named with --provider replay, else the no-key fallback. */
  | { kind: 'replay'; strict: boolean };

export const HOW_TO_CONFIGURE =
  'Set ANTHROPIC_API_KEY (Anthropic), OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL (a local OpenAI-compatible server ' +
  'such as vLLM, Ollama, llama.cpp or LM Studio), or pass --provider.';

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

/**
 * Provider resolution (design.md): a named provider wins; else
 * ANTHROPIC_API_KEY means anthropic; OPENAI_API_KEY or OPENAI_BASE_URL means
 * openai; else replay the latest recording. SDKs load only here, on demand.
 */
export async function planProvider(
  config: Config,
  options: { fetch?: typeof fetch; onNotice?: (message: string) => void },
): Promise<ProviderPlan> {
  const name =
    config.provider ?? (config.anthropic.apiKey ? 'anthropic' : config.openai.apiKey || config.openai.baseURL ? 'openai' : undefined);
  const live = {
    timeoutMs: config.timeoutMs,
    retry: { attempts: config.attempts },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  switch (name) {
    case undefined:
      return { kind: 'replay', strict: false };
    case 'replay':
      return { kind: 'replay', strict: true };
    case 'anthropic': {
      const credentials = credentialsFor(config, 'anthropic', '--provider anthropic');
      const { createAnthropicProvider } = await import('./anthropic.js');
      return { kind: 'live', provider: await createAnthropicProvider({ ...live, ...credentials }) };
    }
    case 'openai': {
      const credentials = credentialsFor(config, 'openai', '--provider openai');
      const { createOpenAIProvider } = await import('./openai.js');
      const server = openaiServer(config);
      return { kind: 'live', provider: await createOpenAIProvider({ ...live, ...credentials, server, ...(options.onNotice ? { onNotice: options.onNotice } : {}) }) };
    }
  }
}
