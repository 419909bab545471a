import { html, trusted, type Html } from './html-template.js';
import { descriptionParts } from './description.js';
import type { ComparisonPage, Page, ReviewEntry, SplitCell, ToolPanel, ToolPage } from '../aggregate/page-model.js';
import { cellWord, checksLines, editorialNotes, readerChecksNote, incompleteNote, publicSourceText, sourceText, tallyText, verdictWord } from './words.js';

export interface HtmlOptions {
  /** Without <html>/<head>: a <section> with its styles scoped to it, for pasting into a site's page. */
  fragment?: boolean;
  /** For a published site: no run ids in the sources line. */
  publicPage?: boolean;
  /** Links within a site: each tool's page, and the comparisons a tool page lists. */
  links?: SiteLinks;
  /** A published page with `site.show_checks: true`: a note per quote with its claim counts. */
  publicChecks?: boolean;
}

export interface SiteLinks {
  /** The href of a tool's page, or undefined when the site has none. */
  tool?: (slug: string) => string | undefined;
  /** Comparison pages that include this page's tool. */
  comparisons?: { href: string; title: string }[];
}

/**
 * A self-contained HTML page: inline CSS, no script, no external request
 * (a Content-Security-Policy says so to the browser), every piece of tool or
 * model text escaped (by the `html` template: escaping is the default).
 * Verdicts are words as well as colours.
 */
export function renderHtml(page: Page, options: HtmlOptions = {}): string {
  if (options.fragment) return `${pageFragment(page, options)}\n`;
  const body = pageBody(page, options);
  return `${documentHead(page.title, STYLES)}
${html`<body>
<main class="panel-page">
${body}
</main>
</body>
</html>`}
`;
}

/** The page as a `<section>` with its styles scoped to it: for a site's own page (publish, serve) or pasting into one. */
export function pageFragment(page: Page, options: HtmlOptions = {}): Html {
  return html`<section class="panel-page">\n<style>${trusted(STYLES)}</style>\n${pageBody(page, options)}\n</section>`;
}

function pageBody(page: Page, options: HtmlOptions): Html {
  const source = options.publicPage ? publicSourceText : sourceText;
  const links = options.links ?? {};
  // The checks are for editors: a published page says nothing of them.
  const showChecks: ChecksShown = !options.publicPage ? 'editors' : options.publicChecks ? 'readers' : 'none';
  return page.kind === 'comparison' ? comparison(page, source, links, showChecks) : tool(page, source, links, showChecks);
}

/**
 * A self-contained page's head: no script, no request beyond the page
 * itself (the CSP allows only inline styles). `title` is text; `extra` is
 * HTML panel made (the feed link, meta tags).
 */
export function documentHead(title: string, styles: string, extra: Html = html``): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
${extra}<style>${trusted(styles)}</style>
</head>`.toString();
}

function badge(kind: string, word: string): Html {
  return html`<span class="badge ${kind}">${word}</span>`;
}

function reviewBadge(entry: ReviewEntry): Html {
  return badge(entry.status === 'ok' ? entry.verdict! : entry.status, verdictWord(entry));
}

function cellBadge(cell: SplitCell): Html {
  return badge(cell.status, cellWord(cell));
}

function card(panel: ToolPanel, heading: 'h1' | 'h2', links: SiteLinks = {}): Html {
  const note = incompleteNote(panel);
  const page = heading === 'h2' ? links.tool?.(panel.tool.slug) : undefined;
  const name = page ? html`<a href="${page}">${panel.tool.name}</a>` : panel.tool.name;
  const c = panel.community;
  const website = panel.tool.url ? html`<p class="website"><a href="${panel.tool.url}" rel="nofollow noopener">${hostOf(panel.tool.url)}</a></p>\n` : '';
  const figures = panel.tool.figures.length ? html`<p class="source-figures">${panel.tool.figures.join(' · ')}</p>\n` : '';
  const h = trusted(heading);
  return html`<article class="card">
