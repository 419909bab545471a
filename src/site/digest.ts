import type { Config } from '../config.js';
import { html } from '../render/html-template.js';
import { isComplete } from '../aggregate/completeness.js';
import type { RunRecord } from '../shapes/run-record.js';
import { personaVerdicts } from '../aggregate/score.js';

/**
 * One tool's news for the period, netted: where its verdict stood before the
 * period and where it ended, and which personas ended on the other side. A
 * tool reviewed three times in a week is one entry, and a verdict that moved
 * and moved back is no news at all.
 */
export interface DigestEntry {
  slug: string;
  name: string;
  /** `updated`: the tool's source had a new release in the period and no verdict moved: one line. */
  kind: 'new' | 'moved' | 'updated';
  title: string;
  summary: string;
  /** Points the panel ship moved (0 for a new verdict): the larger moves lead. */
  shift: number;
}

const pct = (r: RunRecord) => (r.score.percent === null ? '—' : `${r.score.percent}%`);

/** A tool's entry for the period from `since`, from its runs oldest first; undefined when nothing changed on balance. */
export function digestEntry(history: readonly RunRecord[], since: Date): DigestEntry | undefined {
  const complete = history.filter(isComplete);
  const inPeriod = complete.filter((r) => new Date(r.createdAt) >= since);
  const end = inPeriod.at(-1);
  if (!end) return undefined;
  const start = complete.filter((r) => new Date(r.createdAt) < since).at(-1);
  const base = { slug: end.tool.slug, name: end.tool.name };
  if (!start) {
    return {
      ...base,
      kind: 'new',
      shift: 0,
      title: `${end.tool.name}: Panel ship ${pct(end)}`,
      summary: `New on the site: the panel reviewed ${end.tool.name}, ${end.score.ship} ship and ${end.score.skip} skip.`,
    };
  }
  const before = new Map(personaVerdicts(start.reviews).map((v) => [v.persona, v.verdict]));
  const names = new Map(end.reviews.map((r) => [r.persona, r.personaName]));
  const moved = personaVerdicts(end.reviews).filter(
    (v) => (v.verdict === 'ship' || v.verdict === 'skip') && (before.get(v.persona) === 'ship' || before.get(v.persona) === 'skip') && before.get(v.persona) !== v.verdict,
  );
  // A new release the watch brought in (the run records keep what their reviews were told): "Ollama v0.9.1 → v1.0.0".
  const [was, now] = [start.tool.latest?.release?.tag, end.tool.latest?.release?.tag];
  const update = now && was !== now ? `${end.tool.name} ${was ?? '(no release)'} → ${now}` : undefined;
  const score = start.score.percent === end.score.percent ? `Panel ship stays at ${pct(end)}` : `Panel ship ${pct(start)} → ${pct(end)}`;
  if (moved.length === 0 && start.score.percent === end.score.percent) {
    return update ? { ...base, kind: 'updated', shift: 0, title: update, summary: `Updated; no verdict changed (${score}).` } : undefined;
  }
  const who = moved.map((v) => `${names.get(v.persona) ?? v.persona} now ${v.verdict === 'ship' ? 'ships' : 'skips'} it`);
  return {
    ...base,
    kind: 'moved',
    shift: Math.abs((end.score.percent ?? 0) - (start.score.percent ?? 0)),
    title: update ? `${update}: ${score}` : `${end.tool.name}: ${score}`,
    summary: who.length ? `${who.join('; ')}.` : `No persona changed sides; the share moved with the panel's size.`,
  };
}

/** New verdicts first, then the largest moves, then updates that moved no verdict; each by name within. */
export function orderEntries(entries: DigestEntry[]): DigestEntry[] {
  const rank = { new: 0, moved: 1, updated: 2 } as const;
  return [...entries].sort((a, b) => rank[a.kind] - rank[b.kind] || b.shift - a.shift || a.name.localeCompare(b.name));
}

/** A comparison the digest features: its page and its headline. */
export interface FeaturedComparison {
  path: string;
  title: string;
  verdict: string;
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "28 November to 5 December 2026". */
function periodLine(since: Date, until: Date): string {
  return `${DAY.format(since).replace(/ \d{4}$/, since.getUTCFullYear() === until.getUTCFullYear() ? '' : '$&')} to ${DAY.format(until)}`;
}

/** The period's verdict news as email-ready HTML (inline styles only) and Markdown: the comparisons first, then one entry per tool. */
export function digest(site: Config['site'], entries: readonly DigestEntry[], comparisons: readonly FeaturedComparison[], since: Date, until: Date): { html: string; md: string } {
  const heading = site.newsletter?.heading ?? site.title;
  const period = periodLine(since, until);
  const link = (path: string) => (site.baseURL ? new URL(path, site.baseURL).toString() : path);
  const tool = (e: DigestEntry) => link(`tools/${e.slug}.html`);
  const none = `No verdict changed from ${period}.`;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${heading}: ${period}</title></head>
<body style="margin:0;padding:24px;font:16px/1.5 Arial,Helvetica,sans-serif;color:#1b1b1b;background:#ffffff">
<h1 style="font-size:22px;margin:0 0 4px">${heading}</h1>
<p style="margin:0 0 4px;color:#555">${period}</p>
${site.newsletter?.text ? html`<p style="margin:0 0 16px">${site.newsletter.text}</p>\n` : ''}${
    comparisons.length
      ? html`<h2 style="font-size:18px;margin:20px 0 4px">Comparisons</h2>\n${comparisons.map((c) => html`<p style="margin:0 0 8px"><a href="${link(c.path)}" style="color:#3b5bdb;font-weight:bold">${c.title}</a><br>${c.verdict}</p>\n`)}`
      : ''
  }<h2 style="font-size:18px;margin:20px 0 4px">Verdicts</h2>
${entries.length ? entries.map((e) => html`<h3 style="font-size:16px;margin:12px 0 2px"><a href="${tool(e)}" style="color:#3b5bdb">${e.title}</a></h3>\n<p style="margin:0">${e.summary}</p>\n`) : html`<p>${none}</p>\n`}${site.newsletter?.url ? html`<p style="margin-top:24px"><a href="${site.newsletter.url}" style="color:#3b5bdb">Subscribe</a></p>` : ''}
</body></html>
`;
  const mdLink = (text: string, url: string) => `[${text.replace(/[[\]\\]/g, '\\$&')}](${url})`;
  const md = [
    `# ${heading}`,
    '',
    `*${period}*`,
    '',
    ...(site.newsletter?.text ? [site.newsletter.text, ''] : []),
    ...(comparisons.length ? ['## Comparisons', '', ...comparisons.flatMap((c) => [`**${mdLink(c.title, link(c.path))}**: ${c.verdict}`, ''])] : []),
    '## Verdicts',
    '',
    ...(entries.length ? entries.flatMap((e) => [`### ${mdLink(e.title, tool(e))}`, '', e.summary, '']) : [none, '']),
  ].join('\n');
  return { html: page.toString(), md };
}
