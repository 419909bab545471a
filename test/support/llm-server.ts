/**
 * A loopback HTTP server (127.0.0.1, port 0) that speaks the Anthropic
 * Messages API (POST /v1/messages) and the OpenAI Chat Completions API
 * (POST /v1/chat/completions). By default it plays a scripted reviewer that
 * answers every persona with a valid review; tests and the benchmark swap in
 * their own `respond` to inject faults, latency or recorded bodies. Every
 * request is kept (headers, parsed body, arrival time) so tests can assert on
 * what was sent.
 */
import { anthropicRejects, openaiRejects, type OpenAIServerMode } from './api-rules.js';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Api = 'anthropic' | 'openai';

export interface ReceivedRequest {
  api: Api;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The raw bytes as received. */
  text: string;
  arrivedAt: number;
  /** The status answered, once answered. */
  status?: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Required unless the reply resets or hangs. */
  body?: unknown;
  /** Delay before answering, in ms. */
  delayMs?: number;
  /** Drop the connection without an answer (a connection reset). */
  reset?: boolean;
  /** Never answer: the client must time out. */
  hang?: boolean;
}

export type Responder = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface LlmServer {
  url: string;
  /** ANTHROPIC_BASE_URL takes no /v1; OPENAI_BASE_URL does. */
  anthropicBaseURL: string;
  openaiBaseURL: string;
  requests: ReceivedRequest[];
  respond: Responder;
  /**
   * Which server the OpenAI endpoint plays (api-rules.ts): OpenAI, whose
   * documented 400s it gives, or Ollama / LM Studio with theirs. Anthropic
   * requests are always checked against the Messages API's rules.
   */
  openaiMode: OpenAIServerMode;
  /**
   * A concurrency cap like a real API's: a request arriving while `cap`
   * others are in flight gets 429 with `retry-after: capRetryAfter` seconds.
   */
  cap?: number;
  capRetryAfter: number;
  /**
   * Anthropic Message Batches: submitted batches by id. A batch ends after
   * `batchPollsToEnd` status polls; `batchResult` decides each entry's result
   * (default: succeeded with the responder's answer).
   */
  batches: Map<string, { requests: { custom_id: string; params: Record<string, unknown> }[]; polls: number }>;
  /** OpenAI Batch: uploaded and output files by id, and batches over them. */
  openai: { files: Map<string, string>; batches: Map<string, { input: string; polls: number; output?: string }> };
  batchPollsToEnd: number;
  batchResult?: (customId: string, params: Record<string, unknown>) => unknown;
  /** Requests in flight now, the most ever, and how many the cap turned away. */
  stats: { inFlight: number; peak: number; capped: number; connections: number };
  close(): Promise<void>;
}

