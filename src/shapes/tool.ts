import { z } from 'zod';
import { sourceLatestSchema, sourceRefSchema, type SourceLatest } from './source.js';

/** A description longer than this is refused: it would crowd the prompt and the page. */
export const MAX_DESCRIPTION_CHARS = 8000;

const text = (what: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : `must be text, got ${typeName(i.input)}`) })
    .trim()
    .min(1, `${what} must not be empty`);

function typeName(v: unknown): string {
  return v === null ? 'nothing (null)' : Array.isArray(v) ? 'a list' : typeof v;
}

const personaId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a persona id like `builder`');
const votes = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more');

/** The tool file, `<catalog>/<slug>.yaml` (README, Tool files). Unknown keys are errors, not silently dropped. */
export const toolFileSchema = z.strictObject({
  name: text('name'),
  category: text('category'),
  tagline: text('tagline'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://example.com' }).optional(),
  pricing: z.strictObject({
    entry: text('pricing.entry'),
    notes: text('pricing.notes').optional(),
  }),
  description: text('description').max(MAX_DESCRIPTION_CHARS, `is too long: at most ${MAX_DESCRIPTION_CHARS} characters`),
  panel: z.array(personaId).min(1, 'must name at least one persona, or be left out for all').optional(),
  community: z.strictObject({ ship: votes, skip: votes }).optional(),
  /** Who makes the tool (Anthropic, OpenAI, Google, Meta, Hugging Face, ...): the jury's self-preference guard reads it. */
  maker: text('maker').optional(),
  /** Where the tool lives, for `panel watch`: one source or several. */
  source: z.union([sourceRefSchema, z.array(sourceRefSchema).min(1, 'must name at least one source, or be left out')]).optional(),
});

export type ToolFile = z.output<typeof toolFileSchema>;

/** A loaded tool: the file's content plus where it came from, and what its source said at the last `panel watch`. */
export interface Tool extends ToolFile {
  slug: string;
  file: string;
  latest?: SourceLatest;
}

/** A tool as a run record keeps it: the file's content, its slug, and the source's latest release and licence the reviews were told. */
export const toolSnapshotSchema = toolFileSchema.extend({ slug: z.string(), latest: sourceLatestSchema.optional() });
