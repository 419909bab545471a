import { createHash } from 'node:crypto';
import type { RunRecord } from '../shapes/run-record.js';
import { isComplete } from '../aggregate/completeness.js';
import { verdictMoves } from '../aggregate/score.js';

/** A change a reader would want to hear about: a tool's first verdict, a persona's flip, or a move in its score. */
export interface VerdictChange {
  /** Stable from one publish to the next: derived from the tool and the run, never shown. */
  id: string;
  slug: string;
  name: string;
  date: string;
  kind: 'new' | 'flip' | 'score';
  title: string;
  summary: string;
}

const stableId = (slug: string, runId: string) => `urn:panel:${slug}:${createHash('sha256').update(runId).digest('hex').slice(0, 16)}`;
const pct = (r: RunRecord) => (r.score.percent === null ? '—' : `${r.score.percent}%`);

/** Every verdict change in a tool's complete runs (oldest first in, newest first out). Incomplete runs are never news. */
export function verdictChanges(history: readonly RunRecord[]): VerdictChange[] {
  const runs = history.filter(isComplete);
  const { moves } = verdictMoves(runs);
  const out: VerdictChange[] = [];
  runs.forEach((run, i) => {
    const base = { id: stableId(run.tool.slug, run.runId), slug: run.tool.slug, name: run.tool.name, date: run.createdAt };
    const before = runs[i - 1];
    if (!before) {
      out.push({ ...base, kind: 'new', title: `${run.tool.name}: Panel ship ${pct(run)}`, summary: `The panel reviewed ${run.tool.name}: ${run.score.ship} ship, ${run.score.skip} skip.` });
      return;
    }
    const name = (persona: string) => run.reviews.find((r) => r.persona === persona)?.personaName ?? persona;
    const flips = moves.filter((m) => m.runId === run.runId).map((m) => `${name(m.persona)}: ${m.from} → ${m.to}`);
    if (flips.length) out.push({ ...base, kind: 'flip', title: `${run.tool.name}: ${flips.length} verdict${flips.length === 1 ? '' : 's'} flipped, now ${pct(run)}`, summary: flips.join('; ') });
    else if (run.score.percent !== before.score.percent)
      out.push({ ...base, kind: 'score', title: `${run.tool.name}: Panel ship ${pct(before)} → ${pct(run)}`, summary: `The panel's score moved from ${pct(before)} to ${pct(run)}.` });
  });
  return out.reverse();
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An Atom feed of verdict changes; links are absolute with a base URL, else relative. */
export function atomFeed(title: string, baseURL: string | undefined, changes: readonly VerdictChange[], updated: string): string {
  const link = (path: string) => (baseURL ? new URL(path, baseURL).toString() : path);
  const entries = changes.map(
    (c) => `  <entry>
    <id>${xml(c.id)}</id>
    <title>${xml(c.title)}</title>
    <updated>${xml(c.date)}</updated>
    <link rel="alternate" type="text/html" href="${xml(link(`tools/${c.slug}.html`))}"/>
    <summary>${xml(c.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(title)}</title>
  <id>${xml(baseURL ? link('feed.xml') : `urn:panel:site:${createHash('sha256').update(title).digest('hex').slice(0, 12)}`)}</id>
  <updated>${xml(updated)}</updated>
  <author><name>${xml(title)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xml(link('feed.xml'))}"/>
  <link rel="alternate" type="text/html" href="${xml(link('index.html'))}"/>
${entries.join('\n')}
</feed>
`;
}
