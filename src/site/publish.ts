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
import { inspectTarget, replaceSite, shownFrom, type Protected, type SitePage } from './site-folder.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { DerivedByRun } from '../records/derived-by-run.js';
import { snapshotFacts } from '../records/source-snapshots.js';
import { loadTools } from '../run/session.js';
import type { Tool } from '../shapes/tool.js';
import { hashOf } from '../util/hash.js';
import { packageRoot } from '../util/package-root.js';

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

/** A published tool as the index and the other pages need it: its row, and the hash of its panel (its page's main input). */
interface ToolRow {
  slug: string;
  name: string;
  category: string;
  percent: number | null;
  display: string;
  community: string;
  entry: string;
  panel: string;
}

/** What publishing one tool comes to, derived from its runs, decisions, claim checks, source snapshot and tool file. */
interface ToolEntry {
  held: string[];
  row: ToolRow | null;
  changes: VerdictChange[];
  news: DigestEntry | null;
}

/** Bumped whenever what a tool entry holds, or how it is derived, changes. */
const ENTRY_VERSION = 1;

/**
 * `panel publish --out DIR`: the public site as static files. Only complete
 * runs are published: a tool whose newest run is incomplete keeps its last
 * complete verdict, and is listed as held back. Nothing internal (run ids,
 * commands, error texts) reaches a page. The site is written to a temporary
 * folder beside DIR and swapped in whole.
 *
 * What each tool comes to is kept in runs/.work/published-tools.json (derived
 * data) while its runs, decisions, checks, source snapshot and tool file are
 * unchanged, and a page whose inputs hash as they did at the last publish is
 * carried over from the site instead of rendered again: after one tool
 * changed, publish reads and renders that tool, the index and the feed.
 */
