import type { Tool } from '../../shapes/tool.js';
import type { ProviderSpec } from '../../config.js';
import { UsageError } from '../../errors.js';
import type { Persona } from '../../personas/persona.js';
import { WIRES } from '../../providers/wire-registry.js';
import { didYouMean } from '../../util/suggest.js';
import type { Session } from '../session.js';

/** Which provider and model a persona runs on for one tool, and why it may not. */
export interface Assignment {
  provider: ProviderSpec;
  model: string;
  /** Set when the self-preference guard kept the persona off the tool and there is no fallback. */
  recused?: string;
  /** Set when the guard moved the persona to the fallback model. */
  rerouted?: string;
}

/**
 * A persona's provider and model, by explicit precedence: the --provider and
 * --model flags, then the persona's own `provider:`/`model:`, then `jury:`,
 * then the environment and config (`PANEL_PROVIDER`, `provider:`,
 * `PANEL_MODEL`, `model:`), then the default (the provider whose key is set,
 * and its default model). A model is taken only from a source whose provider,
 * if it names one, is the chosen provider.
 */
export function assignPersona(session: Session, persona: Persona, defaultProvider: string | undefined): { provider: string; model: string | undefined } {
  const { config } = session;
  const jury = config.jury[persona.id];
  const live = (name: string | undefined) => (name === 'replay' ? undefined : name); // replay is how, not where
  const sources: { provider?: string | undefined; model?: string | undefined }[] = [
    { provider: live(config.providerFlag), model: session.modelFlag },
    { provider: persona.provider, model: persona.model },
    { provider: jury?.provider, model: jury?.model },
    { provider: live(config.provider), model: config.model },
    { provider: defaultProvider },
  ];
  const named = sources.slice(0, -1).find((s) => s.provider)?.provider;
  // A model named on its own (--model gpt-5.4-mini with both keys set) runs where the model table says it lives, when that provider can be reached.
  const bare = sources.find((s) => s.model && !s.provider)?.model;
  const home = bare && !named ? session.models.models[bare]?.provider : undefined;
  const reachable = home && (session.config.providers[home]?.apiKey || (home === 'openai' && session.config.providers[home]?.baseURL));
  const provider = named ?? (reachable ? home : undefined) ?? defaultProvider ?? 'anthropic';
  const model = sources.find((s) => s.model && (!s.provider || s.provider === provider))?.model;
  return { provider, model };
}

/** A configured provider by name, or a usage error that says which ones exist. */
export function providerSpec(session: Session, name: string, where: string): ProviderSpec {
  const spec = session.config.providers[name];
  if (spec) return spec;
  const names = Object.keys(session.config.providers);
  throw new UsageError(`${where} names the provider \`${name}\`${didYouMean(name, names)}, which is not configured. Known: ${names.join(', ')}; add others under \`providers:\` in panel.config.yaml.`);
}

/**
 * Every persona's assignment for one tool, the guard applied: a persona whose
 * model was made by the tool's maker runs on `fallback:` instead (whatever
 * chose the first model), or is recused with a reason a reader can see.
 */
export function assignPanel(session: Session, tool: Tool, personas: readonly Persona[], defaultProvider: string | undefined): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  for (const persona of personas) {
    const chosen = assignPersona(session, persona, defaultProvider);
    const provider = providerSpec(session, chosen.provider, `The ${persona.id} persona's model`);
    const model = chosen.model ?? WIRES[provider.kind].defaultModel;
    out.set(persona.id, guard(session, tool, persona, { provider, model }));
  }
  return out;
}

function guard(session: Session, tool: Tool, persona: Persona, assignment: Assignment): Assignment {
  if (!session.config.guard || !tool.maker) return assignment;
  const maker = session.model(assignment.model, assignment.provider.kind).entry.maker;
  if (!sameMaker(maker, tool.maker)) return assignment;
  const fallback = session.config.fallback;
  if (fallback) {
    const provider = providerSpec(session, fallback.provider, '`fallback:`');
    const fallbackMaker = session.model(fallback.model, provider.kind).entry.maker;
    if (!sameMaker(fallbackMaker, tool.maker)) {
      return { provider, model: fallback.model, rerouted: `${persona.name} runs on ${fallback.model} here: ${assignment.model} is made by ${maker}, as ${tool.name} is` };
    }
  }
  return { ...assignment, recused: `recused: ${persona.name} runs on ${assignment.model}, made by ${maker}; ${tool.name} is made by ${tool.maker}` };
}

function sameMaker(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return norm(a) === norm(b);
}

/** A persona whose provider has no key (or base URL) is a usage error before any call, naming the variable to set. */
export function requireCredentials(persona: Persona, provider: ProviderSpec): void {
  if (provider.apiKey) return;
  if (provider.kind === 'openai' && provider.baseURL) return; // a local server takes no key
  const base = provider.kind === 'openai' ? ` (or a base URL: ${provider.name === 'openai' ? 'OPENAI_BASE_URL' : `providers.${provider.name}.base_url`}, for a local server)` : '';
  throw new UsageError(`The ${persona.id} persona runs on the ${provider.name} provider, which has no key: set ${provider.keyVar}${base}, or give the persona another provider.`);
}
