import type { SourceHosts } from '../config.js';
import type { Release, SourceRef, SourceState } from '../shapes/source.js';
import { sha256 } from '../util/hash.js';
import type { Fetched, HostGate } from './host-gate.js';

/** A README, a model card or a page larger than this is a failure, not a snapshot. */
const MAX_README_BYTES = 512 * 1024;

/** What reading one source came to: its new state, or why there is none (the last snapshot then stays). */
export type SourceRead = { ok: true; state: SourceState } | { ok: false; message: string; rateLimited: boolean };

/** One request of a source: its URL, how to ask, and what its answer sets in the state (a 304 keeps the last look's). */
interface Ask {
  url: string;
  accept?: string;
  token?: string;
  maxBytes?: number;
  /** A 404 here means "none" (no release yet), not "the source is gone". */
  optional?: boolean;
  apply(state: SourceState, text: string, finalUrl: string): void;
}

const EMPTY: Omit<SourceState, 'readAt'> = { validators: {}, release: null, licence: null, readme: null, figures: {}, archived: false, movedTo: null };

/** Read one source: every request it needs, conditional on the last look; any failure leaves the whole source unread. */
export async function readSource(ref: SourceRef, previous: SourceState | undefined, gate: HostGate, hosts: SourceHosts, now: Date): Promise<SourceRead> {
  const asks = asksOf(ref, hosts);
  const state: SourceState = previous ? structuredClone({ ...previous, readAt: now.toISOString() }) : { ...structuredClone(EMPTY), readAt: now.toISOString() };
  const answers = await Promise.all(
    asks.map((ask) =>
      gate.get(ask.url, {
        ...(ask.accept ? { accept: ask.accept } : {}),
        ...(ask.token ? { token: ask.token } : {}),
        ...(ask.maxBytes ? { maxBytes: ask.maxBytes } : {}),
        ...(previous?.validators[ask.url] ? { validators: previous.validators[ask.url]! } : {}),
      }),
    ),
  );
  for (const [i, answer] of answers.entries()) {
    const ask = asks[i]!;
    const failure = failureOf(ref, ask, answer);
    if (failure) return failure;
    if (answer.kind === 'ok') {
      try {
        ask.apply(state, answer.text, answer.url);
      } catch (error) {
        return { ok: false, message: `${ask.url} did not answer in the shape panel reads (${(error as Error).message})`, rateLimited: false };
      }
      state.validators[ask.url] = answer.validators;
    } else if (answer.kind === 'missing') {
      ask.apply(state, '', ask.url); // an optional part that is not there: none
      delete state.validators[ask.url];
    }
  }
  return { ok: true, state };
}

function failureOf(ref: SourceRef, ask: Ask, answer: Fetched): SourceRead | undefined {
  if (answer.kind === 'failed') return { ok: false, message: answer.message, rateLimited: answer.rateLimited ?? false };
  if (answer.kind === 'missing' && !ask.optional)
    return { ok: false, message: `source gone: ${ref.ref} answered ${answer.status} (renamed or deleted? fix \`source:\` in the tool file)`, rateLimited: false };
  return undefined;
}

function json(text: string): Record<string, unknown> {
  const data = JSON.parse(text) as unknown;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('not a JSON object');
  return data as Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const readme = (text: string): SourceState['readme'] => (text ? { hash: sha256(text), text } : null);

function asksOf(ref: SourceRef, hosts: SourceHosts): Ask[] {
  switch (ref.kind) {
    case 'github': {
      const base = `${hosts.githubApi}/repos/${ref.owner}/${ref.repo}`;
      const token = hosts.githubToken;
      const common = { accept: 'application/vnd.github+json', ...(token ? { token } : {}) };
      return [
        {
          url: base,
          ...common,
          apply(state, text) {
            const repo = json(text);
            const fullName = str(repo['full_name']);
            state.movedTo = fullName && fullName.toLowerCase() !== `${ref.owner}/${ref.repo}`.toLowerCase() ? fullName : null;
            state.archived = repo['archived'] === true;
            state.licence = str((repo['license'] as Record<string, unknown> | null)?.['spdx_id']) ?? str((repo['license'] as Record<string, unknown> | null)?.['name']);
            const stars = num(repo['stargazers_count']);
            if (stars !== undefined) state.figures['stars'] = stars;
          },
        },
        {
          url: `${base}/releases/latest`,
          ...common,
          optional: true,
          apply(state, text) {
            if (!text) return void (state.release = null);
            const r = json(text);
            state.release = { tag: str(r['tag_name']) ?? '?', date: str(r['published_at']), notes: str(r['body']) ?? '' } satisfies Release;
          },
        },
        {
          url: `${base}/readme`,
          accept: 'application/vnd.github.raw',
          ...(token ? { token } : {}),
          maxBytes: MAX_README_BYTES,
          optional: true,
          apply: (state, text) => void (state.readme = readme(text)),
        },
      ];
    }
    case 'huggingface': {
      const token = hosts.hfToken;
      const path = `${ref.space ? 'spaces/' : ''}${ref.owner}/${ref.name}`;
      return [
        {
          url: `${hosts.huggingface}/api/${ref.space ? 'spaces' : 'models'}/${ref.owner}/${ref.name}`,
          ...(token ? { token } : {}),
          apply(state, text) {
            const m = json(text);
            const sha = str(m['sha']);
            state.release = sha ? { tag: sha.slice(0, 7), date: str(m['lastModified']), notes: '' } : null;
            state.licence =
              str((m['cardData'] as Record<string, unknown> | undefined)?.['license']) ??
              (Array.isArray(m['tags']) ? (((m['tags'] as unknown[]).find((t) => typeof t === 'string' && t.startsWith('license:')) as string | undefined)?.slice(8) ?? null) : null);
            for (const key of ['likes', 'downloads'] as const) {
              const n = num(m[key]);
              if (n !== undefined) state.figures[key] = n;
            }
          },
        },
        {
          url: `${hosts.huggingface}/${path}/raw/main/README.md`,
          accept: 'text/plain',
          ...(token ? { token } : {}),
          maxBytes: MAX_README_BYTES,
          optional: true,
          apply: (state, text) => void (state.readme = readme(text)),
        },
      ];
    }
    case 'npm':
      return [
        {
          url: `${hosts.npmRegistry}/${ref.name.replace('/', '%2F')}`,
          apply(state, text) {
            const doc = json(text);
            const latest = str((doc['dist-tags'] as Record<string, unknown> | undefined)?.['latest']);
            const time = (doc['time'] ?? {}) as Record<string, unknown>;
            state.release = latest ? { tag: latest, date: str(time[latest]), notes: '' } : null;
            state.licence = str(doc['license']);
            state.readme = readme(str(doc['readme']) ?? '');
          },
        },
      ];
    case 'pypi':
      return [
        {
          url: `${hosts.pypi}/pypi/${ref.name}/json`,
          apply(state, text) {
            const doc = json(text);
            const info = (doc['info'] ?? {}) as Record<string, unknown>;
            const version = str(info['version']);
            const files = version ? (((doc['releases'] as Record<string, unknown[]> | undefined)?.[version] ?? doc['urls'] ?? []) as Record<string, unknown>[]) : [];
            state.release = version ? { tag: version, date: str(files[0]?.['upload_time_iso_8601']), notes: '' } : null;
            state.licence = str(info['license_expression']) ?? str(info['license']);
            state.readme = readme(str(info['description']) ?? '');
          },
        },
      ];
    case 'url':
      return [{ url: ref.url, accept: 'text/html, text/plain', maxBytes: MAX_README_BYTES, apply: (state, text) => void (state.readme = readme(text)) }];
  }
}