<p class="category">${panel.tool.category}</p>
<${h}>${name}</${h}>
<p class="tagline">${panel.tool.tagline}</p>
${website}${figures}<dl class="stats">
<div><dt>Panel ship</dt><dd class="big">${panel.score.display}</dd><dd class="small">${tallyText(panel)}</dd></div>
<div><dt>Community</dt><dd class="big">${c.percent === null ? '—' : `${c.percent}%`}</dd>${c.percent === null ? '' : html`<dd class="small">ship, ${c.votes} vote${c.votes === 1 ? '' : 's'}</dd>`}</div>
<div><dt>Entry</dt><dd class="big entry${panel.tool.pricing.entry.length > 12 ? ' long' : ''}">${panel.tool.pricing.entry}</dd></div>
</dl>
${note ? html`<p class="warning">${note}</p>\n` : ''}${description(panel.tool.description)}
</article>`;
}

/** The card's description: its opening, and the whole text behind a disclosure that works without JavaScript. The sanitizer's output is trusted. */
function description(text: string): Html {
  const parts = descriptionParts(text);
  if (!parts.truncated) return html`<div class="description">${trusted(parts.fullHtml)}</div>`;
  return html`<div class="description excerpt">${trusted(parts.excerptHtml)}</div>
<details class="full-description"><summary>Read the full description</summary><div class="description">${trusted(parts.fullHtml)}</div></details>`;
}

function quote(entry: ReviewEntry & { toolName?: string }, heading: Html | string, showChecks: ChecksShown): Html {
  const text =
    entry.status === 'ok'
      ? html`<blockquote><p>“${entry.quote ?? ''}”</p></blockquote>`
      : entry.status === 'recused'
        ? html`<p class="error">${entry.recusal ?? 'Recused.'}</p>`
        : html`<p class="error">${entry.error?.message ?? 'No valid review.'}</p>`;
  return html`<article class="review ${entry.status === 'ok' ? entry.verdict : entry.status}">
<h3>${heading} ${reviewBadge(entry)}</h3>
${text}
${entry.status === 'ok' ? editorialNotes(entry).map((note) => html`<p class="editorial">${note}</p>\n`) : ''}${checksHtml(entry, showChecks)}<p class="model">on ${entry.model}</p>
</article>`;
}

/** Who the checks are shown to: editors (every line), readers (the claim counts, when the site asks), or nobody. */
type ChecksShown = 'editors' | 'readers' | 'none';

function checksHtml(entry: ReviewEntry, shown: ChecksShown): Html | string {
  if (entry.status !== 'ok' || shown === 'none') return '';
  if (shown === 'editors') return html`${checksLines(entry).map((line) => html`<p class="checks">${line}</p>\n`)}`;
  const note = readerChecksNote(entry);
  return note ? html`<p class="checks">${note}</p>\n` : '';
}

/** A tool's address as a reader recognises it: its host and path, without the scheme. */
function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`.replace(/\/$/, '');
  } catch {
    return url;
  }
}

const lines = (parts: readonly Html[]) => parts.map((p, i) => (i === 0 ? p : html`\n${p}`));

function tool(page: ToolPage, sourceText: (p: ToolPanel) => string, links: SiteLinks, showChecks: ChecksShown): Html {
  const p = page.panel;
  const compared = links.comparisons?.length
    ? html`<section class="compared">\n<h2>Compared with</h2>\n<ul>\n${lines(links.comparisons.map((c) => html`<li><a href="${c.href}">${c.title}</a></li>`))}\n</ul>\n</section>\n`
    : '';
  return html`${card(p, 'h1')}
<section>
<h2>Reviewer scorecard</h2>
${lines(p.reviews.map((r) => quote(r, r.personaName, showChecks)))}
</section>
${compared}<footer><p>Source: ${sourceText(p)}.</p></footer>`;
}

function headToHeadHtml(page: ComparisonPage): Html | '' {
  const duel = page.headToHead;
  if (!duel) return '';
  const label = (r: NonNullable<ComparisonPage['headToHead']>['results'][number]) =>
    r.status === 'recused' ? 'Recused' : r.status === 'failed' ? 'No pick' : r.pick === 'position-dependent' ? 'Position-dependent' : `Picks ${r.pickName}`;
  const status = (r: NonNullable<ComparisonPage['headToHead']>['results'][number]) => (r.pick === 'position-dependent' ? 'tie' : r.status === 'ok' ? 'ship' : 'failed');
  return html`<section class="head-to-head">
<h2>Head to head</h2>
<p class="tally">${duel.tally}. Each persona was asked twice, with the tools in both orders; a pick that changed with the order is position-dependent.</p>
${lines(duel.results.map((r) => html`<article class="review"><h3>${r.personaName} ${badge(status(r), label(r))}</h3>${r.quote && r.status === 'ok' ? html`<blockquote><p>“${r.quote}”</p></blockquote>` : ''}</article>`))}
</section>
`;
}

