import { replaceControlCharacters } from '../util/control-characters.js';
import MarkdownIt from 'markdown-it';

/**
 * Vendor text as a reader can read it. Descriptions are often a project's
 * README: raw HTML, badges, `#` headings, code fences, very long URLs. In HTML
 * they are rendered as Markdown by markdown-it with raw HTML off (so no tag a
 * vendor writes reaches the page), images dropped (badges and tracking
 * pixels), headings demoted below the card's own, and links kept as links
 * (http, https and mailto only, with rel="nofollow noopener").
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable(['image']);

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};
md.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim());
md.core.ruler.push('demote_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      // The card's name is the page's h1 or h2: a description's own headings start at h4.
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 3)}`;
    }
  }
});

/** A description as sanitized HTML (see above). */
export function descriptionHtml(text: string): string {
  // An image becomes its alt text: a badge says what it showed, and a data URL of thousands of characters never reaches the page.
  const withoutImages = replaceControlCharacters(text).replace(/!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)/g, (_m, alt: string) => (alt.trim() ? `[${alt.trim()}]` : ''));
  return md.render(withoutImages);
}

/**
 * A description inside Markdown output: every line quoted, and the characters
 * that would start a heading, an image, a link, a list or raw HTML escaped, so
 * the vendor's text cannot add structure to the page.
 */
export function descriptionMd(text: string): string {
  return replaceControlCharacters(text)
    .split(/\r?\n/)
    .map((line) => `> ${line.replace(/[\\`*_{}[\]()#+\-!|~]/g, (c) => `\\${c}`).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`.trimEnd())
    .join('\n');
}
