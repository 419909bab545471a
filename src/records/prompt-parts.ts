import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/**
 * Shared prompt parts, stored once. Every review's request repeats long
 * strings that many requests share: the panel's rules (every review), the
 * tool's data (every persona of a run) and each persona's prompt (every
 * tool). A run record keeps its requests with each string of 400 characters
 * or more replaced by `{"$part": "<sha256 of the text>"}` (and its answer
 * schema, the same in every review, by `{"$json": "<sha256>"}`), and the text
 * goes once, as plain text, to `runs/.parts/<first two>/<sha256>.txt`: a pull
 * request shows a changed prompt as one new text file, and a record as the
 * verdicts, quotes and answers it holds. The store puts the parts back when
 * it reads a record, so every request is whole in memory and replays by the
 * hash of the request as sent (kept beside it, `requestHash`).
 */
const PART_MIN_CHARS = 400;

type Json = unknown;
interface PartRef {
  $part: string;
}

const isRef = (v: unknown): v is PartRef => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as PartRef).$part === 'string';
const isJsonRef = (v: unknown): v is { $json: string } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $json?: unknown }).$json === 'string';

/** Where a record's parts live: beside its tool folders, in the runs folder's `.parts/`. */
export function partsDirOf(recordPath: string): string {
  return join(dirname(dirname(recordPath)), '.parts');
}

function partPath(dir: string, hash: string): string {
  return join(dir, hash.slice(0, 2), `${hash}.txt`);
}

/** The answer schema a request carries (Anthropic's `tools`, OpenAI's `response_format`): the same in every review, stored once as JSON. */
const SHARED_JSON_KEYS = new Set(['tools', 'response_format']);

/** A request with its long strings and its answer schema replaced by references, and the texts they name. */
function splitValue(value: Json, parts: Map<string, string>, key = ''): Json {
  if (typeof value === 'string') {
    if (value.length < PART_MIN_CHARS) return value;
    const hash = sha256(value);
    parts.set(hash, value);
    return { $part: hash };
  }
  if (SHARED_JSON_KEYS.has(key) && value !== null && typeof value === 'object') {
    const text = JSON.stringify(value);
    if (text.length >= PART_MIN_CHARS) {
      const hash = sha256(text);
      parts.set(hash, text);
      return { $json: hash };
    }
  }
  if (Array.isArray(value)) return value.map((v) => splitValue(v, parts));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, splitValue(v, parts, k)]));
  return value;
}

/** A run record as stored: each exchange's request with its shared parts referenced, and the parts to write first. */
export function splitParts<R extends { reviews: readonly { exchanges: readonly { request: Record<string, unknown> }[] }[] }>(record: R): { stored: R; parts: Map<string, string> } {
  const parts = new Map<string, string>();
  const reviews = record.reviews.map((review) => ({
    ...review,
    exchanges: review.exchanges.map((exchange) => ({ ...exchange, request: splitValue(exchange.request, parts) as Record<string, unknown> })),
  }));
  return { stored: { ...record, reviews }, parts };
}

/** Write each part not yet stored, whole or not at all, before the record that names it. */
export async function writeParts(dir: string, parts: ReadonlyMap<string, string>): Promise<void> {
  for (const [hash, text] of parts) {
    const path = partPath(dir, hash);
    if (!existsSync(path)) await writeFileAtomic(path, text);
  }
}

/** Parts read in this process, by path: a catalog's records share most of theirs. */
const known = new Map<string, string>();

function joinValue(value: Json, dir: string, shown: string): Json {
  if (isRef(value)) return readPart(dir, value.$part, shown);
  if (isJsonRef(value)) return JSON.parse(readPart(dir, value.$json, shown)) as Json;
  if (Array.isArray(value)) return value.map((v) => joinValue(v, dir, shown));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, joinValue(v, dir, shown)]));
  return value;
}

function readPart(dir: string, hash: string, shown: string): string {
  const path = partPath(dir, hash);
  const cached = known.get(path);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(shown, [
      { message: `a request names the prompt part ${hash}, and ${partPath(dir, hash)} is missing`, fix: 'restore the runs folder’s .parts/ from git (commit it with the runs)' },
    ]);
  }
  if (sha256(text) !== hash) throw new InputError(shown, [{ message: `the prompt part ${partPath(dir, hash)} does not hash to its name: it was edited`, fix: 'restore it from git' }]);
  known.set(path, text);
  return text;
}

/** A record read from disk with every request whole again (records written before parts have none to join). */
export function joinParts(data: unknown, recordPath: string, shown: string): unknown {
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { reviews?: unknown }).reviews)) return data;
  const dir = partsDirOf(recordPath);
  const record = data as { reviews: { exchanges?: { request?: unknown }[] }[] };
  return {
    ...record,
    reviews: record.reviews.map((review) =>
      Array.isArray(review?.exchanges)
        ? { ...review, exchanges: review.exchanges.map((e) => (e && typeof e === 'object' && e.request ? { ...e, request: joinValue(e.request, dir, shown) } : e)) }
        : review,
    ),
  };
}

/**
 * A record as a file: indented to the level of each exchange, whose request
 * and response bodies are one line each. A diff then reads as the fields that
 * changed, and the wire bodies (read by panel, not people) cost no indentation.
 */
export function formatRecord(record: { reviews: readonly { exchanges: readonly { request: unknown; response: { body: unknown } }[] }[] }): string {
  const bodies: string[] = [];
  // A marker no record text can hold: a control character (refused in every text panel reads) and a fresh nonce.
  const nonce = randomBytes(6).toString('hex');
  const mark = (value: unknown) => {
    bodies.push(JSON.stringify(value));
    return `\u0000${nonce}:${bodies.length - 1}\u0000`;
  };
  const marked = {
    ...record,
    reviews: record.reviews.map((review) => ({
      ...review,
      exchanges: review.exchanges.map((exchange) => ({ ...exchange, request: mark(exchange.request), response: { ...exchange.response, body: mark(exchange.response.body) } })),
    })),
  };
  const marker = new RegExp(`"\\\\u0000${nonce}:(\\d+)\\\\u0000"`, 'g');
  return `${JSON.stringify(marked, null, 2).replace(marker, (_, i: string) => bodies[Number(i)]!)}\n`;
}