function comparison(page: ComparisonPage, sourceText: (p: ToolPanel) => string, links: SiteLinks, showChecks: ChecksShown): Html {
  const [a, b] = page.tools;
  const th = html`<th scope="col">${a.tool.name}</th><th scope="col">${b.tool.name}</th>`;
  const row = (label: string, ...cells: (Html | string)[]) => html`<tr><th scope="row">${label}</th>${cells.map((c) => html`<td>${c}</td>`)}</tr>`;
  const score = (p: ToolPanel) => html`${p.score.display} <span class="small">(${tallyText(p)})</span>`;
  return html`<header>
<p class="kicker">AI tool comparison</p>
<h1>${page.title}</h1>
<p class="lede"><strong>${page.question}</strong> ${page.intro}</p>
</header>
<div class="cards">
${card(a, 'h2', links)}
${card(b, 'h2', links)}
</div>
<section class="verdict ${page.verdict.outcome}">
<h2>Panel verdict</h2>
<p>${page.verdict.text}</p>
</section>
${headToHeadHtml(page)}<section>
<h2>Reviewer scorecard</h2>
${lines(page.scorecard.map((r) => quote(r, html`${r.personaName} <span class="on">on ${r.toolName}</span>`, showChecks)))}
</section>
<section>
<h2>Pricing read</h2>
<table>
<thead><tr><td></td>${th}</tr></thead>
<tbody>
${row('Entry', a.tool.pricing.entry, b.tool.pricing.entry)}
${row('Notes', a.tool.pricing.notes ?? '—', b.tool.pricing.notes ?? '—')}
</tbody>
</table>
<p>${page.pricing.read}</p>
</section>
<section>
<h2>Reviewer split</h2>
<table>
<thead><tr><th scope="col">Reviewer</th>${th}</tr></thead>
<tbody>
${lines(page.split.map((s) => row(s.personaName, cellBadge(s.cells[0]), cellBadge(s.cells[1]))))}
${row('Panel ship', score(a), score(b))}
</tbody>
</table>
</section>
${
  a.community.votes + b.community.votes === 0
    ? html`<section>\n<h2>Community vote</h2>\n<p>${page.community.read}</p>\n</section>`
    : html`<section>
<h2>Community vote</h2>
<table>
<thead><tr><td></td>${th}</tr></thead>
<tbody>
${row('Community', a.community.display, b.community.display)}
</tbody>
</table>
<p>${page.community.read}</p>
</section>`
}
${page.modelsNote ? html`<p class="small">${page.modelsNote}</p>\n` : ''}<footer><p>Sources: ${sourceText(a)}; ${sourceText(b)}.</p></footer>`;
}

