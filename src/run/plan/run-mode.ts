import type { Config, ProviderSpec } from '../../config.js';
import type { Provider } from '../../providers/provider.js';
import { openaiServer } from '../../providers/servers.js';

/** How a command's calls are answered: live by the configured providers, or replayed from recordings. */
export type RunMode = { kind: 'live'; defaultProvider: string } | { kind: 'replay'; strict: boolean };

const hasCredentials = (p: ProviderSpec) => Boolean(p.apiKey || (p.kind === 'openai' && p.baseURL));

/**
 * Provider resolution (README, Point it at a model): `--provider replay` (or `provider: replay`)
 * replays strictly; a named provider is the default; else ANTHROPIC_API_KEY
 * means anthropic, OPENAI_API_KEY or OPENAI_BASE_URL openai, then any provider
 * under `providers:` with a key; with no credentials at all, the latest
 * recording is replayed. Personas may still run elsewhere (the jury).
 */
export function runMode(config: Config): RunMode {
  if (config.provider === 'replay') return { kind: 'replay', strict: true };
  if (config.provider) return { kind: 'live', defaultProvider: config.provider };
  const withKey = Object.values(config.providers).find(hasCredentials);
  return withKey ? { kind: 'live', defaultProvider: withKey.name } : { kind: 'replay', strict: false };
}

/** One live provider per configured provider the plans use, each loading its SDK on first use. */
export async function liveProviders(config: Config, names: Iterable<string>, options: { fetch?: typeof fetch; onNotice?: (message: string) => void }): Promise<Map<string, Provider>> {
  const live = { timeoutMs: config.timeoutMs, retry: { attempts: config.attempts }, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const out = new Map<string, Provider>();
  for (const name of new Set(names)) {
    const spec = config.providers[name]!;
    const where = { apiKey: spec.apiKey ?? 'no-key-needed', ...(spec.baseURL ? { baseURL: spec.baseURL } : {}) };
    if (spec.kind === 'anthropic') {
      const { createAnthropicProvider } = await import('../../providers/anthropic.js');
      out.set(name, await createAnthropicProvider({ ...live, ...where }));
    } else {
      const { createOpenAIProvider } = await import('../../providers/openai.js');
      const server = spec.server ?? (name === 'openai' ? openaiServer(config) : spec.baseURL ? 'compatible' : 'openai');
      out.set(name, await createOpenAIProvider({ ...live, ...where, server, ...(options.onNotice ? { onNotice: options.onNotice } : {}) }));
    }
  }
  return out;
}
