import type { ModelEntry, ModelTable } from '../models/model-table.js';
import { retirement } from '../models/lookup.js';
import { safeJson } from './formats.js';
import { formatTable } from './table.js';

const usd = (n: number | undefined) => (n === undefined ? '—' : `$${n.toFixed(n < 0.1 ? 3 : 2)}`);

/** One row per entry: what a user reads to pick a model. */
function rows(table: ModelTable, today: Date) {
  return Object.entries(table.models)
    .sort(([a, x], [b, y]) => x.provider.localeCompare(y.provider) || a.localeCompare(b))
    .map(([id, e]: [string, ModelEntry]) => ({
      model: e.match ? `${id} (${e.match.join(', ')})` : id,
      provider: e.provider,
      maker: e.maker,
      structuredOutput: e.structured_output,
      sampling: e.sampling,
      effort: e.effort ? { values: e.effort.values, default: e.effort.default ?? e.effort.model_default ?? null } : null,
      price: e.price
        ? { input: e.price.input, output: e.price.output, cacheWrite: e.price.cache_write ?? null, cacheRead: e.price.cache_read ?? null, date: e.price.date, source: e.price.source }
        : null,
      cacheMinTokens: e.cache_min_tokens ?? null,
      retires: e.retires ?? null,
      status: retirement(e, today) ?? 'current',
    }));
}

/** `panel models`: the table as a user reads it, retired models marked. */
export function renderModels(table: ModelTable, today: Date, format: 'text' | 'json'): string {
  const list = rows(table, today);
  if (format === 'json') return `${safeJson({ models: list })}\n`;
  const cells = list.map((r) => [
    r.model,
    r.provider,
    r.maker,
    r.structuredOutput,
    usd(r.price?.input),
    usd(r.price?.output),
    r.cacheMinTokens === null ? '—' : r.cacheMinTokens.toLocaleString('en-US'),
    r.retires === null ? '—' : r.status === 'retired' ? `${r.retires} RETIRED` : r.status === 'retiring' ? `${r.retires} (soon)` : r.retires,
  ]);
  return (
    `${formatTable(['model', 'provider', 'maker', 'structured output', '$/M in', '$/M out', 'cache min', 'retires'], cells)}\n` +
    'Prices are list prices in US dollars per million tokens, each with its date and source in models.yaml. ' +
    'Add or change a model with a `models:` file (README: The model table).\n'
  );
}
