/**
 * The figures check: each number a quote states, looked for in the tool's own
 * material (its name, tagline, pricing and description). Free, deterministic
 * and always on: it needs no model, so every page and `show` compute it for
 * any record. A figure not found is "not in the tool's material": outside
 * knowledge, which personas are asked to bring, so a flag to read, not an error.
 */

/** One figure as the text writes it, and what it means. */
interface Figure {
  /** As written: "32,000", "16GB", "2B", "$0.033", "9,000+". */
  text: string;
  /** The number, multipliers applied: 2B is 2e9, 32k is 32,000. */
  value: number;
  /** A version written with several dots ("1.2.3") is compared as written. */
  version: string | null;
  /** "%", "x", "GB", "USD", …; "" for a plain count. */
  unit: string;
  /** Written "9,000+": at least this much. */
  atLeast: boolean;
}

export interface FigureCheck {
  figure: string;
  found: boolean;
}

const MULTIPLIERS: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, t: 1e12, trillion: 1e12 };
const CURRENCIES: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };
const UNITS: Record<string, string> = { '%': '%', percent: '%', x: 'x', '×': 'x', kb: 'KB', mb: 'MB', gb: 'GB', tb: 'TB', gib: 'GB', mib: 'MB', tib: 'TB', usd: 'USD', eur: 'EUR' };

/**
 * A number not glued to a word before it (the 2 of "SmolVLM2", the 7B of
 * "Qwen2-VL-7B" are names), with an optional currency sign, thousands
 * separators or a version's dots, a "+", a multiplier (k, M, B, million, …,
 * also joined by a hyphen: "2-billion") and a unit (%, x, GB, USD, …).
 */
const FIGURE =
  /(?<![\p{L}\p{N}_.])(?<!\p{L}[\p{L}\p{N}]*-)(?:v(?=\d+\.\d))?(?<cur>[$€£]\s?)?(?<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)*)(?<plus>\+)?(?:[\s-]?(?<mult>k|K|M|B|bn|thousand|million|billion|trillion)(?![\p{L}\p{N}]))?(?<plus2>\+)?(?:\s?(?<unit>%|x|×|[KMGT]i?B|percent|USD|EUR)(?![\p{L}\p{N}]))?/gu;

function figuresIn(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const g = m.groups!;
    const digits = g['num']!.replace(/,/g, '');
    const dots = (digits.match(/\./g) ?? []).length;
    const mult = g['mult'] ? MULTIPLIERS[g['mult'].toLowerCase()]! : 1;
    const unit = g['cur'] ? CURRENCIES[g['cur'].trim()]! : g['unit'] ? UNITS[g['unit'].toLowerCase()]! : '';
    out.push({
      text: m[0].trim(),
      value: Number(dots > 1 ? digits.split('.').slice(0, 2).join('.') : digits) * mult,
      version: dots > 1 ? digits : null,
      unit,
      atLeast: Boolean(g['plus'] ?? g['plus2']),
    });
  }
  return out;
}

/** The same figure: the same value (or version) in the same unit; a quote's plain number matches any unit; "9,000+" matches 9,000 to 13,500. */
function matches(quoted: Figure, material: Figure): boolean {
  if (quoted.unit && quoted.unit !== material.unit) return false;
  if (quoted.version || material.version) return quoted.version === material.version;
  if (Math.abs(quoted.value - material.value) <= 1e-9 * Math.max(1, Math.abs(quoted.value))) return true;
  return quoted.atLeast && material.value >= quoted.value && material.value <= quoted.value * 1.5;
}

/** The text a tool's figures are looked for in. */
export function toolMaterial(tool: { name: string; tagline: string; description: string; pricing: { entry: string; notes?: string | null | undefined } }): string {
  return [tool.name, tool.tagline, tool.pricing.entry, tool.pricing.notes ?? '', tool.description].join('\n');
}

/** Each distinct figure of a quote, in order, and whether the material states it. */
export function checkFigures(quote: string, material: string): FigureCheck[] {
  const known = figuresIn(material);
  const seen = new Set<string>();
  const out: FigureCheck[] = [];
  for (const f of figuresIn(quote)) {
    if (seen.has(f.text)) continue;
    seen.add(f.text);
    out.push({ figure: f.text, found: known.some((k) => matches(f, k)) });
  }
  return out;
}
