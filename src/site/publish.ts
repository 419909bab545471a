import { dirname } from 'node:path';
import { buildToolPage } from '../aggregate/card.js';
import { buildComparison, publishable } from '../aggregate/comparison.js';
import { headToHead } from '../aggregate/head-to-head.js';
import type { ToolPanel } from '../aggregate/page-model.js';
import { Catalog } from '../catalog/catalog.js';
import { pageFragment } from '../render/html.js';
import { html, type Html } from '../render/html-template.js';
import { incompleteness, verdictOf } from '../aggregate/completeness.js';
import { latestHeadToHead, panelFor } from '../run/verdict-lookup.js';
import type { Session } from '../run/session.js';
import { awaitingApproval, contradictedIn, editorialOf, publicHistory } from '../run/editorial-lookup.js';
import { applyEditorial } from '../aggregate/editorial.js';
import { atomFeed, verdictChanges, type VerdictChange } from './feed.js';
import { sitePage } from './layout.js';
import { digest, digestEntry, orderEntries, type DigestEntry, type FeaturedComparison } from './digest.js';
import { inspectTarget, replaceSite, shownFrom, type Protected } from './site-folder.js';

export interface PublishReport {
  pages: string[];
  /** Tools not published, or published with an older verdict, and why. */
  heldBack: string[];
  /** The feed's links are relative (no `site.base_url`). */
  relativeFeed: boolean;
  /** The folder held a site an earlier panel published without a manifest; it now has one. */
  adopted: boolean;
  comparisons: number;
}

/**
 * `panel publish --out DIR`: the public site as static files. Only complete
 * runs are published: a tool whose newest run is incomplete keeps its last
 * complete verdict, and is listed as held back. Nothing internal (run ids,
 * commands, error texts) reaches a page. The site is written to a temporary
 * folder beside DIR and swapped in whole.
 */
export async function publishSite(session: Session, out: string, options: { since?: Date } = {}): Promise<PublishReport> {
  const { store, config } = session;
  const shown = shownFrom(session.cwd);
  const target = await inspectTarget(out, protectedPaths(session), shown); // before any work: a wrong --out is refused at once
  const catalog = await Catalog.open(config.catalog);
  const files = new Map<string, string>();
  const heldBack: string[] = [];
  const panels = new Map<string, ToolPanel>();
  const changes: VerdictChange[] = [];
  const news: DigestEntry[] = [];
  for (const slug of catalog.slugs) {
    const recorded = await store.all(slug); // newest first, read once for the verdict and the feed
    const editorial = await editorialOf(session, slug);
    const checks = await store.claimChecks(slug);
    // As the editors left each run, and with `approval: required` only the approved ones: the feed and digest carry only those too.
    const history = publicHistory(session, recorded, editorial, checks);
    const held = recorded.find((r) => !history.some((h) => h.runId === r.runId) && !editorial.approved.has(r.runId));
    const contradicted = held && !config.approvalRequired ? contradictedIn(applyEditorial(held, editorial), checks) : [];
    const { complete, newerIncomplete } = verdictOf(history);
    if (contradicted.length) {
      const what = contradicted.map((c) => `${c.persona} says “${c.claim.claim}”, the material “${c.claim.evidence}”`).join('; ');
      heldBack.push(
        `${slug}: a quote contradicts the tool's material (${what}); ${complete ? 'its last verdict without one is published; ' : 'nothing is published for it until '}an editor approves the run, edits the quote or rejects the persona (\`panel queue\`)`,
      );
    }
    const waiting = config.approvalRequired ? awaitingApproval(recorded, editorial) : [];
    if (waiting.length)
      heldBack.push(
        `${slug}: ${waiting.length} run${waiting.length === 1 ? '' : 's'} ${waiting.length === 1 ? 'waits' : 'wait'} for approval (\`panel queue\`)${complete ? '; its last approved verdict is published' : ''}`,
      );
    else if (newerIncomplete[0]) heldBack.push(`${slug}: its newest run is incomplete (${incompleteness(newerIncomplete[0])})${complete ? '; its last complete verdict is published' : ''}`);
    if (!complete) {
      if (!newerIncomplete[0] && !waiting.length && !contradicted.length) heldBack.push(`${slug}: ${recorded.length ? 'no approved complete run' : 'no run yet'}`);
      continue;
    }
    panels.set(slug, publishable(await panelFor(session, complete, { editorial, checks }))); // read once above
    const oldestFirst = [...history].reverse();
    for (const change of verdictChanges(oldestFirst)) changes.push(change);
    const entry = options.since ? digestEntry(oldestFirst, options.since) : undefined;
    if (entry) news.push(entry);
  }
  // Comparison pages and tool pages link to each other: which comparisons are published is known first.
  const published = config.comparisons.filter(([a, b]) => {
    if (panels.has(a) && panels.has(b)) return true;
    heldBack.push(`comparison ${a} vs ${b}: ${!panels.has(a) ? a : b} has no complete run`);
    return false;
  });
  const toolLink = (slug: string) => (panels.has(slug) ? `../tools/${slug}.html` : undefined);
  for (const [slug, panel] of panels) {
    const page = buildToolPage(panel);
    const compared = published.filter((pair) => pair.includes(slug)).map(([a, b]) => ({ href: `../compare/${a}-vs-${b}.html`, title: `${panels.get(a)!.tool.name} vs ${panels.get(b)!.tool.name}` }));
    const meta = { path: `tools/${slug}.html`, description: `${panel.tool.name}: Panel ship ${panel.score.display} (${panel.score.ship} ship, ${panel.score.skip} skip). ${panel.tool.tagline}` };
    files.set(
      `tools/${slug}.html`,
      sitePage(config.site, panel.tool.name, '../', pageFragment(page, { publicPage: true, publicChecks: config.site.showChecks ?? false, links: { comparisons: compared } }), { meta }),
    );
  }
  let comparisons = 0;
  const featured: (FeaturedComparison & { active: boolean })[] = [];
  for (const [a, b] of published) {
    const [pa, pb] = [panels.get(a)!, panels.get(b)!];
    const record = await latestHeadToHead(session, a, b);
    const page = buildComparison(pa, pb, record ? headToHead(record) : undefined);
    const meta = { path: `compare/${a}-vs-${b}.html`, description: page.verdict.text };
    files.set(
      `compare/${a}-vs-${b}.html`,
      sitePage(config.site, page.title, '../', pageFragment(page, { publicPage: true, publicChecks: config.site.showChecks ?? false, links: { tool: toolLink } }), { meta }),
    );
    comparisons++;
    const since = options.since;
    if (since) {
      const active = news.some((e) => e.slug === a || e.slug === b) || (record !== undefined && new Date(record.createdAt) >= since);
      featured.push({ path: `compare/${a}-vs-${b}.html`, title: page.title, verdict: page.verdict.text, active });
    }
  }
  changes.sort((x, y) => (x.date < y.date ? 1 : -1));
  const indexMeta = { path: 'index.html', description: `${config.site.title}: every tool the panel has reviewed, with the share of its reviewers who would ship with it.` };
  files.set('index.html', sitePage(config.site, 'Tools', '', indexContent(config.site.title, [...panels.values()], published, panels), { meta: indexMeta }));
  files.set('feed.xml', atomFeed(config.site.title, config.site.baseURL, changes, changes[0]?.date ?? session.now().toISOString()));
  if (options.since) {
    // The comparisons whose tools or head-to-head moved in the period; with none, every published comparison.
    const picked = featured.some((f) => f.active) ? featured.filter((f) => f.active) : featured;
    const d = digest(config.site, orderEntries(news), picked, options.since, session.now());
    files.set('digest.html', d.html);
    files.set('digest.md', d.md);
  }
  await replaceSite(target, files, shown);
  return { pages: [...files.keys()].sort(), heldBack, relativeFeed: !config.site.baseURL, adopted: target.adopted, comparisons };
}

