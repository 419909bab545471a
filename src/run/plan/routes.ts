import type { Tool } from '../../shapes/tool.js';
import type { ProviderSpec } from '../../config.js';
import type { Persona } from '../../personas/persona.js';
import type { Provider } from '../../providers/provider.js';
import type { ServerChoice } from '../../providers/servers.js';
import { WIRES } from '../../providers/wire-registry.js';
import type { RunSummary } from '../../shapes/run-record.js';
import { assignPanel, assignPersona, providerSpec, requireCredentials } from './assign.js';
import { panelOf, type Route } from './plan.js';
import { liveProviders } from './run-mode.js';
import type { Session } from '../session.js';

/** Where each persona of each tool runs, and the live providers those routes need. */
export interface LiveRoutes {
  routeOf(tool: Tool): (persona: Persona) => Route;
  providers: Map<string, Provider>;
}

function serverOf(session: Session, spec: ProviderSpec): ServerChoice {
  return spec.server ?? (spec.name === 'openai' ? session.openaiServer : spec.baseURL ? 'compatible' : 'openai');
}

/**
 * Assign every persona of every tool (the jury, the guard applied), check
 * that each provider a persona runs on has its key before any call, and
 * start the providers. The SDKs the personas need load while `toolsReady`
 * (the tool files) is still being read.
 */
export async function liveRoutes(
  session: Session,
  toolsReady: Promise<Tool[]>,
  defaultProvider: string,
  /** The personas each tool is judged by (default: its panel). */
  personasOf: (tool: Tool) => readonly Persona[] = (tool) => panelOf(tool, session.personas),
): Promise<{ tools: Tool[]; routes: LiveRoutes }> {
  const options = { ...(session.fetch ? { fetch: session.fetch } : {}), onNotice: session.notice };
  const early = new Set(session.personas.map((p) => assignPersona(session, p, defaultProvider).provider).filter((n) => session.config.providers[n]));
  if (session.config.fallback && session.config.providers[session.config.fallback.provider]) early.add(session.config.fallback.provider);
  const [tools, started] = await Promise.all([toolsReady, liveProviders(session.config, early, options)]);
  const judges = new Map(tools.map((tool) => [tool.slug, personasOf(tool)]));
  const assignments = new Map(tools.map((tool) => [tool.slug, assignPanel(session, tool, judges.get(tool.slug)!, defaultProvider)]));
  const needed = new Set<string>();
  for (const [slug, byPersona] of assignments) {
    for (const [personaId, a] of byPersona) {
      if (a.recused) continue;
      requireCredentials(
        judges.get(slug)!.find((p) => p.id === personaId)!,
        a.provider,
      );
      if (a.rerouted) session.noticeOnce(`reroute:${slug}:${personaId}`, `${slug}: ${a.rerouted} (the self-preference guard).`);
      needed.add(a.provider.name);
    }
  }
  const missing = [...needed].filter((n) => !started.has(n));
  for (const [name, provider] of await liveProviders(session.config, missing, options)) started.set(name, provider);
  return {
    tools,
    routes: {
      providers: started,
      routeOf: (tool) => (persona) => {
        // A persona off this tool's panel (a head-to-head asks the union of both panels) is assigned as it would be on it.
        const a = assignments.get(tool.slug)?.get(persona.id) ?? assignPanel(session, tool, [persona], defaultProvider).get(persona.id)!;
        return { provider: a.provider.name, api: a.provider.kind, model: a.model, server: serverOf(session, a.provider), ...(a.recused ? { recused: a.recused } : {}) };
      },
    },
  };
}

/**
 * Routes from a recording, for a dry run with no provider: each persona where
 * its latest review ran (else Anthropic's default model).
 */
export function recordedRoute(session: Session, latest: RunSummary | undefined): (persona: Persona) => Route {
  return (persona) => {
    const review = latest?.reviews.find((r) => r.persona === persona.id);
    const api = review?.api ?? latest?.provider ?? 'anthropic';
    const name = review?.provider ?? api;
    const spec = session.config.providers[name] ?? providerSpec(session, api, 'A recorded run');
    return { provider: name, api, model: review?.model ?? WIRES[api].defaultModel, server: serverOf(session, spec) };
  };
}