export async function startLlmServer(respond: Responder = scriptedReviewer()): Promise<LlmServer> {
  const requests: ReceivedRequest[] = [];
  const state: LlmServer = {
    url: '',
    anthropicBaseURL: '',
    openaiBaseURL: '',
    requests,
    respond,
    openaiMode: 'openai',
    capRetryAfter: 1,
    batches: new Map(),
    openai: { files: new Map(), batches: new Map() },
    batchPollsToEnd: 1,
    stats: { inFlight: 0, peak: 0, capped: 0, connections: 0 },
    close: () => close(server),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = req.url ?? '';
      if (path.startsWith('/v1/messages/batches')) return void (await batchRoute(state, req.method ?? 'GET', path, Buffer.concat(chunks).toString('utf8'), res));
      if (path.startsWith('/v1/files') || path.startsWith('/v1/batches')) {
        return void (await openaiBatchRoute(state, req.method ?? 'GET', path, String(req.headers['content-type'] ?? ''), Buffer.concat(chunks), res));
      }
      const api: Api | undefined = req.method === 'POST' && path === '/v1/messages' ? 'anthropic' : req.method === 'POST' && path === '/v1/chat/completions' ? 'openai' : undefined;
      if (!api) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const received: ReceivedRequest = { api, path, headers: req.headers, body: JSON.parse(text), text, arrivedAt: performance.now() };
      const index = requests.push(received) - 1;
      const stats = state.stats;
      if (state.cap !== undefined && stats.inFlight >= state.cap) {
        stats.capped++;
        received.status = 429;
        const body = { type: 'error', error: { type: 'rate_limit_error', message: 'Too many concurrent requests' } };
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(state.capRetryAfter) }).end(JSON.stringify(body));
        return;
      }
      stats.inFlight++;
      stats.peak = Math.max(stats.peak, stats.inFlight);
      res.on('close', () => stats.inFlight--);
      try {
        const version = req.headers['anthropic-version'];
        const rejected = api === 'anthropic' ? anthropicRejects(received.body, Array.isArray(version) ? version[0] : version) : openaiRejects(received.body, state.openaiMode);
        const reply = rejected ?? (await state.respond(received, index));
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (reply.reset) return void req.socket.destroy();
        if (reply.hang) return;
        received.status = reply.status ?? 200;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error) } }));
      }
    });
  });
  // Long, as real APIs' are: undici closes a socket whose keep-alive hint is 1 s or less after every request.
  server.keepAliveTimeout = 65_000;
  server.on('connection', () => state.stats.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.anthropicBaseURL = state.url;
  state.openaiBaseURL = `${state.url}/v1`;
  return state;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The persona a request speaks for, read off the persona block ("Your persona: The Builder."). */
export function personaOf(body: Record<string, unknown>): string {
  const text = JSON.stringify(body);
  const match = /Your persona: The (\w+)/.exec(text);
  return match ? match[1]!.toLowerCase() : 'unknown';
}

/** The tool's name, read off the delimited tool block. */
export function toolNameOf(body: Record<string, unknown>): string {
  return /Name: ([^\\\n]+)/.exec(JSON.stringify(body))?.[1] ?? 'unknown';
}

export interface ReviewAnswer {
  verdict: string;
  quote: string;
}

/** A responder that answers every request with `answer(request)` in the right API's success shape. */
export function scriptedReviewer(
  answer: (request: ReceivedRequest) => ReviewAnswer = (r) => ({
    verdict: personaOf(r.body) === 'skeptic' ? 'skip' : 'ship',
    quote: `As the ${personaOf(r.body)}, I read ${toolNameOf(r.body)} and give my verdict with concrete facts.`,
  }),
  options: { delayMs?: number } = {},
): Responder {
  return (request) => ({ ...(options.delayMs ? { delayMs: options.delayMs } : {}), body: successBody(request, answer(request)) });
}

/** A success body in the shape of the request's API: a forced tool call, or JSON message content. */
export function successBody(request: ReceivedRequest, answer: unknown): unknown {
  if (request.api === 'openai') return openaiMessage(request.body, JSON.stringify(answer));
  // output_config.format: the answer is a text block holding the JSON, as the Messages API returns it.
  const format = (request.body['output_config'] as { format?: unknown } | undefined)?.format;
  return format ? anthropicText(request.body, JSON.stringify(answer)) : anthropicToolUse(request.body, answer);
}

/** An Anthropic Messages response body: the one shape the loopback server and the fake provider both answer with. */
export function anthropicMessage(model: unknown, content: unknown[], stopReason: string, usage: Record<string, number>) {
  return { id: 'msg_loopback', type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage };
}

/** A forced `submit_review` tool call, optionally after a text block. */
export function anthropicToolUse(body: Record<string, unknown>, input: unknown, extra: { text?: string; stopReason?: string; usage?: Record<string, number>; id?: string } = {}) {
  const content = [...(extra.text ? [{ type: 'text', text: extra.text }] : []), { type: 'tool_use', id: extra.id ?? 'toolu_loopback', name: 'submit_review', input }];
  const usage = extra.usage ?? { input_tokens: 900, output_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  return anthropicMessage(body['model'], content, extra.stopReason ?? 'tool_use', usage);
}

export function anthropicText(body: Record<string, unknown>, text: string, stopReason = 'end_turn', usage = { input_tokens: 900, output_tokens: 40 }) {
  return anthropicMessage(body['model'], text ? [{ type: 'text', text }] : [], stopReason, usage);
}

export function openaiMessage(body: Record<string, unknown>, content: string | null, extra: { finish?: string; refusal?: string } = {}) {
  return {
    id: 'chatcmpl-loopback',
    object: 'chat.completion',
    created: 1_790_000_000,
    model: body['model'],
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: extra.refusal ?? null },
        finish_reason: extra.finish ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 900, completion_tokens: 120, total_tokens: 1020, prompt_tokens_details: { cached_tokens: 0 } },
  };
}

let batchSeq = 0;

