import { replaceControlCharacters } from '../util/control-characters.js';

/**
 * HTML built by a tagged template whose interpolations are escaped unless
 * they are HTML already: another `html` template, or text marked `trusted`
 * (the sanitizer's output, an inline SVG panel drew). Escaping is then the
 * default, not a convention each call site must remember; a string from a
 * tool file, a model or a URL query can only ever arrive as text.
 */
export class Html {
  constructor(private readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

/** Text as HTML: the five characters that matter escaped, control characters replaced. */
export function escapeHtml(text: string): string {
  return replaceControlCharacters(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function render(part: Part): string {
  if (part instanceof Html) return part.toString();
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(String(part));
}

/** `html\`<p>${text}</p>\``: `text` escaped; an Html part, or an array of parts, put in as it is. `null`, `undefined` and `false` put nothing. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  parts.forEach((part, i) => (out += render(part) + strings[i + 1]!));
  return new Html(out);
}

/** HTML that panel made safe itself (the description sanitizer's output, its own SVG): put in as it is. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
