import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { buildToolPage } from '../aggregate/card.js';
import { applyEditorial } from '../aggregate/editorial.js';
import { claimsLookup } from '../aggregate/claims.js';
import { isComplete } from '../aggregate/completeness.js';
import { PanelError, UsageError } from '../errors.js';
import { pageFragment } from '../render/html.js';
import { escapeHtml } from '../render/html-template.js';
import { isRunId, isSlug } from '../shapes/names.js';
import { agreementWithEditors, awaitingApproval, editorialOf } from '../run/editorial-lookup.js';
import { panelFor } from '../run/verdict-lookup.js';
import type { Session } from '../run/session.js';
import { decide, type DecisionRequest } from './decide.js';
import { messagePage, queuePage, runPage, type DeskContext } from './desk-pages.js';
import { buildQueue } from './queue.js';

/** The largest form the desk reads: an edited quote and its reason fit many times over. */
const MAX_BODY = 64 * 1024;
const COOKIE = 'panel_desk';

export interface DeskOptions {
  host: string;
  port: number;
  editor: string;
  /** Made at start unless given (tests give one to know it). */
  token?: string;
  report?: (message: string) => void;
}

/**
 * `panel desk`: a local web app for the editors' decisions. It holds what a
 * publishing key holds, so every request must prove it comes from the editor
 * who started it: the random token printed in its address (kept in a
 * SameSite=Strict cookie after the first visit), carried by every form, and
 * checked on every POST with the Host (no DNS rebinding) and the Origin (no
 * form posted from another site). Writes are POST only; nothing calls a
 * model or spends money.
 */
export function createDeskServer(openSession: () => Promise<Session>, options: DeskOptions): { server: Server; token: string } {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer((req, res) => {
    void handle(openSession, options, token, req, res).catch((error: unknown) => {
      if (error instanceof PanelError) return send(res, 500, `<p>panel cannot show this page: ${escapeHtml(error.message)}</p>`);
      options.report?.(`panel desk: internal error (a bug; please report it) on ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}\n`);
      send(res, 500, '<p>Something went wrong; the terminal running panel desk says what.</p>');
    });
  });
  return { server, token };
}