function indexContent(title: string, panels: ToolPanel[], comparisons: [string, string][], bySlug: Map<string, ToolPanel>): Html {
  const rows = panels
    .sort((a, b) => (b.score.percent ?? -1) - (a.score.percent ?? -1) || a.tool.name.localeCompare(b.tool.name))
    .map(
      (p) =>
        html`<tr><td><a href="tools/${p.tool.slug}.html">${p.tool.name}</a></td><td class="wide">${p.tool.category}</td><td class="num">${p.score.display}</td><td class="wide">${p.community.display}</td><td>${p.tool.pricing.entry}</td></tr>\n`,
    );
  const compared = comparisons.map(([a, b]) => html`<li><a href="compare/${a}-vs-${b}.html">${bySlug.get(a)!.tool.name} vs ${bySlug.get(b)!.tool.name}</a></li>\n`);
  return html`<section class="site-index">
<h1>${title}</h1>
<p>Every tool the panel has reviewed, with the share of its reviewers who would ship with it.</p>
<table>
<thead><tr><th>Tool</th><th class="wide">Category</th><th class="num">Panel ship</th><th class="wide">Community</th><th>Entry</th></tr></thead>
<tbody>
${rows}</tbody>
</table>
${compared.length ? html`<h2>Comparisons</h2>\n<ul>\n${compared}</ul>` : ''}
</section>`;
}

/** What publish must never replace: the project, its config and model files, and the folders panel reads. */
function protectedPaths(session: Session): Protected[] {
  const { config } = session;
  const project = config.file ? dirname(config.file) : session.cwd;
  return [
    { path: project, what: 'the project folder', inside: false },
    { path: session.cwd, what: 'the current folder', inside: false },
    { path: config.runs, what: 'the runs folder', inside: true },
    { path: config.catalog, what: 'the catalog folder', inside: true },
    { path: config.personas, what: 'the personas folder', inside: true },
    ...(config.file ? [{ path: config.file, what: 'the config file', inside: false }] : []),
    ...(config.models ? [{ path: config.models, what: 'the models file', inside: false }] : []),
    ...(config.prices ? [{ path: config.prices, what: 'the prices file', inside: false }] : []),
  ];
}
