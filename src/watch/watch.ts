import pLimit from 'p-limit';
import { Catalog } from '../catalog/catalog.js';
import { UsageError } from '../errors.js';
import { readSnapshot, writeSnapshot } from '../records/source-snapshots.js';
import { parseSource, type SourceSnapshot } from '../shapes/source.js';
import { loadTools, type Session } from '../run/session.js';
import { HostGate } from './host-gate.js';
import { readSource } from './source-readers.js';
import { describeChanges, sameState } from './source-changes.js';

/** What watching one tool came to. */
export interface WatchRow {
  slug: string;
  /** What changed, per source, in words; empty when nothing did. */
  changes: string[];
  /** Why a source could not be read: the tool's snapshot was left as it was. */
  failed: string[];
  rateLimited: boolean;
  /** The snapshot file written, as a path to show; null when nothing changed or a source failed. */
  written: string | null;
  /** Each README or page that changed: its text at the last look and now (`--diff`). */
  readmes: { source: string; before: string; after: string }[];
}

export interface WatchResult {
  rows: WatchRow[];
  /** Hosts this command stopped asking, with when to retry. */
  stopped: { host: string; until: string }[];
}

/**
 * `panel watch [tool...]`: ask each tool's sources what changed since the last
 * look (conditional requests, a per-host cap, the hosts' rate limits), and
 * write each tool's snapshot whole when something did. A tool with a failing
 * source keeps its last snapshot untouched; the others go on.
 */
export async function watchTools(session: Session, slugs: readonly string[], gate = new HostGate(4, session.fetch ?? fetch)): Promise<WatchResult> {
  const named = slugs.length > 0;
  const all = named ? slugs : (await Catalog.open(session.config.catalog)).slugs;
  const tools = await loadTools(session, all);
  const watched = tools.filter((t) => t.source);
  if (named) {
    const without = tools.filter((t) => !t.source).map((t) => t.slug);
    if (without.length) throw new UsageError(`${without.join(', ')} ${without.length === 1 ? 'has' : 'have'} no \`source:\` to watch. Add one to the tool file, e.g. source: github:owner/repo.`);
  }
  const toolSlots = pLimit(16);
  const rows = await Promise.all(
    watched.map((tool) =>
      toolSlots(async (): Promise<WatchRow> => {
        const before = await readSnapshot(session.config.runs, tool.slug, (p) => session.store.shown(p));
        const refs = Array.isArray(tool.source) ? tool.source : [tool.source!];
        const now = session.now();
        const reads = await Promise.all(refs.map((ref) => readSource(parseSource(ref), before?.sources[ref], gate, session.config.sources, now)));
        const failed = reads.flatMap((r, i) => (r.ok ? [] : [`${refs[i]}: ${r.message}`]));
        const rateLimited = reads.some((r) => !r.ok && r.rateLimited);
        if (failed.length) return { slug: tool.slug, changes: [], failed, rateLimited, written: null, readmes: [] };
        const after: SourceSnapshot = { version: 1, slug: tool.slug, sources: {} };
        const changes: string[] = [];
        const readmes: WatchRow['readmes'] = [];
        let moved = false;
        refs.forEach((ref, i) => {
          const state = (reads[i] as { ok: true; state: SourceSnapshot['sources'][string] }).state;
          const previous = before?.sources[ref];
          after.sources[ref] = state;
          for (const change of describeChanges(previous, state)) changes.push(refs.length > 1 ? `${ref}: ${change}` : change);
          if (!sameState(previous, state)) moved = true;
          if (previous?.readme && state.readme && previous.readme.hash !== state.readme.hash) readmes.push({ source: ref, before: previous.readme.text, after: state.readme.text });
        });
        const dropped = Object.keys(before?.sources ?? {}).some((ref) => !refs.includes(ref));
        // Nothing changed (every answer a 304, or the same content): the file is left as it is.
        if (!moved && !dropped) return { slug: tool.slug, changes, failed, rateLimited, written: null, readmes };
        const path = await writeSnapshot(session.config.runs, after);
        return { slug: tool.slug, changes, failed, rateLimited, written: session.store.shown(path), readmes };
      }),
    ),
  );
  return { rows, stopped: [...gate.stoppedHosts].map(([host, until]) => ({ host, until })) };
}
