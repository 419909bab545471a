import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import sanitizeHtml from 'sanitize-html';
import { replaceControlCharacters } from '../util/control-characters.js';

/**
 * Vendor text as a reader would read it. Descriptions are often a project's
 * README: raw HTML (centred logos, badge rows, `<br>` in table cells,
 * generator comments), `#` headings, code fences, images and long URLs.
 *
 * markdown-it renders the Markdown with raw HTML on, and sanitize-html then
 * keeps only the text a reader would see and the structure that carries it:
 * paragraphs, line breaks, lists, tables, code, emphasis, and links (absolute
 * http, https and mailto only, with rel="nofollow noopener"; a relative link
 * would be broken on our site, so it becomes text: an <a> with no href). Images, comments,
 * scripts, styles, forms and every attribute are dropped; `<div>` and other
 * containers give up their tags and keep their text. Headings are demoted
 * below the card's own (h1 becomes h4). A table column that held only images
 * is removed rather than left empty.
 */
const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

md.core.ruler.push('drop_image_columns', (state) => {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'table_open') continue;
    const end = tokens.findIndex((t, j) => j > i && t.type === 'table_close');
    const rows: { cells: { open: number; close: number; inline: Token }[]; body: boolean }[] = [];
    let body = false;
    for (let j = i; j < end; j++) {
      const t = tokens[j]!;
      if (t.type === 'tbody_open') body = true;
      if (t.type === 'tr_open') rows.push({ cells: [], body });
      if (t.type === 'th_open' || t.type === 'td_open') rows.at(-1)!.cells.push({ open: j, close: j + 2, inline: tokens[j + 1]! });
    }
    const bodyRows = rows.filter((r) => r.body);
    const columns = rows[0]?.cells.length ?? 0;
    for (let c = 0; c < columns; c++) {
      const onlyImages =
        bodyRows.length > 0 &&
        bodyRows.every((r) => {
          const children = r.cells[c]?.inline.children ?? [];
          return children.some((k) => k.type === 'image') && children.every((k) => k.type === 'image' || (k.type === 'text' && !k.content.trim()));
        });
      if (!onlyImages) continue;
      for (const row of rows) {
        const cell = row.cells[c];
        if (!cell) continue;
        tokens[cell.open]!.hidden = true;
        tokens[cell.close]!.hidden = true;
        cell.inline.children = [];
        cell.inline.content = '';
      }
    }
    i = end;
  }
});

/** GitHub's alert blocks (`> [!NOTE]`) read as a labelled quote, not as bracket syntax. */
const ALERT = /^(\s*>\s*)\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/gim;

const ABSOLUTE = /^(https?:|mailto:)/i;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'del', 'sup', 'sub', 'kbd'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Elements whose content is not text for a reader: dropped whole.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'svg', 'math', 'title', 'head', 'select', 'button', 'iframe', 'object'],
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h4',
    h2: 'h5',
    h3: 'h6',
    b: 'strong',
    i: 'em',
    s: 'del',
    strike: 'del',
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = (attribs['href'] ?? '').trim();
      // A relative link would be broken on our site: it stays an <a> with no href, which a browser shows as text.
      // (Renaming it to a tag the sanitizer then drops confuses its closing tags: a later </code> came out as </span>.)
      return ABSOLUTE.test(href) ? { tagName, attribs: { href, rel: 'nofollow noopener' } } : { tagName, attribs: {} };
    },
  },
  // What is left of a logo link, a badge row or a centred image: nothing to read, so nothing on the page.
  exclusiveFilter: (frame) => ['a', 'p', 'span', 'strong', 'em', 'h4', 'h5', 'h6', 'li', 'blockquote'].includes(frame.tag) && !frame.text.trim() && !frame.mediaChildren?.length,
};

