import { z } from 'zod';

/**
 * Where a tool lives, as its YAML names it: `github:owner/repo`,
 * `huggingface:owner/name` (a model), `huggingface:spaces/owner/name`,
 * `npm:name` (scoped: `npm:@scope/name`), `pypi:name` or `url:https://…`.
 */
const SOURCE = /^(?:github:[\w.-]+\/[\w.-]+|huggingface:(?:spaces\/)?[\w.-]+\/[\w.-]+|npm:(?:@[\w.-]+\/)?[\w.-]+|pypi:[\w.-]+|url:https?:\/\/\S+)$/;

export const sourceRefSchema = z.string().regex(SOURCE, 'must be github:owner/repo, huggingface:owner/name, huggingface:spaces/owner/name, npm:name, pypi:name or url:https://…');

export type SourceRef =
  | { kind: 'github'; ref: string; owner: string; repo: string }
  | { kind: 'huggingface'; ref: string; space: boolean; owner: string; name: string }
  | { kind: 'npm'; ref: string; name: string }
  | { kind: 'pypi'; ref: string; name: string }
  | { kind: 'url'; ref: string; url: string };

export function parseSource(ref: string): SourceRef {
  const [kind, ...rest] = ref.split(':');
  const body = rest.join(':');
  if (kind === 'github') {
    const [owner, repo] = body.split('/') as [string, string];
    return { kind, ref, owner, repo };
  }
  if (kind === 'huggingface') {
    const parts = body.split('/');
    const space = parts[0] === 'spaces';
    const [owner, name] = (space ? parts.slice(1) : parts) as [string, string];
    return { kind, ref, space, owner, name };
  }
  if (kind === 'npm' || kind === 'pypi') return { kind, ref, name: body };
  return { kind: 'url', ref, url: body };
}

/** A release or version as a source reports it. */
const releaseSchema = z.object({ tag: z.string(), date: z.string().nullable(), notes: z.string() });
export type Release = z.output<typeof releaseSchema>;

/** What a source said at the last look, and how to ask it again cheaply. */
const sourceStateSchema = z.object({
  readAt: z.string(),
  /** Each URL's validators, for `If-None-Match` and `If-Modified-Since`. */
  validators: z.record(z.string(), z.object({ etag: z.string().optional(), lastModified: z.string().optional() })),
  release: releaseSchema.nullable(),
  licence: z.string().nullable(),
  /** The README or model card (or the page, for a url: source): its hash and text. */
  readme: z.object({ hash: z.string(), text: z.string() }).nullable(),
  /** Figures that move on their own (stars, downloads, likes): shown on pages, never a prompt input. */
  figures: z.record(z.string(), z.number()),
  archived: z.boolean(),
  /** Where a renamed repository now lives (a 301). */
  movedTo: z.string().nullable(),
});
export type SourceState = z.output<typeof sourceStateSchema>;

/** `runs/.sources/<slug>.json`: each source's state at the last look, written whole. */
export const sourceSnapshotSchema = z.object({
  version: z.literal(1),
  slug: z.string(),
  sources: z.record(z.string(), sourceStateSchema),
});
export type SourceSnapshot = z.output<typeof sourceSnapshotSchema>;

/** What of a source reaches the reviews: the latest release and the licence (a prompt input), never the moving figures. */
export const sourceLatestSchema = z.object({ source: z.string(), release: releaseSchema.nullable(), licence: z.string().nullable() });
export type SourceLatest = z.output<typeof sourceLatestSchema>;

/** The first 1,500 characters of a release's notes reach the prompt. */
const MAX_NOTES_IN_PROMPT = 1500;

/** The newest release or version over a tool's sources, and its licence: what the reviews are told. */
export function latestOf(snapshot: SourceSnapshot | undefined): SourceLatest | undefined {
  if (!snapshot) return undefined;
  const states = Object.entries(snapshot.sources).filter(([, s]) => s.release || s.licence);
  if (states.length === 0) return undefined;
  const [ref, state] = states.sort(([, a], [, b]) => (b.release?.date ?? '').localeCompare(a.release?.date ?? ''))[0]!;
  return { source: ref, release: state.release && { ...state.release, notes: state.release.notes.slice(0, MAX_NOTES_IN_PROMPT) }, licence: state.licence };
}