/** Every rule is scoped under .panel-page, so the fragment cannot restyle the host page. */
const STYLES = `
.panel-page{--ink:#1d1d1f;--muted:#5f6368;--line:#dadce0;--ship:#0b6b35;--ship-bg:#e3f3e8;--skip:#a4261d;--skip-bg:#fbe6e4;--fail:#5f6368;--fail-bg:#eceff1;
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:1040px;margin:0 auto;padding:24px 16px 48px;box-sizing:border-box}
.panel-page *{box-sizing:border-box}
.panel-page h1{font-size:2rem;line-height:1.2;margin:.2em 0 .4em}
.panel-page h2{font-size:1.35rem;margin:1.6em 0 .6em}
.panel-page h3{font-size:1rem;margin:0 0 .4em;display:flex;gap:.5em;align-items:center;flex-wrap:wrap}
.panel-page .kicker,.panel-page .category{text-transform:uppercase;letter-spacing:.06em;font-size:.78rem;color:var(--muted);margin:0}
.panel-page .lede{font-size:1.08rem;color:var(--muted)}
.panel-page .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:16px;align-items:start}
.panel-page .card{border:1px solid var(--line);border-radius:12px;padding:20px}
.panel-page .card h1,.panel-page .card h2{margin:.15em 0 .2em}
.panel-page .tagline{margin:0 0 1em;font-weight:500}
.panel-page .stats{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:8px;margin:0 0 1em}
.panel-page .website{margin:-.6em 0 1em;font-size:.9rem}
.panel-page .source-figures{margin:-.6em 0 1em;font-size:.85rem;color:var(--muted)}
.panel-page .website a,.panel-page .card h2 a{color:inherit}
.panel-page .entry{overflow-wrap:break-word}
.panel-page .big.long{font-size:1rem;line-height:1.35}
.panel-page details.full-description{margin-top:.6em}
.panel-page details.full-description summary{cursor:pointer;color:#3b5bdb;font-weight:600}
.panel-page details.full-description[open] summary{margin-bottom:.6em}
.panel-page .excerpt p:last-child{margin-bottom:0}
.panel-page .card:has(details.full-description[open]) .excerpt{display:none}
.panel-page .stats div{background:#f6f7f9;border-radius:8px;padding:10px}
.panel-page dt{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.panel-page dd{margin:0}
.panel-page .big{font-size:1.45rem;font-weight:700;overflow-wrap:break-word}
.panel-page .small{font-size:.8rem;color:var(--muted);font-weight:400}
.panel-page .description{color:#333;margin:0;overflow-wrap:anywhere}
.panel-page .description pre{white-space:pre-wrap;background:#f6f6f4;padding:8px;border-radius:6px;font-size:.85em}
.panel-page .description code{overflow-wrap:anywhere;font-size:.9em}
.panel-page .description h4,.panel-page .description h5,.panel-page .description h6{font-size:1rem;margin:.8em 0 .3em}
.panel-page .warning{background:var(--skip-bg);color:var(--skip);border-radius:8px;padding:8px 12px}
.panel-page .verdict{margin-top:24px;border-left:4px solid var(--ship);background:var(--ship-bg);border-radius:8px;padding:4px 16px 8px}
.panel-page .verdict.tie{border-color:var(--muted);background:var(--fail-bg)}
.panel-page .verdict.incomplete{border-color:var(--skip);background:var(--skip-bg)}
.panel-page .review{border-top:1px solid var(--line);padding:14px 0}
.panel-page .review .on{font-weight:400;color:var(--muted)}
.panel-page blockquote{margin:0;padding-left:14px;border-left:3px solid var(--line)}
.panel-page blockquote p{margin:0}
.panel-page .checks{margin:6px 0 0;font-size:13px;color:var(--muted)}
.panel-page .editorial{margin:6px 0 0;padding:4px 8px;border-left:3px solid var(--muted);background:var(--fail-bg);font-size:14px}
.panel-page .review.ship blockquote{border-color:var(--ship)}
.panel-page .review.skip blockquote{border-color:var(--skip)}
.panel-page .error{color:var(--fail);font-style:italic;margin:0}
.panel-page .model{color:var(--muted,#666);font-size:.8em;margin:.25em 0 0}
.panel-page .badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.8rem;font-weight:700;white-space:nowrap}
.panel-page .badge.ship{background:var(--ship-bg);color:var(--ship)}
.panel-page .badge.skip{background:var(--skip-bg);color:var(--skip)}
.panel-page .badge.failed{background:var(--fail-bg);color:var(--fail)}
.panel-page .badge.absent{background:transparent;color:var(--muted);border:1px dashed var(--line);font-weight:400;white-space:normal}
.panel-page table{border-collapse:collapse;width:100%;margin:0 0 .8em;table-layout:fixed}
.panel-page .badge{white-space:nowrap}
.panel-page p,.panel-page blockquote,.panel-page td,.panel-page th,.panel-page h3{overflow-wrap:anywhere}
.panel-page th,.panel-page td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
.panel-page thead th{font-size:.85rem;color:var(--muted)}
.panel-page footer{margin-top:2em;color:var(--muted);font-size:.85rem}
@media (max-width:560px){.panel-page .stats{grid-template-columns:repeat(2,minmax(0,1fr))}.panel-page .stats div:last-child{grid-column:1/-1}.panel-page h1{font-size:1.6rem}.panel-page .big{font-size:1.15rem}.panel-page th,.panel-page td{padding:6px}.panel-page section>table{table-layout:auto}.panel-page section>table th{overflow-wrap:normal}}
`.trim();
