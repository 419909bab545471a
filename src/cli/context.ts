import { join, relative } from 'node:path';
import pLimit from 'p-limit';
import { loadPrices, type PriceTable } from '../cost/prices.js';
import { packageRoot } from '../util/package-root.js';
import { Catalog, isToolPath, loadTool } from '../catalog/catalog.js';
import type { Tool } from '../catalog/tool-schema.js';
import { loadConfig, type Config } from '../config.js';
import { PanelError } from '../errors.js';
import { loadPersonas, type Persona } from '../personas/persona.js';
import { minCacheableTokens, sharedPrefixTokens } from '../providers/anthropic-cache.js';
import type { CallParams, WireFormat } from '../providers/wire.js';
import { buildToolBlock, SHARED_RULES } from '../review/prompt.js';
import { RunStore } from '../runs/store.js';
import { stringFlag, type ParsedArgs } from './args.js';
import type { Io } from './io.js';

/** What most commands need: the resolved config, the panel's personas and the run store. */
export interface Context {
  io: Io;
  config: Config;
  /** The model named by --model, which beats a persona's own. */
  modelFlag: string | undefined;
  personas: Persona[];
  store: RunStore;
  /** The price table (`prices:` in the config, else the package's prices.yaml). */
  prices: PriceTable;
  /** Notices already given in this command, so each is said once. */
  said: Set<string>;
  /** Whether this command makes live calls, so notices about them (caching) are worth saying. */
  live: boolean;
}

export async function createContext(args: ParsedArgs, io: Io): Promise<Context> {
  const flags = {
    ...optional('config', stringFlag(args.values, 'config')),
    ...optional('provider', stringFlag(args.values, 'provider')),
    ...optional('model', stringFlag(args.values, 'model')),
    ...optional('concurrency', stringFlag(args.values, 'concurrency')),
  };
  const config = await loadConfig(flags, io.env, io.cwd);
  const personas = await loadPersonas(config.personas, io.cwd);
  const pricesFile = config.prices ?? join(packageRoot().dir, 'prices.yaml');
  const prices = await loadPrices(pricesFile, relative(io.cwd, pricesFile) || pricesFile);
  return { io, config, modelFlag: flags.model, personas, store: new RunStore(config.runs, io.cwd), prices, said: new Set(), live: false };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** Load every named tool; problems in several files are all reported, not one per run. */
export async function loadTools(ctx: Context, args: readonly string[]): Promise<Tool[]> {
  const ids = ctx.personas.map((p) => p.id);
  const catalog = args.every(isToolPath) ? undefined : await Catalog.open(ctx.config.catalog);
  const files = pLimit(32); // a catalog of thousands must not open thousands of files at once
  const settled = await Promise.allSettled(
    args.map((arg) => files(() => (catalog ? catalog.load(arg, ctx.io.cwd, ids) : loadTool(arg, ctx.config.catalog, ctx.io.cwd, ids)))),
  );
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (errors.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<Tool>).value);
  const first = errors[0];
  if (errors.length === 1 || !errors.every((e) => e instanceof PanelError)) throw first;
  throw new PanelError((errors as PanelError[]).map((e) => e.message).join('\n'), 2);
}

/** The personas on a tool's panel, in the panel's order; all of them when the tool names none. */
export function panelOf(tool: Tool, personas: readonly Persona[]): Persona[] {
  if (!tool.panel) return [...personas];
  return tool.panel.map((id) => personas.find((p) => p.id === id)!);
}

/**
 * A persona's call parameters. Model precedence: --model, then the persona's
 * own, then PANEL_MODEL / config, then `fallbackModel` (the recording's, or
 * the provider default).
 */
export function callParams(
  ctx: Context,
  persona: Persona,
  wire: Pick<WireFormat, 'id' | 'defaultMaxTokens'>,
  fallbackModel: string,
  tool: Tool,
): CallParams {
  const model = ctx.modelFlag ?? persona.model ?? ctx.config.model ?? fallbackModel;
  return {
    model,
    maxTokens: wire.defaultMaxTokens,
    ...(persona.temperature !== undefined ? { temperature: persona.temperature } : {}),
    ...(wire.id === 'anthropic' && cacheWorthIt(ctx, tool, model) ? { cachePrefix: true as const } : {}),
  };
}

/** Whether a panel's shared prefix reaches the model's minimum cacheable length; says once per command when not. */
function cacheWorthIt(ctx: Context, tool: Tool, model: string): boolean {
  let byModel = cacheDecisions.get(tool);
  if (!byModel) cacheDecisions.set(tool, (byModel = new Map()));
  let decision = byModel.get(model);
  if (decision === undefined) byModel.set(model, (decision = decideCache(ctx, tool, model)));
  return decision;
}
const cacheDecisions = new WeakMap<Tool, Map<string, boolean>>();

function decideCache(ctx: Context, tool: Tool, model: string): boolean {
  const tokens = sharedPrefixTokens({ system: SHARED_RULES, toolBlock: buildToolBlock(tool) });
  const minimum = minCacheableTokens(model);
  if (tokens >= minimum) return true;
  const note = `prompt caching is off for ${model}: a panel's shared prefix (about ${tokens.toLocaleString('en-US')} tokens, estimated) is below its ${minimum.toLocaleString('en-US')}-token minimum, so marking it would buy nothing.`;
  if (ctx.live && !ctx.said.has(`cache:${model}`)) {
    ctx.said.add(`cache:${model}`);
    ctx.io.stderr.write(`panel: ${note}\n`);
  }
  return false;
}
