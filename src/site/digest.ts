import type { Config } from '../config.js';
import { esc } from '../render/html.js';
import type { VerdictChange } from './feed.js';

/** The week's new verdicts, flips and score moves, as email-ready HTML (inline styles only) and Markdown. */
export function digest(site: Config['site'], changes: readonly VerdictChange[], since: Date): { html: string; md: string } {
  const heading = site.newsletter?.heading ?? site.title;
  const when = `since ${since.toISOString().slice(0, 10)}`;
  const items = changes.length ? changes : [];
  const link = (c: VerdictChange) => (site.baseURL ? new URL(`tools/${c.slug}.html`, site.baseURL).toString() : `tools/${c.slug}.html`);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(heading)}</title></head>
<body style="margin:0;padding:24px;font:16px/1.5 Arial,Helvetica,sans-serif;color:#1b1b1b;background:#ffffff">
<h1 style="font-size:22px;margin:0 0 4px">${esc(heading)}</h1>
<p style="margin:0 0 16px;color:#555">${esc(site.newsletter?.text ?? '')} ${esc(when)}.</p>
${items.length ? items.map((c) => `<h2 style="font-size:17px;margin:16px 0 4px"><a href="${esc(link(c))}" style="color:#3b5bdb">${esc(c.title)}</a></h2>\n<p style="margin:0">${esc(c.summary)}</p>`).join('\n') : `<p>No new verdicts ${esc(when)}.</p>`}
${site.newsletter?.url ? `<p style="margin-top:24px"><a href="${esc(site.newsletter.url)}" style="color:#3b5bdb">Subscribe</a></p>` : ''}
</body></html>
`;
  const md = [`# ${heading}`, '', `${site.newsletter?.text ?? ''} ${when}.`.trim(), '', ...(items.length ? items.flatMap((c) => [`## [${c.title}](${link(c)})`, '', c.summary, '']) : [`No new verdicts ${when}.`, ''])].join('\n');
  return { html, md };
}