export async function publishSite(session: Session, out: string, options: { since?: Date } = {}): Promise<PublishReport> {
  const { store, config } = session;
  const shown = shownFrom(session.cwd);
  const target = await inspectTarget(out, protectedPaths(session), shown); // before any work: a wrong --out is refused at once
  const catalog = await Catalog.open(config.catalog);
  const tools = await loadTools(session, catalog.slugs);
  const entries = DerivedByRun.open<ToolEntry>(join(store.dir, '.work', 'published-tools.json'), ENTRY_VERSION);
  const personaIds = session.personas.map((p) => p.id);
  const fresh = new Map<string, ToolPanel>(); // panels read in this publish: their pages are rendered from them
  const reading = pLimit(16);
  const derived = await Promise.all(
    tools.map((tool) =>
      reading(async () => {
        const key = hashOf([
          packageRoot().version,
          tool.name,
          tool.category,
          tool.tagline,
          tool.pricing,
          tool.description,
          tool.url ?? null,
          tool.community ?? null,
          tool.latest ?? null,
          personaIds,
          config.approvalRequired,
          options.since?.toISOString() ?? null,
          store.checksFacts(tool.slug),
          snapshotFacts(config.runs, tool.slug),
        ]);
        return entries.get(store, tool.slug, key) ?? (await entries.derive(store, tool.slug, () => toolEntry(session, tool, options.since, fresh), key));
      }),
    ),
  );
  await entries.save(new Set(catalog.slugs));
  const heldBack = derived.flatMap((e) => e.held);
  const rows = new Map(derived.flatMap((e) => (e.row ? [[e.row.slug, e.row] as const] : [])));
  const changes = derived.flatMap((e) => e.changes);
  const news = derived.flatMap((e) => (e.news ? [e.news] : []));

  // Comparison pages and tool pages link to each other: which comparisons are published is known first.
  const published = config.comparisons.filter(([a, b]) => {
    if (rows.has(a) && rows.has(b)) return true;
    heldBack.push(`comparison ${a} vs ${b}: ${!rows.has(a) ? a : b} has no complete run`);
    return false;
  });
  const files = new Map<string, SitePage>();
  const toolLink = (slug: string) => (rows.has(slug) ? `../tools/${slug}.html` : undefined);
  // A page's inputs: its own, the site settings, the layout every page shares (its styles included) and panel's version (its renderer).
  const layout = hashOf(sitePage(config.site, '', '', html``));
  const pageKey = (...inputs: unknown[]) => hashOf([packageRoot().version, layout, config.site, config.site.showChecks ?? false, ...inputs]);
  // A tool's panel for its page: read in this publish already, or read now (its entry came from runs/.work/ but its page must be rendered).
  const toolOf = new Map(tools.map((t) => [t.slug, t]));
  const panelOf = async (slug: string): Promise<ToolPanel> => {
    if (!fresh.has(slug)) await toolEntry(session, toolOf.get(slug)!, undefined, fresh);
    return fresh.get(slug)!;
  };
  for (const [slug, row] of rows) {
    const compared = published.filter((pair) => pair.includes(slug)).map(([a, b]) => ({ href: `../compare/${a}-vs-${b}.html`, title: `${rows.get(a)!.name} vs ${rows.get(b)!.name}` }));
    const path = `tools/${slug}.html`;
    const key = pageKey(row.panel, compared);
    if (target.keys.get(path) === key && existsSync(join(target.out, path))) {
      files.set(path, { text: undefined, key });
      continue;
    }
    const panel = await panelOf(slug);
    const meta = { path, description: `${panel.tool.name}: Panel ship ${panel.score.display} (${panel.score.ship} ship, ${panel.score.skip} skip). ${panel.tool.tagline}` };
    const text = sitePage(
      config.site,
      panel.tool.name,
      '../',
      pageFragment(buildToolPage(panel), { publicPage: true, publicChecks: config.site.showChecks ?? false, links: { comparisons: compared } }),
      { meta },
    );
    files.set(path, { text, key });
  }
  let comparisons = 0;
  const featured: (FeaturedComparison & { active: boolean })[] = [];
  for (const [a, b] of published) {
    const [pa, pb] = [await panelOf(a), await panelOf(b)];
    const record = await latestHeadToHead(session, a, b);
    const page = buildComparison(pa, pb, record ? headToHead(record) : undefined);
    const meta = { path: `compare/${a}-vs-${b}.html`, description: page.verdict.text };
    files.set(`compare/${a}-vs-${b}.html`, {
      text: sitePage(config.site, page.title, '../', pageFragment(page, { publicPage: true, publicChecks: config.site.showChecks ?? false, links: { tool: toolLink } }), { meta }),
    });
    comparisons++;
    const since = options.since;
    if (since) {
      const active = news.some((e) => e.slug === a || e.slug === b) || (record !== undefined && new Date(record.createdAt) >= since);
      featured.push({ path: `compare/${a}-vs-${b}.html`, title: page.title, verdict: page.verdict.text, active });
    }
  }
  changes.sort((x, y) => (x.date < y.date ? 1 : -1));
  const indexMeta = { path: 'index.html', description: `${config.site.title}: every tool the panel has reviewed, with the share of its reviewers who would ship with it.` };
  files.set('index.html', { text: sitePage(config.site, 'Tools', '', indexContent(config.site.title, [...rows.values()], published, rows), { meta: indexMeta }) });
  files.set('feed.xml', { text: atomFeed(config.site.title, config.site.baseURL, changes, changes[0]?.date ?? session.now().toISOString()) });
  if (options.since) {
    // The comparisons whose tools or head-to-head moved in the period; with none, every published comparison.
    const picked = featured.some((f) => f.active) ? featured.filter((f) => f.active) : featured;
    const d = digest(config.site, orderEntries(news), picked, options.since, session.now());
    files.set('digest.html', { text: d.html });
    files.set('digest.md', { text: d.md });
  }
  await replaceSite(target, files, shown);
  return { pages: [...files.keys()].sort(), heldBack, relativeFeed: !config.site.baseURL, adopted: target.adopted, comparisons };
}

