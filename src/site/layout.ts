import type { Config } from '../config.js';
import { documentHead } from '../render/html.js';
import { html, type Html } from '../render/html-template.js';

/** A published site's page: its header, the content, the newsletter block. `root` is the relative path back to the site's top. */
export function sitePage(site: Config['site'], title: string, root: string, content: Html, options: { feed?: boolean; meta?: PageMeta } = {}): string {
  const news = site.newsletter;
  const withFeed = options.feed ?? true; // panel serve has no feed
  const home = `${root}${withFeed ? 'index.html' : ''}`;
  const feed = withFeed ? html`<link rel="alternate" type="application/atom+xml" title="${site.title}" href="${root}feed.xml">\n` : '';
  const head = documentHead(`${title} · ${site.title}`, SITE_STYLES, html`${feed}${options.meta ? metaTags(site, title, options.meta) : ''}`);
  return `${head}
${html`<body>
<header class="site"><a class="brand" href="${home}">${site.title}</a><nav><a href="${home}">Tools</a>${withFeed ? html` <a href="${root}feed.xml">Feed</a>` : ''}</nav></header>
<main>
${content}
</main>
${news ? html`<aside class="newsletter"><h2>${news.heading}</h2><p>${news.text}</p>${news.url ? html`<p><a class="subscribe" href="${news.url}">Get the next comparison in your inbox</a></p>` : ''}</aside>` : ''}
</body>
</html>`}
`;
}

/** What a shared link's preview shows: the page's one-line summary and, with a base URL, its address. */
export interface PageMeta {
  description: string;
  /** The page's path within the site, e.g. `tools/smolvlm2.html`. */
  path: string;
}

function metaTags(site: Config['site'], title: string, meta: PageMeta): Html {
  const description = meta.description.length > 300 ? `${meta.description.slice(0, 297).replace(/\s+\S*$/, '')}…` : meta.description;
  const url = site.baseURL ? new URL(meta.path, site.baseURL).toString() : undefined;
  return html`<meta name="description" content="${description}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.title}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${description}">
${url ? html`<meta property="og:url" content="${url}">\n<link rel="canonical" href="${url}">\n` : ''}<meta name="twitter:card" content="summary">
`;
}

const SITE_STYLES = `body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fafaf8}
header.site{display:flex;flex-wrap:wrap;gap:8px 16px;justify-content:space-between;align-items:center;padding:12px 16px;border-bottom:1px solid #e4e4e0;background:#fff}
header.site .brand{font-weight:700;color:#1b1b1b;text-decoration:none}
header.site nav a{margin-left:12px;color:#3b5bdb}
main{max-width:1040px;margin:0 auto;padding:16px}
.site-index table{width:100%;border-collapse:collapse}
.site-index th,.site-index td{text-align:left;padding:8px 6px;border-bottom:1px solid #e4e4e0;overflow-wrap:break-word;hyphens:auto}
.site-index .draft{display:block;font-size:.8rem;color:#a4261d}
.diff{width:100%;border-collapse:collapse}
.diff th,.diff td{text-align:left;vertical-align:top;padding:8px 6px;border-bottom:1px solid #e4e4e0;overflow-wrap:break-word}
.diff tr.flipped{background:#fff4e6}
.diff .flip{color:#c92a2a;font-weight:600;font-size:.85rem}
.diff blockquote{margin:.3em 0 0;font-size:.9rem;color:#444}
.diff-form label{display:inline-block;margin:0 8px 8px 0}
.diff-form select{max-width:100%}
.history-chart{max-width:100%;height:auto}
.site-index td.num,.site-index th.num{text-align:right}
.site-index a{color:#3b5bdb}
.site-index .filter{margin:0 0 6px}
.site-index .pages{margin:0 0 8px}
.site-index .pages a{margin-left:.6em;white-space:nowrap}
.newsletter{max-width:1040px;margin:24px auto;padding:16px;background:#fff;border:1px solid #e4e4e0;border-radius:8px;box-sizing:border-box}
.newsletter h2{margin:0 0 4px;font-size:1.2rem}
@media (max-width:560px){.site-index .wide{display:none}}`;
