import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { buildToolPage } from '../aggregate/card.js';
import { buildComparison, publishable } from '../aggregate/comparison.js';
import { headToHead } from '../aggregate/head-to-head.js';
import { Catalog } from '../catalog/catalog.js';
import { historyChartSvg } from '../render/history-chart.js';
import { pageFragment } from '../render/html.js';
import { html, trusted, type Html } from '../render/html-template.js';
import { incompleteness, isComplete, verdictOf } from '../aggregate/completeness.js';
import type { RunRecord } from '../shapes/run-record.js';
import { personaVerdicts, verdictMoves } from '../aggregate/score.js';
import { latestHeadToHead, panelFor } from '../run/verdict-lookup.js';
import { openCatalogIndex, type Session } from '../run/session.js';
import type { CatalogIndex } from '../catalog/catalog-index.js';
import { DerivedByRun } from '../records/derived-by-run.js';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { PanelError } from '../errors.js';
import { isSlug } from '../shapes/names.js';
import { replaceControlCharacters } from '../util/control-characters.js';
import { sitePage } from './layout.js';

/**
 * `panel serve`: a local, read-only view of everything the config points at.
 * Every request reads the files afresh (a new run shows without a restart);
 * nothing calls a model or writes a file: anything but GET and HEAD is 405.
 * A request whose Host is not the address served is refused, so a web page
 * elsewhere cannot read the drafts through DNS rebinding.
 */
export function createSiteServer(openSession: () => Promise<Session>, address: { host: string; port: number }, report: (message: string) => void = () => {}): Server {
  const indexes: Indexes = {};
  return createServer((req, res) => {
    void handle(openSession, address, req, res, indexes).catch((error: unknown) => {
      // A file panel cannot read (an invalid tool file mid-edit, say) is the editor's to fix, and its message says how;
      // anything else is a bug, reported in the terminal, never in the page.
      if (error instanceof PanelError) return send(res, 500, html`<p>panel cannot show this page:</p><pre>${error.message}</pre>`.toString());
      report(`panel serve: internal error (a bug; please report it) on ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}\n`);
      send(res, 500, '<p>Something went wrong showing this page; the terminal running panel serve says what.</p>');
    });
  });
}

/**
 * The indexes the catalog page reads, kept open for the server's life: each
 * request still checks every entry against its files (their content or file
 * facts), and only the parsing of the index files is saved.
 */
interface Indexes {
  tools?: { key: string; index: CatalogIndex };
  rows?: { key: string; index: DerivedByRun<RunRow> };
}

async function handle(openSession: () => Promise<Session>, address: { host: string; port: number }, req: IncomingMessage, res: ServerResponse, indexes: Indexes): Promise<void> {
  const allowed = new Set([`${address.host}:${address.port}`, `localhost:${address.port}`]);
  if (!allowed.has(String(req.headers.host ?? ''))) return send(res, 403, '<p>This server answers only at the address it was started on.</p>');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, '<p>panel serve is read-only.</p>');
  }
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  let path: string;
  try {
    path = decodeURIComponent(q < 0 ? raw : raw.slice(0, q)); // decoded before it is split: %2F is a slash like any other
  } catch {
    return send(res, 400, '<p>Bad request: the address has a malformed %-escape.</p>');
  }
  const parts = path.split('/').filter(Boolean);
  const head = req.method === 'HEAD';
  const notFound = () => send(res, 404, '<p>Not found. <a href="/">Back to the catalog</a>.</p>', head);
  if (parts.length === 0) return send(res, 200, await indexPage(await openSession(), query, indexes), head);
  // Only names the catalog knows: a slug is checked against the catalog's rule and its files before anything is read.
  const known = async (slugs: string[]) => {
    if (!slugs.every(isSlug)) return undefined;
    const session = await openSession();
    const catalog = await Catalog.open(session.config.catalog);
    return slugs.every((s) => catalog.slugs.includes(s)) ? session : undefined;
  };
  if (parts[0] === 'tools' && parts.length === 2) {
    const session = await known([parts[1]!]);
    return session ? send(res, 200, await toolPage(session, parts[1]!, query), head) : notFound();
  }
  if (parts[0] === 'compare' && parts.length === 3) {
    const session = await known([parts[1]!, parts[2]!]);
    return session ? send(res, 200, await comparePage(session, parts[1]!, parts[2]!), head) : notFound();
  }
  return notFound();
}