async function handle(openSession: () => Promise<Session>, options: DeskOptions, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const port = (req.socket.localPort ?? options.port).toString();
  const hosts = new Set([`${options.host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  if (!hosts.has(String(req.headers.host ?? ''))) return send(res, 403, '<p>The desk answers only at the address it was started on.</p>');
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const fromQuery = url.searchParams.get('token');
  if (req.method === 'GET' && fromQuery !== null && same(fromQuery, token)) {
    // The token leaves the address bar (and the history) for a cookie only this site gets.
    url.searchParams.delete('token');
    res.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    return redirect(res, `${url.pathname}${url.search}`);
  }
  if (!same(cookieOf(req) ?? '', token)) return send(res, 403, '<p>Open the desk at the address <code>panel desk</code> printed, with its token.</p>');
  const session = await openSession();
  const editor = options.editor;
  const nonce = randomBytes(16).toString('base64');
  const ctx: DeskContext = { token, nonce, editor, siteTitle: session.config.site.title };
  res.setHeader('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
  res.setHeader('x-frame-options', 'DENY');
  // same-origin, not no-referrer: with no-referrer Chromium sends its own forms with `Origin: null`, which the Origin check must refuse.
  res.setHeader('referrer-policy', 'same-origin');
  if (req.method === 'POST' && url.pathname === '/decide') return post(session, ctx, req, res, hosts);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD, POST');
    return send(res, 405, '<p>Not here.</p>');
  }
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 0) return send(res, 200, queuePage(ctx, await buildQueue(session), url.searchParams.get('done') ?? undefined));
  if (parts.length === 2 && parts[0] === 'tools' && isSlug(parts[1]!)) {
    const page = await toolPage(session, ctx, parts[1]!, url.searchParams.get('run') ?? undefined, url.searchParams.get('done') ?? undefined);
    return page ? send(res, 200, page) : send(res, 404, '<p>No such tool, or it has no run. <a href="/">Back to the queue</a>.</p>');
  }
  return send(res, 404, '<p>Not found. <a href="/">Back to the queue</a>.</p>');
}

async function toolPage(session: Session, ctx: DeskContext, slug: string, runId: string | undefined, done: string | undefined, problem?: string): Promise<string | undefined> {
  const recorded = await session.store.history(slug).catch(() => []);
  if (recorded.length === 0) return undefined;
  const state = await editorialOf(session, slug);
  const waiting = awaitingApproval(recorded, state);
  const raw = (runId && isRunId(runId) ? recorded.find((r) => r.runId === runId) : undefined) ?? waiting[0] ?? recorded[0]!;
  const run = applyEditorial(raw, state);
  const approved = recorded.find((r) => state.approved.has(r.runId));
  const queue = await buildQueue(session);
  const here = queue.findIndex((q) => q.slug === slug);
  return runPage(
    ctx,
    {
      slug,
      name: run.tool.name,
      run,
      preview: pageFragment(buildToolPage(await panelFor(session, run)), { publicPage: true }),
      complete: isComplete(run),
      approved: state.approved.has(run.runId),
      // Beside the approved run's quotes, unless this is the approved run.
      published: approved && approved.runId !== run.runId ? applyEditorial(approved, state) : undefined,
      flags: queue[here]?.runId === run.runId ? queue[here]!.flags : [],
      decisions: state.logged,
      retracted: state.retracted,
      editors: await agreementWithEditors(session),
      next: queue.find((q, i) => i !== here && q.slug !== slug)?.slug,
      claims: claimsLookup(raw, await session.store.claimChecks(slug)),
    },
    problem ? { ok: false, text: problem } : done ? { ok: true, text: done } : undefined,
  );
}

/** A decision from a form: token, Host and Origin checked before the body is read; a usage error is shown on the page it came from. */
async function post(session: Session, ctx: DeskContext, req: IncomingMessage, res: ServerResponse, hosts: ReadonlySet<string>): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length)))) return send(res, 403, '<p>Refused: this form was not sent from the desk.</p>');
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return send(res, 403, '<p>Refused: this form was not sent from the desk.</p>');
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return send(res, 415, '<p>The desk takes its own forms only.</p>');
  const body = await readBody(req);
  if (body === undefined) return send(res, 413, '<p>That form is too large.</p>');
  const form = new URLSearchParams(body);
  if (!same(form.get('token') ?? '', ctx.token)) return send(res, 403, '<p>Refused: the form carries no valid token. Reload the page from the desk and try again.</p>');
  const slug = form.get('slug') ?? '';
  if (!isSlug(slug)) return send(res, 400, messagePage(ctx, 'Not saved', 'The form names no tool.'));
  let request: DecisionRequest;
  try {
    request = requestOf(form, slug);
    const done = await decide(session, ctx.editor, request);
    const text = done.already ?? `Saved: ${done.decision.action} (${done.decision.id}).`;
    if (request.action === 'approve') {
      const next = (await buildQueue(session))[0];
      return redirect(res, next ? `/tools/${next.slug}?done=${encodeURIComponent(`${slug} approved. ${text}`)}` : `/?done=${encodeURIComponent(`${slug} approved. ${text}`)}`);
    }
    return redirect(res, `/tools/${slug}?${new URLSearchParams({ ...(form.get('run') ? { run: form.get('run')! } : {}), done: text }).toString()}`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const page = await toolPage(session, ctx, slug, form.get('run') ?? undefined, undefined, `Not saved: ${error.message}`);
    return send(res, 400, page ?? messagePage(ctx, 'Not saved', error.message));
  }
}

function requestOf(form: URLSearchParams, slug: string): DecisionRequest {
  const field = (name: string) => form.get(name)?.trim() ?? '';
  const run = field('run');
  const reason = field('reason');
  const verdict = field('verdict');
  const needReason = () => {
    if (!reason) throw new UsageError('A reason is needed: it is kept with the decision and shown to readers beside the change.');
    return reason;
  };
  const pick = () => {
    if (verdict !== 'ship' && verdict !== 'skip') throw new UsageError('Choose ship or skip.');
    return verdict;
  };
  const on = run ? { run } : {};
  switch (field('action')) {
    case 'approve':
      return { action: 'approve', target: run || slug };
    case 'override':
      return { action: 'override', tool: slug, persona: field('persona'), verdict: pick(), reason: needReason(), ...on };
    case 'edit':
      return { action: 'edit', tool: slug, persona: field('persona'), quote: form.get('quote') ?? '', reason: needReason(), ...on };
    case 'reject':
      return { action: 'reject', tool: slug, persona: field('persona'), reason: needReason(), ...on };
    case 'label':
      return { action: 'label', tool: slug, verdict: pick(), ...(reason ? { reason } : {}) };
    case 'retract':
      return { action: 'retract', id: field('id') };
    default:
      throw new UsageError(`Unknown action \`${field('action')}\`.`);
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

function same(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}