/** One tool's verdict as the public may see it: read from its runs, decisions and checks (its panel kept in `fresh` for its page). */
async function toolEntry(session: Session, tool: Tool, since: Date | undefined, fresh: Map<string, ToolPanel>): Promise<ToolEntry> {
  const { store, config } = session;
  const slug = tool.slug;
  const held: string[] = [];
  const recorded = await store.history(slug); // newest first, read once for the verdict and the feed
  const editorial = await editorialOf(session, slug);
  const checks = await store.claimChecks(slug);
  // As the editors left each run, and with `approval: required` only the approved ones: the feed and digest carry only those too.
  const history = publicHistory(session, recorded, editorial, checks);
  const heldRun = recorded.find((r) => !history.some((h) => h.runId === r.runId) && !editorial.approved.has(r.runId));
  const contradicted = heldRun && !config.approvalRequired ? contradictedIn(applyEditorial(heldRun, editorial), checks) : [];
  const { complete, newerIncomplete } = verdictOf(history);
  if (contradicted.length) {
    const what = contradicted.map((c) => `${c.persona} says “${c.claim.claim}”, the material “${c.claim.evidence}”`).join('; ');
    held.push(
      `${slug}: a quote contradicts the tool's material (${what}); ${complete ? 'its last verdict without one is published; ' : 'nothing is published for it until '}an editor approves the run, edits the quote or rejects the persona (\`panel queue\`)`,
    );
  }
  const waiting = config.approvalRequired ? awaitingApproval(recorded, editorial) : [];
  if (waiting.length)
    held.push(
      `${slug}: ${waiting.length} run${waiting.length === 1 ? '' : 's'} ${waiting.length === 1 ? 'waits' : 'wait'} for approval (\`panel queue\`)${complete ? '; its last approved verdict is published' : ''}`,
    );
  else if (newerIncomplete[0]) held.push(`${slug}: its newest run is incomplete (${incompleteness(newerIncomplete[0])})${complete ? '; its last complete verdict is published' : ''}`);
  if (!complete) {
    if (!newerIncomplete[0] && !waiting.length && !contradicted.length) held.push(`${slug}: ${recorded.length ? 'no approved complete run' : 'no run yet'}`);
    return { held, row: null, changes: [], news: null };
  }
  const panel = publishable(await panelFor(session, complete, { editorial, checks, tool })); // read once above
  fresh.set(slug, panel);
  const oldestFirst = [...history].reverse();
  const row: ToolRow = {
    slug,
    name: panel.tool.name,
    category: panel.tool.category,
    percent: panel.score.percent,
    display: panel.score.display,
    community: panel.community.display,
    entry: panel.tool.pricing.entry,
    panel: hashOf(panel),
  };
  return { held, row, changes: verdictChanges(oldestFirst), news: (since && digestEntry(oldestFirst, since)) ?? null };
}

function indexContent(title: string, rows: ToolRow[], comparisons: [string, string][], bySlug: Map<string, ToolRow>): Html {
  const body = rows
    .sort((a, b) => (b.percent ?? -1) - (a.percent ?? -1) || a.name.localeCompare(b.name))
    .map(
      (p) =>
        html`<tr><td><a href="tools/${p.slug}.html">${p.name}</a></td><td class="wide">${p.category}</td><td class="num">${p.display}</td><td class="wide">${p.community}</td><td>${p.entry}</td></tr>\n`,
    );
  const compared = comparisons.map(([a, b]) => html`<li><a href="compare/${a}-vs-${b}.html">${bySlug.get(a)!.name} vs ${bySlug.get(b)!.name}</a></li>\n`);
  return html`<section class="site-index">
<h1>${title}</h1>
<p>Every tool the panel has reviewed, with the share of its reviewers who would ship with it.</p>
<table>
<thead><tr><th>Tool</th><th class="wide">Category</th><th class="num">Panel ship</th><th class="wide">Community</th><th>Entry</th></tr></thead>
<tbody>
${body}</tbody>
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