/** Pages served locally link within the server: no feed, no index.html. */
const LOCAL = { feed: false };

function send(res: ServerResponse, status: number, html: string, head = false): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' });
  res.end(head ? undefined : replaceControlCharacters(html));
}

/** What a catalog row shows of a tool's runs: derived from its newest runs, kept in runs/.work/catalog-rows.json while they are unchanged. */
interface RunRow {
  ship: number | null;
  last: string;
  model: string;
  contested: number;
  draft: string | null;
}

interface Row extends RunRow {
  slug: string;
  name: string;
}

/** Rows a page of the catalog shows: a person browsing 10,000 tools pages through them, or filters by name. */
const PAGE_SIZE = 100;

async function runRow(session: Session, slug: string): Promise<RunRow> {
  const { complete, newerIncomplete } = await session.store.latestCompleteSummary(slug);
  const newest = newerIncomplete[0];
  return {
    ship: complete?.score.percent ?? null,
    last: (newest ?? complete)?.createdAt.slice(0, 10) ?? '',
    model: [...new Set((complete?.reviews ?? []).map((r) => r.model))].join(', '),
    contested: complete?.score.contested ?? 0,
    draft: newest ? `newest run incomplete: ${incompleteness(newest)}` : complete ? null : 'no run yet',
  };
}

