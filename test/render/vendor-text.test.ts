/**
 * Vendor text on a page: real READMEs (fixtures/vendor/, sources in
 * SOURCES.md) render as the text a reader would see, never as markup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPanel, buildToolPage } from '../../src/aggregate/card.js';
import { renderPage } from '../../src/render/page.js';
import { descriptionHtml, descriptionMd, descriptionParts } from '../../src/render/description.js';
import { newRunRecord } from '../../src/records/record-factory.js';
import { visibleText } from '../support/html-text.js';
import { README_DESCRIPTION } from '../support/vendor-text.js';
import { ROOT } from '../support/workspace.js';
import { expectEvery } from '../support/expect-every.js';

const readme = (name: string) => readFileSync(join(ROOT, 'fixtures/vendor', `${name}.md`), 'utf8');

function page(description: string) {
  const record = newRunRecord({
    tool: { slug: 'langchain', file: 'langchain.yaml', name: 'LangChain', category: 'Frameworks', tagline: 'Build LLM apps', pricing: { entry: 'Free' }, description },
    provider: 'anthropic',
    config: { concurrency: 1, timeoutMs: 1, attempts: 1 },
    reviews: [],
    runId: '2026-12-01T00-00-00.000Z-aaaaaa',
    createdAt: '2026-12-01T00:00:00.000Z',
    command: 'review',
  });
  return buildToolPage(buildPanel(record));
}

describe('a vendor README in HTML', () => {
  for (const name of ['aider', 'moondream', 'ollama']) {
    it(`${name}: no tag, entity or comment reaches the reader's text; links stay links`, () => {
      const html = descriptionHtml(readme(name));
      // Code blocks show their code (`<key>` included); everything else is prose and carries no markup.
      const text = visibleText(`<div>${html.replace(/<pre>[\s\S]*?<\/pre>/g, '')}</div>`);
      expect(text).not.toMatch(/<|&lt;|&gt;|<!--|\[\[\[cog|img\.shields\.io/);
      expect(html).not.toMatch(/<img|<div|<!--|align=|style=|class="grid|<script/);
      expect(html).toMatch(/<a href="https:\/\/[^"]+" rel="nofollow noopener">/);
    });
  }

  it('aider: a vendor <h1> becomes a demoted heading, <p align> a paragraph, and the badge row (images inside links) nothing', () => {
    const html = descriptionHtml(readme('aider'));
    expect(html).toMatch(/<h4>\s*AI Pair Programming in Your Terminal\s*<\/h4>/);
    expect(html).toMatch(/<p>\s*Aider lets you pair program with LLMs/);
    expect(html).not.toMatch(/GitHub Stars|PyPI Downloads|<a [^>]*>\s*<\/a>/);
    expect(html).not.toMatch(/^<br \/>$/m);
  });

  it("moondream: a table cell's <br> is a line break, and the image-only column is gone rather than empty", () => {
    const html = descriptionHtml(readme('moondream'));
    expect(html).toMatch(/<strong>What is the girl doing\?<\/strong><br \/>The girl is sitting/);
    expect(html).toMatch(/<th>Example<\/th>/);
    expect(html).not.toMatch(/<th>Image<\/th>|<td><\/td>/);
  });

  it('ollama: the GitHub alert reads as a labelled note, and the model table keeps its rows', () => {
    const html = descriptionHtml(readme('ollama'));
    expect(html).toMatch(/<blockquote>\s*<p><strong>Note:<\/strong>/);
    expect(html).toMatch(/<td>Moondream 2<\/td>/);
  });

  it('a relative link becomes text, and the markup after it stays balanced', () => {
    const html = descriptionHtml('See the [guide](docs/import.md) here, then `ollama pull` and `ollama run`.');
    expect(html).toBe('<p>See the <a>guide</a> here, then <code>ollama pull</code> and <code>ollama run</code>.</p>');
    expect(descriptionMd('See the [guide](docs/import.md) here.')).toBe('> See the guide here.');
    const full = descriptionHtml(readme('ollama'));
    for (const tag of ['code', 'pre', 'p', 'a', 'li', 'table']) expect(full.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0, tag).toBe(full.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0);
  });

  it('scripts, event handlers and javascript: links never survive', () => {
    const html = descriptionHtml(`${README_DESCRIPTION}\n\n<a href="javascript:alert(1)">click</a> <b onclick="x()">bold</b> <style>body{display:none}</style>`);
    expect(html).not.toMatch(/<script|javascript:|onclick|<style|display:none|data:image/);
    expect(html).toMatch(/<h4>LangChain<\/h4>/);
    expect(html).toMatch(/<h5>Quick install<\/h5>/);
    expect(html).toMatch(/<a href="https:\/\/python\.langchain\.com" rel="nofollow noopener">the docs<\/a>/);
    expect(html).toMatch(/<strong>bold<\/strong>/);
  });
});

describe('a card shows an excerpt, with the whole text behind a disclosure', () => {
  it('cuts a long description at its opening paragraphs, at most about 600 characters, at a sentence', () => {
    for (const name of ['aider', 'moondream', 'ollama']) {
      const parts = descriptionParts(readme(name));
      expect(parts.truncated).toBe(true);
      const excerpt = visibleText(`<div>${parts.excerptHtml}</div>`).trim();
      expect(excerpt.length).toBeGreaterThan(20);
      expect(excerpt.length).toBeLessThanOrEqual(620);
    }
    expect(visibleText(`<div>${descriptionParts(readme('ollama')).excerptHtml}</div>`).trim()).toBe('Get up and running with large language models.');
    const prose = `${'This sentence is about the tool and what it does. '.repeat(30)}`;
    const cut = visibleText(`<div>${descriptionParts(prose).excerptHtml}</div>`).trim();
    expect(cut).toMatch(/does\.$/);
    expect(cut.length).toBeLessThanOrEqual(600);
  });

  it('shows a short description whole, with no disclosure', () => {
    const parts = descriptionParts('A short description of a tool. It does one thing well.');
    expect(parts.truncated).toBe(false);
    const html = renderPage(page('A short description of a tool. It does one thing well.'), 'html');
    expect(html).not.toContain('Read the full description');
  });

  it('the page carries a <details> disclosure that works without JavaScript', () => {
    const html = renderPage(page(readme('aider')), 'html');
    expect(html).toMatch(/<details class="full-description"><summary>Read the full description<\/summary>/);
    expect(html).not.toMatch(/<script/);
  });
});

describe('a vendor README in Markdown output', () => {
  it('renders as text: headings as bold lines, links as links, no images, no HTML, nothing that adds structure', () => {
    const md = descriptionMd(readme('moondream'));
    const lines = md.split('\n');
    expectEvery(lines, (l) => l === '>' || l.startsWith('> '));
    expect(lines.length).toBeGreaterThan(20);
    expect(md).toMatch(/^> \*\*🌔 moondream\*\*$/m);
    expect(md).toMatch(/^> \[Website\]\(https:\/\/moondream\.ai\/\) \\\| \[Hugging Face\]/m);
    expect(md).not.toMatch(/!\[|<img|<br|^> #|\\-\\-\\-/m);
    expect(md).toMatch(/^> moondream1 · 74\.7 · 57\.9/m);
  });

  it('the page quotes the description, so it cannot add a heading, an image, a link outside it, or a script', () => {
    const md = renderPage(page(`${README_DESCRIPTION}\n\n# Injected heading\n\n![x](https://evil.example/x.png)`), 'md');
    expect(md.match(/^# /gm)).toHaveLength(1);
    expect(md).toMatch(/^> \*\*LangChain\*\*$/m);
    expect(md).toMatch(/^> \*\*Injected heading\*\*$/m);
    expect(md).not.toMatch(/<img|<script|evil\.example|^!\[/m);
  });
});
