import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { parseYamlWith, readUtf8 } from './util/yaml-file.js';

const PROVIDERS = ['anthropic', 'openai', 'replay'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

const CONFIG_FILE = 'panel.config.yaml';

/** OpenAI-compatible servers whose differences panel knows (providers/servers.ts). */
const SERVERS = ['openai', 'ollama', 'vllm', 'llama.cpp', 'lmstudio'] as const;
export type ServerKind = (typeof SERVERS)[number];

/**
 * Upper bounds on every number that multiplies work or waiting, so that no
 * setting can make panel run out of memory, hold thousands of sockets, or
 * ignore a stop signal for hours. Each says why in the error.
 */
const LIMITS = {
  samples: { max: 25, why: 'each sample is a paid call per persona, and a majority of 25 is as settled as a verdict gets' },
  concurrency: { max: 256, why: 'no provider key allows more calls in flight, and each holds a connection open' },
  attempts: { max: 10, why: 'with backoff, more tries keep one call waiting for many minutes' },
  timeout: { max: 3600, why: 'a call that has not answered in an hour will not, and a stop signal waits for calls in flight' },
  batch_limit: { max: 100_000, why: "Anthropic's documented largest batch (OpenAI's is 50,000)" },
} as const;

const positiveInt = (what: string, limit?: { max: number; why: string }) => {
  const n = z
    .number({ error: `must be a whole number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .min(1, 'must be 1 or more');
  return limit ? n.max(limit.max, `must be at most ${limit.max.toLocaleString('en-US')}: ${limit.why}`) : n;
};

const providerSchema = z.strictObject({
  kind: z.enum(['anthropic', 'openai'], { error: 'must be anthropic or openai (any OpenAI-compatible server is openai)' }).optional(),
  base_url: z.string().url('must be a URL, e.g. http://localhost:11434/v1').optional(),
  /** The environment variable that holds the key (never the key itself). */
  api_key_env: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the name of an environment variable, e.g. LOCAL_LLM_KEY')
    .optional(),
  server: z.enum(SERVERS, { error: `must be one of ${SERVERS.join(', ')}` }).optional(),
});

/** Every key of panel.config.yaml (README, panel.config.yaml). Unknown keys are errors with a suggestion. */
const configFileSchema = z.strictObject({
  catalog: z.string().min(1).optional(),
  runs: z.string().min(1).optional(),
  personas: z.string().min(1).optional(),
  provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }).optional(),
  model: z.string().min(1).optional(),
  concurrency: positiveInt('calls', LIMITS.concurrency).optional(),
  timeout: z
    .number({ error: 'must be a number of seconds' })
    .positive('must be more than 0')
    .max(LIMITS.timeout.max, `must be at most ${LIMITS.timeout.max} seconds: ${LIMITS.timeout.why}`)
    .optional(),
  attempts: positiveInt('tries', LIMITS.attempts).optional(),
  prices: z.string().min(1).optional(),
  /** A model table file that adds to or overrides the package's models.yaml. */
  models: z.string().min(1).optional(),
  /**
   * Providers by name: `anthropic` and `openai` take settings (`server:`); any
   * other name is an extra provider (a second OpenAI-compatible server, say),
   * usable in `jury:` as `name/model`.
   */
  providers: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a provider name is lowercase letters, digits, - and _'), providerSchema).optional(),
  /** Persona id → `provider/model`: which model each persona runs on. */
  jury: z.record(z.string(), z.string().regex(/^[^/\s]+\/\S+$/, 'must be provider/model, e.g. anthropic/claude-haiku-5-5')).optional(),
  /** The self-preference guard: a persona never judges a tool made by its model's maker (default on). */
  guard: z.union([z.enum(['on', 'off']), z.boolean()], { error: 'must be on or off' }).optional(),
  /** The model a guarded persona runs on instead, `provider/model` (another maker's). Without it, the persona is recused. */
  fallback: z
    .string()
    .regex(/^[^/\s]+\/\S+$/, 'must be provider/model, e.g. openai/gpt-5.4-mini')
    .optional(),
  /** Independent samples asked of each persona (default 1). */
  samples: positiveInt('samples', LIMITS.samples).optional(),
  /** The published site: its title, its address (for absolute links in the feed), and the newsletter block. */
  site: z
    .strictObject({
      title: z.string().min(1).optional(),
      base_url: z.string().url("must be the site's address, e.g. https://verdicts.example.com/").optional(),
      newsletter: z.strictObject({ heading: z.string().min(1), text: z.string().min(1), url: z.string().url().optional() }).optional(),
      /** Published pages say per quote how many of its claims the vendor's material supports (default: nothing). */
      show_checks: z.boolean().optional(),
    })
    .optional(),
  /** The claim check: `on` asks a checker model to read each new quote against the tool's material (the figures check is always on). */
  grounding: z.union([z.enum(['on', 'off']), z.boolean()], { error: 'must be on or off' }).optional(),
  /** The checker's model, `provider/model` (default: the model the run's personas default to). */
  checker: z
    .string()
    .regex(/^[^/\s]+\/\S+$/, 'must be provider/model, e.g. anthropic/claude-haiku-5-5')
    .optional(),
  /** `required`: publish only runs an editor approved (`panel approve`, `panel desk`); without it every complete run is published. */
  approval: z.enum(['required', 'none'], { error: 'must be required or none' }).optional(),
  /** The comparison pages `panel publish` writes, each a pair of tool slugs. */
  comparisons: z.array(z.tuple([z.string(), z.string()], { error: 'each comparison is a pair of tool slugs, e.g. [smolvlm2, moondream2]' })).optional(),
  /** Requests per provider batch; larger batches are split (default: the provider's documented limit). */
  batch_limit: positiveInt('requests', LIMITS.batch_limit).optional(),
});

type ConfigFile = z.output<typeof configFileSchema>;

/** Endpoint settings read from the environment, handed to the provider that needs them. */
export interface Credentials {
  apiKey?: string;
  baseURL?: string;
}

/** One provider as a run uses it: its API, where it is, and its key (read from the environment here, never written). */
export interface ProviderSpec {
  name: string;
  kind: 'anthropic' | 'openai';
  apiKey?: string;
  baseURL?: string;
  server?: ServerKind;
  /** The variable a user sets for its key, for messages. */
  keyVar: string;
}

/** A persona's model choice, as `provider/model`. */
export interface ModelRef {
  provider: string;
  model: string;
}

export interface Config {
  /** The config file used, if any. */
  file?: string;
  catalog: string;
  runs: string;
  personas: string;
  /** Named explicitly by flag, env or file; undefined means "resolve from credentials". */
  provider?: ProviderName;
  model?: string;
  concurrency: number;
  timeoutMs: number;
  attempts: number;
  prices?: string;
  models?: string;
  /** The OpenAI-compatible server behind `openai`, when named in the config. */
  openaiServer?: ServerKind;
  batchLimit?: number;
  anthropic: Credentials;
  openai: Credentials;
  /** Every provider a persona can name: `anthropic`, `openai`, and those under `providers:`. */
  providers: Record<string, ProviderSpec>;
  /** The `provider` flag alone (it beats a persona's and the jury's choice; config and environment do not). */
  providerFlag?: ProviderName;
  jury: Record<string, ModelRef>;
  guard: boolean;
  fallback?: ModelRef;
  samples: number;
  site: { title: string; baseURL?: string; newsletter?: { heading: string; text: string; url?: string }; showChecks?: boolean };
  comparisons: [string, string][];
  /** Publish only what an editor approved. */
  approvalRequired: boolean;
  /** Ask a checker model about each new quote's claims (`grounding: on`). */
  grounding: boolean;
  checker?: ModelRef;
  /** Who signs decisions when --editor is not given (PANEL_EDITOR); else git's user.name. */
  editor?: string;
  /** Where `panel watch` asks, and the tokens it sends (README, Sources). */
  sources: SourceHosts;
}

/** The services `panel watch` asks: their public roots unless PANEL_*_URL names a mirror, a proxy or a test server. */
export interface SourceHosts {
  githubApi: string;
  huggingface: string;
  npmRegistry: string;
  pypi: string;
  githubToken?: string;
  hfToken?: string;
}

/** Flags common to every command, already parsed; only those given are set. */
export interface ConfigFlags {
  config?: string;
  provider?: string;
  model?: string;
  concurrency?: string;
  samples?: string;
  checker?: string;
}

const DEFAULTS = { catalog: 'fixtures/tools', runs: 'runs', personas: 'personas', concurrency: 5, timeout: 120, attempts: 4 };

/**
 * The one place that reads the environment. Precedence: flags over
 * environment over the config file over defaults. Relative folders resolve
 * against the config file's own folder (or cwd when there is none).
 */
export async function loadConfig(flags: ConfigFlags, env: Record<string, string | undefined>, cwd: string): Promise<Config> {
  const explicit = flags.config ?? env['PANEL_CONFIG'];
  const file = explicit ? resolve(cwd, explicit) : findUp(cwd, CONFIG_FILE);
  if (explicit && file && !existsSync(file)) {
    throw new UsageError(`Config file ${explicit} does not exist (from ${flags.config ? '--config' : 'PANEL_CONFIG'}).`);
  }
  let fromFile: ConfigFile = {};
  if (file) {
    const shown = relative(cwd, file) || file;
    fromFile = parseYamlWith(await readUtf8(file, shown), configFileSchema, shown);
  }
  const root = file ? dirname(file) : cwd;

  const provider = pickProvider(flags.provider, '--provider') ?? pickProvider(env['PANEL_PROVIDER'], 'PANEL_PROVIDER') ?? fromFile.provider;
  const concurrency =
    parseCount(flags.concurrency, '--concurrency', LIMITS.concurrency) ?? parseCount(env['PANEL_CONCURRENCY'], 'PANEL_CONCURRENCY', LIMITS.concurrency) ?? fromFile.concurrency ?? DEFAULTS.concurrency;
  const model = nonEmpty(flags.model) ?? nonEmpty(env['PANEL_MODEL']) ?? fromFile.model;

  return {
    ...(file ? { file } : {}),
    catalog: resolve(root, fromFile.catalog ?? DEFAULTS.catalog),
    runs: resolve(root, fromFile.runs ?? DEFAULTS.runs),
    personas: resolve(root, fromFile.personas ?? DEFAULTS.personas),
    ...(provider ? { provider } : {}),
    ...(model ? { model } : {}),
    concurrency,
    timeoutMs: (fromFile.timeout ?? DEFAULTS.timeout) * 1000,
    attempts: fromFile.attempts ?? DEFAULTS.attempts,
    ...(fromFile.prices ? { prices: resolve(root, fromFile.prices) } : {}),
    ...(fromFile.models ? { models: resolve(root, fromFile.models) } : {}),
    ...(fromFile.providers?.['openai']?.server ? { openaiServer: fromFile.providers['openai'].server } : {}),
    ...(fromFile.batch_limit ? { batchLimit: fromFile.batch_limit } : {}),
    anthropic: credentials(env['ANTHROPIC_API_KEY'], env['ANTHROPIC_BASE_URL']),
    openai: credentials(env['OPENAI_API_KEY'], env['OPENAI_BASE_URL']),
    providers: providerSpecs(fromFile, env, file ? relative(cwd, file) || file : CONFIG_FILE),
    ...(flags.provider ? { providerFlag: pickProvider(flags.provider, '--provider')! } : {}),
    jury: Object.fromEntries(Object.entries(fromFile.jury ?? {}).map(([persona, ref]) => [persona, modelRef(ref)])),
    guard: fromFile.guard === undefined ? true : fromFile.guard === 'on' || fromFile.guard === true,
    ...(fromFile.fallback ? { fallback: modelRef(fromFile.fallback) } : {}),
    samples: parseCount(flags.samples, '--samples', LIMITS.samples) ?? fromFile.samples ?? 1,
    site: {
      title: fromFile.site?.title ?? 'AI Tool Verdicts',
      ...(fromFile.site?.base_url ? { baseURL: fromFile.site.base_url.endsWith('/') ? fromFile.site.base_url : `${fromFile.site.base_url}/` } : {}),
      ...(fromFile.site?.newsletter ? { newsletter: fromFile.site.newsletter } : {}),
      ...(fromFile.site?.show_checks ? { showChecks: true } : {}),
    },
    comparisons: fromFile.comparisons ?? [],
    approvalRequired: fromFile.approval === 'required',
    grounding: fromFile.grounding === 'on' || fromFile.grounding === true,
    ...(nonEmpty(flags.checker) ? { checker: checkerRef(flags.checker!) } : fromFile.checker ? { checker: modelRef(fromFile.checker) } : {}),
    ...(nonEmpty(env['PANEL_EDITOR']) ? { editor: nonEmpty(env['PANEL_EDITOR'])! } : {}),
    sources: {
      githubApi: baseUrl(env['PANEL_GITHUB_API_URL'], 'https://api.github.com', 'PANEL_GITHUB_API_URL'),
      huggingface: baseUrl(env['PANEL_HUGGINGFACE_URL'], 'https://huggingface.co', 'PANEL_HUGGINGFACE_URL'),
      npmRegistry: baseUrl(env['PANEL_NPM_REGISTRY_URL'], 'https://registry.npmjs.org', 'PANEL_NPM_REGISTRY_URL'),
      pypi: baseUrl(env['PANEL_PYPI_URL'], 'https://pypi.org', 'PANEL_PYPI_URL'),
      ...(nonEmpty(env['GITHUB_TOKEN']) ? { githubToken: nonEmpty(env['GITHUB_TOKEN'])! } : {}),
      ...(nonEmpty(env['HF_TOKEN']) ? { hfToken: nonEmpty(env['HF_TOKEN'])! } : {}),
    },
  };
}

/** A service's root from the environment, without its trailing slash; a value that is not an http(s) URL is a usage error. */
function baseUrl(value: string | undefined, fallback: string, name: string): string {
  const given = nonEmpty(value);
  if (!given) return fallback;
  if (!/^https?:\/\/\S+$/.test(given)) throw new UsageError(`${name} is \`${given}\`; give the service's root as an http(s) URL, e.g. ${fallback}.`);
  return given.replace(/\/+$/, '');
}

/** --checker: `provider/model`, checked as the config key is. */
function checkerRef(text: string): ModelRef {
  if (!/^[^/\s]+\/\S+$/.test(text)) throw new UsageError(`--checker is \`${text}\`; give provider/model, e.g. --checker anthropic/claude-haiku-5-5.`);
  return modelRef(text);
}

/** `provider/model`: the provider is what comes before the first slash (a model id may hold slashes). */
function modelRef(text: string): ModelRef {
  const at = text.indexOf('/');
  return { provider: text.slice(0, at), model: text.slice(at + 1) };
}

function providerSpecs(file: ConfigFile, env: Record<string, string | undefined>, shown: string): Record<string, ProviderSpec> {
  const settings = file.providers ?? {};
  const builtIn = (kind: 'anthropic' | 'openai'): ProviderSpec => {
    const s = settings[kind] ?? {};
    const keyVar = s.api_key_env ?? (kind === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY');
    const apiKey = nonEmpty(env[keyVar]);
    const baseURL = nonEmpty(s.base_url) ?? nonEmpty(env[kind === 'anthropic' ? 'ANTHROPIC_BASE_URL' : 'OPENAI_BASE_URL']);
    return { name: kind, kind, keyVar, ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL } : {}), ...(s.server ? { server: s.server } : {}) };
  };
  const specs: Record<string, ProviderSpec> = { anthropic: builtIn('anthropic'), openai: builtIn('openai') };
  for (const [name, s] of Object.entries(settings)) {
    if (name === 'anthropic' || name === 'openai') continue;
    if (!s.kind) throw new UsageError(`${shown}: providers.${name}.kind is required: anthropic or openai (any OpenAI-compatible server is openai).`);
    const keyVar = s.api_key_env ?? `${name.toUpperCase().replace(/-/g, '_')}_API_KEY`;
    const apiKey = nonEmpty(env[keyVar]);
    specs[name] = { name, kind: s.kind, keyVar, ...(apiKey ? { apiKey } : {}), ...(s.base_url ? { baseURL: s.base_url } : {}), ...(s.server ? { server: s.server } : {}) };
  }
  return specs;
}

function credentials(apiKey: string | undefined, baseURL: string | undefined): Credentials {
  return { ...(nonEmpty(apiKey) ? { apiKey: apiKey! } : {}), ...(nonEmpty(baseURL) ? { baseURL: baseURL! } : {}) };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim() ? v.trim() : undefined;
}

function findUp(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function pickProvider(value: string | undefined, source: string): ProviderName | undefined {
  const v = nonEmpty(value);
  if (v === undefined) return undefined;
  if ((PROVIDERS as readonly string[]).includes(v)) return v as ProviderName;
  throw new UsageError(`${source} is \`${v}\`; it must be one of ${PROVIDERS.join(', ')}.`);
}

function parseCount(value: string | undefined, source: string, limit: { max: number; why: string }): number | undefined {
  const v = nonEmpty(value);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${source} is \`${v}\`; it must be a whole number from 1 up.`);
  if (n > limit.max) throw new UsageError(`${source} is ${v}; it must be at most ${limit.max.toLocaleString('en-US')}: ${limit.why}.`);
  return n;
}