async function indexPage(session: Session, query: URLSearchParams, indexes: Indexes): Promise<string> {
  const sort = query.get('sort') ?? 'ship';
  const filter = (query.get('q') ?? '').trim();
  const catalog = await Catalog.open(session.config.catalog);
  // Tool files through the catalog index, run rows through their own: one file each, not a run read per tool.
  // Opened again when the config names another runs folder or other personas.
  const toolsKey = `${session.store.dir}\0${session.personas.map((p) => p.id).join(',')}`;
  if (indexes.tools?.key !== toolsKey) indexes.tools = { key: toolsKey, index: openCatalogIndex(session) };
  if (indexes.rows?.key !== session.store.dir)
    indexes.rows = { key: session.store.dir, index: DerivedByRun.open<RunRow>(join(session.store.dir, '.work', 'catalog-rows.json'), 1, { depends: 'runs' }) };
  const tools = indexes.tools.index;
  const runRows = indexes.rows.index;
  const files = pLimit(32);
  const ids = session.personas.map((p) => p.id);
  const all = await Promise.all(
    catalog.slugs.map((slug) =>
      files(async (): Promise<Row> => {
        // A tool file mid-edit does not take the catalog down: its row says what is wrong with it.
        const tool = await catalog.load(slug, session.cwd, ids, tools).catch((error: unknown) => {
          if (error instanceof PanelError) return error;
          throw error;
        });
        if (tool instanceof PanelError) {
          const why = `invalid tool file: ${tool.message.split('\n').slice(1, 2).join('').trim()} (panel check lists every problem)`;
          return { slug, name: slug, ship: null, last: '', model: '', contested: 0, draft: why };
        }
        const row = runRows.get(session.store, slug) ?? (await runRows.derive(session.store, slug, () => runRow(session, slug)));
        return { slug, name: tool.name, ...row };
      }),
    ),
  );
  const slugs = new Set(catalog.slugs);
  await Promise.all([tools.save(slugs), runRows.save(slugs)]);
  const needle = filter.toLowerCase();
  const rows = needle ? all.filter((r) => r.name.toLowerCase().includes(needle) || r.slug.includes(needle)) : all;
  const key: Record<string, (r: Row) => number | string> = { ship: (r) => -(r.ship ?? -1), last: (r) => r.last, model: (r) => r.model, contested: (r) => -r.contested, name: (r) => r.name };
  const by = Object.hasOwn(key, sort) ? key[sort]! : key['ship']!; // ?sort=__proto__ is the default, not a prototype
  rows.sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : a.name.localeCompare(b.name)));
  if (sort === 'last') rows.reverse();
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1));
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const link = (changes: Record<string, string | number>) => {
    const params = new URLSearchParams({ sort, ...(filter ? { q: filter } : {}), page: String(page) });
    for (const [k, v] of Object.entries(changes)) params.set(k, String(v));
    if (params.get('page') === '1') params.delete('page');
    return `/?${params.toString()}`;
  };
  const th = (id: string, label: string, cls = '') =>
    html`<th${cls ? html` class="${cls}"` : ''}><a href="${link({ sort: id, page: 1 })}"${sort === id ? html` aria-sort="descending"` : ''}>${label}</a></th>`;
  const body = shown.map(
    (r) =>
      html`<tr data-slug="${r.slug}"><td><a href="/tools/${r.slug}">${r.name}</a>${r.draft ? html` <span class="draft">draft: ${r.draft}</span>` : ''}</td><td class="num">${r.ship === null ? '—' : `${r.ship}%`}</td><td class="wide">${r.last}</td><td class="wide">${r.model}</td><td class="num">${r.contested}</td></tr>\n`,
  );
  const n = (x: number) => x.toLocaleString('en-US');
  const span = `${n((page - 1) * PAGE_SIZE + 1)}–${n((page - 1) * PAGE_SIZE + shown.length)}`;
  const range =
    rows.length === 0
      ? filter
        ? `No tool matches “${filter}”.`
        : 'The catalog is empty.'
      : filter
        ? `Tools ${span} of the ${n(rows.length)} matching “${filter}” (${n(all.length)} in the catalog).`
        : `Tools ${span} of ${n(all.length)}.`;
  const nav = html`<nav class="pages"><span>${range}</span>${page > 1 ? html` <a href="${link({ page: page - 1 })}" rel="prev">← Previous</a>` : ''}${page < pages ? html` <a href="${link({ page: page + 1 })}" rel="next">Next →</a>` : ''}</nav>`;
  return sitePage(
    { ...session.config.site, title: `${session.config.site.title} (local, read-only)` },
    'Catalog',
    '/',
    html`<section class="site-index"><h1>Catalog</h1>
<form method="get" action="/" class="filter"><label>Find a tool <input type="search" name="q" value="${filter}"></label><input type="hidden" name="sort" value="${sort}"> <button>Find</button></form>
${nav}
<table><thead><tr>${th('name', 'Tool')}${th('ship', 'Panel ship', 'num')}${th('last', 'Last run', 'wide')}${th('model', 'Models', 'wide')}${th('contested', 'Contested', 'num')}</tr></thead>
<tbody>
${body}</tbody></table>
${pages > 1 ? nav : ''}</section>`,
    LOCAL,
  );
}

async function toolPage(session: Session, slug: string, query: URLSearchParams): Promise<string> {
  const newestFirst = await session.store.history(slug);
  const { complete, newerIncomplete } = verdictOf(newestFirst);
  const runs = [...newestFirst].reverse();
  const { moves } = verdictMoves(runs);
  const points = runs.map((run) => ({
    label: run.runId,
    date: run.createdAt.slice(0, 16).replace('T', ' '),
    percent: run.score.percent,
    flips: moves.filter((m) => m.runId === run.runId).length,
    complete: isComplete(run),
  }));
  const drafts = newerIncomplete.map(
    (d) =>
      html`<li class="draft"><strong>Draft</strong> ${d.runId}: ${incompleteness(d)}<ul>${d.reviews
        .filter((r) => r.status === 'failed')
        .map((r) => html`<li>${r.persona}: ${r.error?.message ?? 'failed'}</li>`)}</ul></li>`,
  );
  const panelHtml = complete ? pageFragment(buildToolPage(await panelFor(session, complete))) : html`<p>No complete run yet.</p>`;
  // Run ids from the query are only ever compared with the tool's own runs, never read as paths.
  const a = runs.find((r) => r.runId === query.get('a'));
  const b = runs.find((r) => r.runId === query.get('b'));
  const options = (picked: RunRecord | undefined, fallback: RunRecord | undefined) =>
    runs.map((r) => html`<option value="${r.runId}"${r === (picked ?? fallback) ? html` selected` : ''}>${runLabel(r)}</option>`);
  const diff = query.has('a') || query.has('b') ? diffTable(a, b) : '';
  return sitePage(
    session.config.site,
    slug,
    '/',
    html`<p><a href="/">← Catalog</a></p>
${drafts.length ? html`<ul class="drafts">${drafts}</ul>` : ''}
<h2>History</h2>
${trusted(historyChartSvg(points))}
<form method="get" class="diff-form"><label>Compare the run of <select name="a">${options(a, runs.at(-2) ?? runs.at(-1))}</select></label> <label>with <select name="b">${options(b, runs.at(-1))}</select></label> <button>Diff</button></form>
${diff}
${panelHtml}`,
    LOCAL,
  );
}

