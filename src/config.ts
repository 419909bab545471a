import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { parseYamlWith, readUtf8 } from './util/yaml-file.js';

export const PROVIDERS = ['anthropic', 'openai', 'replay'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const CONFIG_FILE = 'panel.config.yaml';

/** OpenAI-compatible servers whose differences panel knows (providers/servers.ts). */
export const SERVERS = ['openai', 'ollama', 'vllm', 'llama.cpp', 'lmstudio'] as const;
export type ServerKind = (typeof SERVERS)[number];

const positiveInt = (what: string) =>
  z.number({ error: `must be a whole number of ${what}` }).int(`must be a whole number of ${what}`).min(1, 'must be 1 or more');

/** Every key of panel.config.yaml (design.md). Unknown keys are errors with a suggestion. */
const configFileSchema = z.strictObject({
  catalog: z.string().min(1).optional(),
  runs: z.string().min(1).optional(),
  personas: z.string().min(1).optional(),
  provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }).optional(),
  model: z.string().min(1).optional(),
  concurrency: positiveInt('calls').optional(),
  timeout: z.number({ error: 'must be a number of seconds' }).positive('must be more than 0').optional(),
  attempts: positiveInt('tries').optional(),
  prices: z.string().min(1).optional(),
  /** A model table file that adds to or overrides the package's models.yaml. */
  models: z.string().min(1).optional(),
  /** Per-provider settings: for now which OpenAI-compatible server `openai` talks to. */
  providers: z
    .strictObject({
      openai: z.strictObject({ server: z.enum(SERVERS, { error: `must be one of ${SERVERS.join(', ')}` }) }).optional(),
    })
    .optional(),
  /** Requests per provider batch; larger batches are split (default: the provider's documented limit). */
  batch_limit: positiveInt('requests').optional(),
});

type ConfigFile = z.output<typeof configFileSchema>;

/** Endpoint settings read from the environment, handed to the provider that needs them. */
export interface Credentials {
  apiKey?: string;
  baseURL?: string;
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
}

/** Flags common to every command, already parsed; only those given are set. */
export interface ConfigFlags {
  config?: string;
  provider?: string;
  model?: string;
  concurrency?: string;
}

export const DEFAULTS = { catalog: 'fixtures/tools', runs: 'runs', personas: 'personas', concurrency: 5, timeout: 120, attempts: 4 };

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
    parseCount(flags.concurrency, '--concurrency') ?? parseCount(env['PANEL_CONCURRENCY'], 'PANEL_CONCURRENCY') ?? fromFile.concurrency ?? DEFAULTS.concurrency;
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
    ...(fromFile.providers?.openai ? { openaiServer: fromFile.providers.openai.server } : {}),
    ...(fromFile.batch_limit ? { batchLimit: fromFile.batch_limit } : {}),
    anthropic: credentials(env['ANTHROPIC_API_KEY'], env['ANTHROPIC_BASE_URL']),
    openai: credentials(env['OPENAI_API_KEY'], env['OPENAI_BASE_URL']),
  };
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

function parseCount(value: string | undefined, source: string): number | undefined {
  const v = nonEmpty(value);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${source} is \`${v}\`; it must be a whole number from 1 up.`);
  return n;
}
