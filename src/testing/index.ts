/**
 * `editorial-panel/testing`: replay recorded runs through the real SDK clients
 * in your own tests, with no network and no key. Requests are matched by the
 * SHA-256 of their canonical JSON body, never by call order.
 *
 *   const fetch = replayFetch(await loadRuns('runs/smolvlm2'));
 *   new Anthropic({ apiKey: 'test', fetch })   // or runCli(argv, { ..., fetch })
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { indexExchanges } from '../records/exchange-index.js';
import type { RunRecord } from '../shapes/run-record.js';
import { RunStore } from '../records/store.js';
import { hashOf } from '../util/hash.js';

export type { RunRecord } from '../shapes/run-record.js';

/**
 * Read run records from files or folders (a tool's folder, or the whole runs
 * folder), newest first, each validated as panel validates it.
 */
export async function loadRuns(...paths: string[]): Promise<RunRecord[]> {
  const files: string[] = [];
  for (const p of paths.map((x) => resolve(x))) files.push(...(await jsonFiles(p)));
  const store = new RunStore(process.cwd(), process.cwd());
  const records = await Promise.all(files.map((f) => store.read(f)));
  return records.sort((a, b) => b.runId.localeCompare(a.runId));
}

async function jsonFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((e) => !e.name.startsWith('.')).map((e) => (e.isDirectory() ? jsonFiles(join(path, e.name)) : Promise.resolve(e.name.endsWith('.json') ? [join(path, e.name)] : []))),
  );
  return nested.flat();
}

/** What a replaying transport answers for one request body: the recorded response, or a miss. */
export function replayResponse(records: readonly RunRecord[]): (body: unknown) => Response | { miss: string } {
  const index = indexExchanges(records);
  return (body) => {
    const hash = hashOf(body);
    const hit = index.get(hash);
    if (!hit) return { miss: hash };
    const { status, headers, body: recorded } = hit.exchange.response;
    return new Response(JSON.stringify(recorded), { status, headers: { ...headers, 'content-type': 'application/json' } });
  };
}

export interface ReplayFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Hashes of request bodies that no recording answered. */
  readonly misses: string[];
  /** Number of requests answered from a recording. */
  readonly hits: number;
}

/**
 * A `fetch` that answers every request from the given run records, to hand to
 * `new Anthropic({ fetch })`, `new OpenAI({ fetch })` or panel's `runCli(argv,
 * { fetch })`. A request no recording matches gets a 404 (which panel does not
 * retry) whose message carries the request hash, and is listed in `misses`.
 */
export function replayFetch(records: RunRecord | readonly RunRecord[]): ReplayFetch {
  const answer = replayResponse(Array.isArray(records) ? records : [records as RunRecord]);
  const misses: string[] = [];
  let hits = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return notFound(`panel replay: ${request.method} ${request.url} has no JSON body to match`);
    }
    const result = answer(body);
    if (result instanceof Response) {
      hits++;
      return result;
    }
    misses.push(result.miss);
    return notFound(`panel replay: no recorded response for this request (body hash ${result.miss})`);
  };
  return Object.defineProperties(fetch, {
    misses: { value: misses, enumerable: true },
    hits: { get: () => hits, enumerable: true },
  }) as ReplayFetch;
}

function notFound(message: string): Response {
  return new Response(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message } }), {
    status: 404,
    headers: { 'content-type': 'application/json' },
  });
}