/** The Message Batches lifecycle: created → in_progress → ended, results as JSONL at results_url. */
async function batchRoute(state: LlmServer, method: string, path: string, text: string, res: import('node:http').ServerResponse): Promise<void> {
  const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const object = (id: string, ended: boolean, n: number) => ({
    id,
    type: 'message_batch',
    processing_status: ended ? 'ended' : 'in_progress',
    request_counts: { processing: ended ? 0 : n, succeeded: ended ? n : 0, errored: 0, canceled: 0, expired: 0 },
    created_at: '2026-11-30T00:00:00Z',
    expires_at: '2026-12-01T00:00:00Z',
    ended_at: ended ? '2026-11-30T00:05:00Z' : null,
    archived_at: null,
    cancel_initiated_at: null,
    results_url: ended ? `${state.url}/v1/messages/batches/${id}/results` : null,
  });
  if (method === 'POST' && path === '/v1/messages/batches') {
    const body = JSON.parse(text) as { requests: { custom_id: string; params: Record<string, unknown> }[] };
    const id = `msgbatch_loopback_${++batchSeq}`;
    state.batches.set(id, { requests: body.requests, polls: 0 });
    return json(200, object(id, false, body.requests.length));
  }
  const match = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path);
  const batch = match && state.batches.get(match[1]!);
  if (!match || !batch) return json(404, { type: 'error', error: { type: 'not_found_error', message: `no batch at ${path}` } });
  if (!match[2]) {
    batch.polls++;
    return json(200, object(match[1]!, batch.polls >= state.batchPollsToEnd, batch.requests.length));
  }
  const lines = await Promise.all(
    batch.requests.map(async (r, index) => {
      const result = state.batchResult?.(r.custom_id, r.params) ?? {
        type: 'succeeded',
        message: (await state.respond({ api: 'anthropic', path: '/v1/messages', headers: {}, body: r.params, text: '', arrivedAt: 0 }, index)).body,
      };
      return JSON.stringify({ custom_id: r.custom_id, result });
    }),
  );
  res.writeHead(200, { 'content-type': 'application/binary' }).end(`${lines.join('\n')}\n`);
}

/** The OpenAI Batch lifecycle: a JSONL file uploaded, a batch over it, validating → in_progress → completed, an output file. */
async function openaiBatchRoute(state: LlmServer, method: string, path: string, contentType: string, raw: Buffer, res: import('node:http').ServerResponse): Promise<void> {
  const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const { files, batches: openaiBatches } = state.openai;
  if (method === 'POST' && path === '/v1/files') {
    const form = await new Request('http://loopback/v1/files', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
    const file = form.get('file') as File;
    const id = `file-loopback-${files.size + 1}`;
    files.set(id, await file.text());
    return json(200, { id, object: 'file', bytes: file.size, created_at: 1_790_000_000, filename: file.name, purpose: 'batch' });
  }
  const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
  if (method === 'GET' && content) {
    const text = files.get(content[1]!);
    return text === undefined ? json(404, { error: { message: 'no such file' } }) : void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(text);
  }
  const object = (id: string, b: { input: string; polls: number; output?: string }) => {
    const ended = b.polls >= state.batchPollsToEnd;
    const total = b.input.split('\n').filter(Boolean).length;
    return {
      id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      input_file_id: b.input,
      completion_window: '24h',
      status: ended ? 'completed' : b.polls === 0 ? 'validating' : 'in_progress',
      output_file_id: ended ? (b.output ?? null) : null,
      error_file_id: null,
      created_at: 1_790_000_000,
      request_counts: { total, completed: ended ? total : 0, failed: 0 },
    };
  };
  if (method === 'POST' && path === '/v1/batches') {
    const body = JSON.parse(raw.toString('utf8')) as { input_file_id: string };
    const id = `batch_loopback_${openaiBatches.size + 1}`;
    const b = { input: body.input_file_id, polls: 0 };
    openaiBatches.set(id, b);
    return json(200, object(id, b));
  }
  const one = /^\/v1\/batches\/([^/]+)$/.exec(path);
  const b = one && openaiBatches.get(one[1]!);
  if (!one || !b) return json(404, { error: { message: `no route ${method} ${path}` } });
  b.polls++;
  if (b.polls >= state.batchPollsToEnd && !b.output) {
    const lines = files
      .get(b.input)!
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { custom_id: string; body: Record<string, unknown> });
    const out = await Promise.all(
      lines.map(async (l, index) => {
        const reply = await state.respond({ api: 'openai', path: '/v1/chat/completions', headers: {}, body: l.body, text: '', arrivedAt: 0 }, index);
        return JSON.stringify({ id: `batch_req_${index}`, custom_id: l.custom_id, response: { status_code: reply.status ?? 200, request_id: `req_${index}`, body: reply.body }, error: null });
      }),
    );
    const id = `file-loopback-out-${files.size + 1}`;
    files.set(id, `${out.join('\n')}\n`);
    b.output = id;
  }
  return json(200, object(one[1]!, b));
}
