/** Page formats every page renderer offers; `text` is the terminal card, where a command has one. */
export const PAGE_FORMATS = ['md', 'html', 'json'] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number] | 'text';

/**
 * JSON with `<`, `>` and `&` as \u escapes: the same data to any JSON parser,
 * and inert if a site inlines it in a <script> tag or an HTML attribute.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
