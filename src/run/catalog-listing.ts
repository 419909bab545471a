import { join } from 'node:path';
import pLimit from 'p-limit';
import { DerivedByRun } from '../records/derived-by-run.js';
import { Catalog } from '../catalog/catalog.js';
import { panelOf } from './plan/plan.js';
import { openCatalogIndex, type Session } from './session.js';

export interface CatalogRow {
  slug: string;
  name: string;
  category: string;
  entry: string;
  panel: string[];
  latestRun: string | null;
}

/** The catalog, one row a tool, with the personas on its panel and its latest run id. */
export async function listCatalog(session: Session): Promise<CatalogRow[]> {
  const ids = session.personas.map((p) => p.id);
  const catalog = await Catalog.open(session.config.catalog);
  const files = pLimit(32);
  const index = openCatalogIndex(session);
  // Each tool's newest run id, known from one file while its run folder is unchanged (no folder listed per tool).
  const newest = DerivedByRun.open<string | null>(join(session.store.dir, '.work', 'newest-runs.json'), 1, { depends: 'folder' });
  const rows = await Promise.all(
    catalog.slugs.map((slug) =>
      files(async () => {
        const tool = await catalog.load(slug, session.cwd, ids, index);
        const latest = newest.get(session.store, slug) ?? (await newest.derive(session.store, slug, async () => (await session.store.runIds(slug))[0] ?? null));
        return { slug, name: tool.name, category: tool.category, entry: tool.pricing.entry, panel: panelOf(tool, session.personas).map((p) => p.id), latestRun: latest ?? null };
      }),
    ),
  );
  await Promise.all([index.save(new Set(catalog.slugs)), newest.save(new Set(catalog.slugs))]);
  return rows;
}