const pct = (run: RunRecord) => (run.score.percent === null ? '—' : `${run.score.percent}%`);

/** A run as an editor recognises it: when it ran, its score, and whether it is a draft. */
function runLabel(run: RunRecord): string {
  const when = run.createdAt.slice(0, 16).replace('T', ' ');
  return `${when} · ${pct(run)}${isComplete(run) ? '' : ' (draft)'}`;
}

/** Two runs side by side: each persona's majority verdict and quote, a flip marked in words and in colour. */
function diffTable(a: RunRecord | undefined, b: RunRecord | undefined): Html {
  if (!a || !b) return html`<p>Pick two runs of this tool.</p>`;
  const of = (run: RunRecord) => new Map(personaVerdicts(run.reviews).map((v) => [v.persona, v]));
  const [va, vb] = [of(a), of(b)];
  const names = new Map([...a.reviews, ...b.reviews].map((r) => [r.persona, r.personaName]));
  const cell = (v: ReturnType<typeof personaVerdicts>[number] | undefined) =>
    !v ? html`<td>not on this panel</td>` : html`<td><strong>${v.verdict ?? v.status}</strong>${v.shown?.review ? html`<blockquote>“${v.shown.review.quote}”</blockquote>` : ''}</td>`;
  let flips = 0;
  const rows = [...names.keys()].map((p) => {
    const [x, y] = [va.get(p)?.verdict, vb.get(p)?.verdict];
    const flipped = (x === 'ship' || x === 'skip') && (y === 'ship' || y === 'skip') && x !== y;
    if (flipped) flips++;
    return html`<tr${flipped ? html` class="flipped"` : ''}><th scope="row">${names.get(p)!}${flipped ? html`<br><span class="flip">flipped: ${x!} → ${y!}</span>` : ''}</th>${cell(va.get(p))}${cell(vb.get(p))}</tr>\n`;
  });
  return html`<p class="diff-summary">${flips === 0 ? 'No verdict flipped between these runs.' : `${flips} verdict${flips === 1 ? '' : 's'} flipped between these runs.`} Panel ship ${pct(a)} → ${pct(b)}.</p>
<table class="diff"><thead><tr><th scope="col">Persona</th><th scope="col">${runLabel(a)}</th><th scope="col">${runLabel(b)}</th></tr></thead><tbody>
${rows}</tbody></table>`;
}

async function comparePage(session: Session, a: string, b: string): Promise<string> {
  const panels = [];
  for (const slug of [a, b]) {
    const { complete } = await session.store.latestComplete(slug);
    if (!complete) return sitePage(session.config.site, 'Comparison', '/', html`<p>${slug} has no complete run yet.</p>`, LOCAL);
    panels.push(publishable(await panelFor(session, complete)));
  }
  // The page publish writes for this pair: the same builder, the same head-to-head.
  const duel = await latestHeadToHead(session, a, b);
  const page = buildComparison(panels[0]!, panels[1]!, duel ? headToHead(duel) : undefined);
  return sitePage(
    session.config.site,
    page.title,
    '/',
    pageFragment(page, { publicPage: true, publicChecks: session.config.site.showChecks ?? false, links: { tool: (slug) => `/tools/${slug}` } }),
    LOCAL,
  );
}
