import type { Page } from '../aggregate/page-model.js';
import { pageSchema } from '../aggregate/page-model.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderPanelText } from './text.js';

export const PAGE_FORMATS = ['md', 'html', 'json'] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number] | 'text';

/** Render a page in one format. JSON is the page model itself, checked against its schema. */
export function renderPage(page: Page, format: PageFormat, options: { fragment?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return `${safeJson(pageSchema.parse(page))}\n`;
    case 'md':
      return renderMarkdown(page);
    case 'html':
      return renderHtml(page, options);
    case 'text':
      if (page.kind === 'tool') return renderPanelText(page.panel);
      return renderMarkdown(page);
  }
}

/**
 * JSON with `<`, `>` and `&` as \u escapes: the same data to any JSON parser,
 * and inert if a site inlines it in a <script> tag or an HTML attribute.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
