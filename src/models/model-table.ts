import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { priceSchema } from '../cost/prices.js';
import { InputError } from '../errors.js';
import { parseYamlWith, plainText, readUtf8 } from '../util/yaml-file.js';

/**
 * How a model is asked for a structured answer:
 * - `forced_tool`: Anthropic, the review tool with `tool_choice: {type: tool}`;
 * - `output_format`: Anthropic, `output_config.format` with the review's JSON schema;
 * - `strict_tool`: Anthropic, the review tool with `strict: true` and `tool_choice: auto`;
 * - `json_schema`: OpenAI Chat Completions, strict `response_format` json_schema.
 */
const STRUCTURED_OUTPUTS = ['forced_tool', 'output_format', 'strict_tool', 'json_schema'] as const;
export type StructuredOutput = (typeof STRUCTURED_OUTPUTS)[number];

const SAMPLING_PARAMS = ['temperature', 'top_p', 'top_k'] as const;
export type SamplingParam = (typeof SAMPLING_PARAMS)[number];

const isoDate = z.union([z.string().regex(/^\d{4}-\d\d-\d\d$/, 'must be a date, e.g. 2026-12-11'), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d));

const effortSchema = z.strictObject({
  /** Where the request carries it. */
  param: z.enum(['output_config.effort', 'reasoning_effort']),
  values: z.array(z.string()).min(1),
  /** The model's own default, when documented. */
  model_default: z.string().optional(),
  /** What panel asks for; unset, panel sends nothing and the model uses its default. */
  default: z.string().optional(),
});

const modelEntrySchema = z.strictObject({
  /** Glob patterns (a trailing `*`) for a family of ids; without it the key is the id. */
  match: z.array(z.string().min(1)).optional(),
  provider: z.enum(['anthropic', 'openai'], { error: 'must be anthropic or openai (an OpenAI-compatible server is openai)' }),
  maker: z.string().min(1, 'name who made the model, e.g. Anthropic, OpenAI, Meta'),
  structured_output: z.enum(STRUCTURED_OUTPUTS, { error: `must be one of ${STRUCTURED_OUTPUTS.join(', ')}` }),
  /** Sampling parameters the model accepts; anything else set on a persona is refused before any call. */
  sampling: z.array(z.enum(SAMPLING_PARAMS, { error: `list any of ${SAMPLING_PARAMS.join(', ')}` })).default([]),
  effort: effortSchema.optional(),
  /** Thinking tokens count toward max_tokens, so the cap leaves room for them. */
  thinking_in_max_tokens: z.boolean().optional(),
  /** Which output cap the request names (OpenAI-compatible): GPT-5.x rejects max_tokens. */
  max_tokens_param: z.enum(['max_tokens', 'max_completion_tokens', 'both']).optional(),
  max_tokens: z.number().int().min(1).optional(),
  cache_min_tokens: z.number().int().min(1).optional(),
  cache_min_source: z.string().optional(),
  /** Characters per token, for estimates before any call (no offline tokenizer covers every model). */
  chars_per_token: z.number().positive().optional(),
  price: priceSchema.optional(),
  retires: isoDate.optional(),
});
export type ModelEntry = z.output<typeof modelEntrySchema>;

const modelTableSchema = z.strictObject({ models: z.record(z.string(), modelEntrySchema) });
export type ModelTable = z.output<typeof modelTableSchema>;

/** Entries of an override file: every field optional, merged key by key over the entry it names. */
const overrideTableSchema = z.strictObject({ models: z.record(z.string(), modelEntrySchema.partial()) });

export async function loadModelTable(path: string, shownAs: string): Promise<ModelTable> {
  return parseYamlWith(await readUtf8(path, shownAs), modelTableSchema, shownAs);
}

/**
 * The table with the user's `models:` file over it, read synchronously: a
 * session reads it only when a command first asks about a model, so
 * `panel tools` and `panel personas` never pay for it.
 */
export function loadModelTableSync(path: string, shownAs: string, over: { path: string; shownAs: string } | undefined): ModelTable {
  const read = (file: string, shown: string) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch {
      throw new InputError(shown, [{ message: 'no such file', fix: 'point `models:` in panel.config.yaml at an existing file' }]);
    }
    return plainText(text, shown);
  };
  const base = parseYamlWith(read(path, shownAs), modelTableSchema, shownAs);
  return over ? overlayParsed(base, parseYamlWith(read(over.path, over.shownAs), overrideTableSchema, over.shownAs), over.shownAs) : base;
}

/**
 * The package's table with a user's `models:` file laid over it: a new id is
 * added (and must be complete), a known id's fields are replaced one by one.
 */
export async function overlayModels(base: ModelTable, file: { path: string; shownAs: string } | undefined): Promise<ModelTable> {
  if (!file) return base;
  return overlayParsed(base, parseYamlWith(await readUtf8(file.path, file.shownAs), overrideTableSchema, file.shownAs), file.shownAs);
}

function overlayParsed(base: ModelTable, over: z.output<typeof overrideTableSchema>, shownAs: string): ModelTable {
  const models: Record<string, ModelEntry> = { ...base.models };
  const file = { shownAs };
  for (const [id, entry] of Object.entries(over.models)) {
    const merged = modelEntrySchema.safeParse({ ...models[id], ...entry });
    if (!merged.success) {
      throw new InputError(file.shownAs, [
        ...merged.error.issues.map((i) => ({ field: ['models', id, ...i.path.map(String)].join('.'), message: i.message })),
        { message: `models.${id} is not in panel's table, so it needs every required field`, fix: 'copy a similar entry from models.yaml in the panel package and change what differs' },
      ]);
    }
    models[id] = merged.data;
  }
  return { models };
}
