import type { Page } from '../aggregate/page-model.js';
import { pageSchema } from '../aggregate/page-model.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderPanelText } from './text.js';

import { safeJson, type PageFormat } from './formats.js';

export { safeJson, type PageFormat } from './formats.js';

/** Render a page in one format. JSON is the page model itself, checked against its schema. */
export function renderPage(page: Page, format: PageFormat, options: { fragment?: boolean; publicPage?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return `${safeJson(pageSchema.parse(page))}\n`;
    case 'md':
      return renderMarkdown(page, options);
    case 'html':
      return renderHtml(page, options);
    case 'text':
      if (page.kind === 'tool') return renderPanelText(page.panel);
      return renderMarkdown(page);
  }
}