/** A description as the HTML a reader sees (see above). */
export function descriptionHtml(text: string): string {
  const source = replaceControlCharacters(text)
    .replace(ALERT, (_m, quote: string, kind: string) => `${quote}**${kind[0]}${kind.slice(1).toLowerCase()}:**`)
    // An HTML block runs to the next blank line, so Markdown written right after a closing tag would show as raw text: end the block there.
    .replace(/(<\/(?:p|div|h[1-6]|table|details|picture|center)>)[ \t]*\n(?=[ \t]*\S)/gi, '$1\n\n');
  return sanitizeHtml(md.render(source), SANITIZE)
    .replace(/^<br \/>$/gm, '') // a README's spacer line between sections
    .replace(/(?:<br \/>\s*){3,}/g, '<br /><br />')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A top-level block of the sanitizer's output (a paragraph, heading, list, code block, table, quote or rule) and its tag. */
const BLOCK = /<(p|h[4-6]|ul|ol|pre|table|blockquote|hr)\b[^>]*>[\s\S]*?(?:<\/\1>|(?<=<hr \/>))/g;

/** The text of some HTML, entities decoded: for lengths and excerpts. */
function textOf(html: string): string {
  return decode(sanitizeHtml(html.replace(/<br \/>/g, ' '), { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The entities the sanitizer writes, back to their characters. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface DescriptionParts {
  /** The opening paragraphs, at most about `limit` characters, cut at a sentence: what a card shows. */
  excerptHtml: string;
  /** The whole description, rendered. */
  fullHtml: string;
  /** False when the excerpt is the whole description: no "Read the full description" then. */
  truncated: boolean;
}

/**
 * A card's view of a description: its opening paragraphs (headings before the
 * first paragraph skipped, stopping at the next heading, list, table or code
 * block, and at about `limit` characters, cut at the end of a sentence), and
 * the whole text for a disclosure. A short description is shown whole.
 */
export function descriptionParts(text: string, limit = 600): DescriptionParts {
  const fullHtml = descriptionHtml(text);
  const fullText = textOf(fullHtml);
  if (fullText.length <= limit + 200) return { excerptHtml: fullHtml, fullHtml, truncated: false };
  const blocks = [...fullHtml.matchAll(BLOCK)];
  const kept: string[] = [];
  let length = 0;
  for (const [block, tag] of blocks) {
    if (tag !== 'p') {
      if (kept.length > 0) break;
      continue;
    }
    const blockText = textOf(block);
    if (!blockText) continue;
    if (length + blockText.length <= limit) {
      kept.push(block);
      length += blockText.length;
      continue;
    }
    if (kept.length === 0) kept.push(`<p>${escapeText(cutAtSentence(blockText, limit))}</p>`);
    break;
  }
  if (kept.length === 0) kept.push(`<p>${escapeText(cutAtSentence(fullText, limit))}</p>`);
  return { excerptHtml: kept.join('\n'), fullHtml, truncated: true };
}

/** The text up to the last sentence end before `limit`, or to the last word with an ellipsis when no sentence ends in time. */
function cutAtSentence(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const head = text.slice(0, limit);
  const sentence = /^[\s\S]*[.!?…](?=\s)/.exec(head)?.[0];
  if (sentence && sentence.length >= limit / 3) return sentence;
  return `${head.replace(/\s+\S*$/, '')}…`;
}

/**
 * A description inside Markdown output, as Markdown that renders as the text a
 * reader would see: paragraphs, lists, emphasis, code and links (absolute
 * http, https and mailto) kept; headings made bold lines; images, HTML and
 * tables' markup dropped (a table row becomes a line of its cells). Every
 * line is quoted and the text's own Markdown characters are escaped, so the
 * vendor cannot add a heading, an image, a link or a script to the page.
 */
export function descriptionMd(text: string): string {
  const html = descriptionHtml(text);
  const lines: string[] = [];
  for (const [block, tag] of html.matchAll(BLOCK)) {
    if (tag === 'hr') continue;
    if (tag === 'pre') {
      lines.push('```', ...codeText(block).split('\n'), '```');
    } else if (tag === 'ul' || tag === 'ol') {
      let n = 0;
      for (const [, item] of block.matchAll(/<li>([\s\S]*?)<\/li>/g)) lines.push(`${tag === 'ol' ? `${++n}.` : '-'} ${inlineMd(item!)}`);
    } else if (tag === 'table') {
      for (const [, row] of block.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
        const cells = [...row!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map(([, c]) => inlineMd(c!)).filter(Boolean);
        if (cells.length) lines.push(asTextLine(cells.join(' · ')), ''); // a paragraph a row: lines of one paragraph would run together
      }
    } else if (tag?.startsWith('h')) {
      const heading = inlineMd(block.replace(/^<h[4-6]>|<\/h[4-6]>$/g, ''));
      if (heading) lines.push(`**${heading}**`);
    } else {
      const inner = block.replace(/^<(p|blockquote)>|<\/(p|blockquote)>$/g, '');
      const paragraph = inlineMd(inner);
      if (paragraph) lines.push(asTextLine(paragraph));
    }
    lines.push('');
  }
  while (lines.at(-1) === '') lines.pop();
  return lines.map((line) => `> ${line}`.trimEnd()).join('\n');
}

/** A code block's text, entities decoded, with its lines. */
function codeText(block: string): string {
  return decode(block.replace(/^<pre><code[^>]*>|<\/code><\/pre>$/g, '').replace(/<[^>]+>/g, ''))
    .replace(/```/g, "'''")
    .trimEnd();
}

/** Inline HTML from the sanitizer as Markdown: links, emphasis and code kept, every other character of the text escaped. */
function inlineMd(html: string): string {
  const parts: string[] = [];
  const pattern = /<a href="([^"]*)" rel="nofollow noopener">([\s\S]*?)<\/a>|<(strong|em|code|del)>([\s\S]*?)<\/\3>|<br \/>|<\/?(?:p|blockquote|span|ul|ol|li|sup|sub|kbd|a)>|([^<]+)|</g;
  for (const m of html.matchAll(pattern)) {
    if (m[1] !== undefined) parts.push(`[${escapeMd(textOf(m[2]!))}](${m[1].replace(/&amp;/g, '&').replace(/[()\s]/g, encodeURIComponent)})`);
    else if (m[3]) {
      const inner = textOf(m[4]!);
      if (inner) parts.push(m[3] === 'code' ? `\`${inner.replace(/`/g, "'")}\`` : m[3] === 'strong' ? `**${escapeMd(inner)}**` : m[3] === 'em' ? `*${escapeMd(inner)}*` : `~~${escapeMd(inner)}~~`);
    } else if (m[0] === '<br />') parts.push(' ');
    else if (m[5] !== undefined) parts.push(escapeMd(decode(m[5])));
    else parts.push(' ');
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Text that Markdown shows as itself: no character of it starts a heading, list, link, image, emphasis, code or HTML. */
function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>#!|~]/g, (c) => `\\${c}`).replace(/&/g, '&amp;');
}

/** A line of text that starts like a list item (`1. `, `- `, `+ `) is escaped, so it stays a line of text. */
function asTextLine(line: string): string {
  return line.replace(/^(\d+)\.(\s)/, '$1\\.$2').replace(/^([-+])(\s)/, '\\$1$2');
}

/**
 * What a description loses on a page, for `panel check` to warn of: its
 * images, HTML comments, scripts and styles, and the HTML tags whose markup
 * is dropped (their text stays). Empty when the page shows it all.
 */
export function markupLoss(text: string): string[] {
  const lost: string[] = [];
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const images = count(/<img\b/gi) + count(/!\[[^\]]*\]\(/g);
  if (images) lost.push(`${images} image${images === 1 ? '' : 's'}`);
  const comments = count(/<!--/g);
  if (comments) lost.push(`${comments} HTML comment${comments === 1 ? '' : 's'}`);
  const code = count(/<(script|style)\b/gi);
  if (code) lost.push(`${code} script or style block${code === 1 ? '' : 's'}`);
  const kept = new Set([...(SANITIZE.allowedTags as string[]), 'h1', 'h2', 'h3', 'b', 'i', 's', 'strike', 'img', 'script', 'style']);
  const tags = new Map<string, number>();
  for (const [, name] of text.matchAll(/<([a-z][a-z0-9-]*)\b[^>]*>/gi)) {
    const tag = name!.toLowerCase();
    if (!kept.has(tag)) tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  for (const [tag, n] of tags) lost.push(`<${tag}> ×${n}`);
  return lost;
}
