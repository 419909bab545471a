import { describe, expect, it } from 'vitest';
import { buildPanel, buildToolPage } from '../../src/aggregate/card.js';
import { renderPage } from '../../src/render/page.js';
import { newRunRecord } from '../../src/runs/record-factory.js';
import { README_DESCRIPTION } from '../support/vendor-text.js';

function page() {
  const record = newRunRecord({
    tool: { slug: 'langchain', file: 'langchain.yaml', name: 'LangChain', category: 'Frameworks', tagline: 'Build LLM apps', pricing: { entry: 'Free' }, description: README_DESCRIPTION },
    provider: 'anthropic',
    config: { concurrency: 1, timeoutMs: 1, attempts: 1 },
    reviews: [],
    runId: '2026-12-01T00-00-00.000Z-aaaaaa',
    createdAt: '2026-12-01T00:00:00.000Z',
    command: 'review',
  });
  return buildToolPage(buildPanel(record));
}

describe('vendor text on a page', () => {
  it('HTML: Markdown rendered with raw HTML and images off, headings demoted, links kept as links', () => {
    const html = renderPage(page(), 'html');
    const description = /<div class="description">([\s\S]*?)<\/div>\n<\/article>/.exec(html)![1]!;
    expect(description).not.toMatch(/<img|<script|<div|<p align/);
    expect(description).toContain('&lt;script&gt;');
    expect(description).toMatch(/<h4>LangChain<\/h4>/);
    expect(description).toMatch(/<h5>Quick install<\/h5>/);
    expect(description).toMatch(/<a href="https:\/\/python\.langchain\.com" rel="nofollow noopener">the docs<\/a>/);
    expect(description).toMatch(/<pre><code class="language-bash">pip install -U langchain/);
    expect(description).not.toContain('data:image');
  });

  it('Markdown: the description is quoted, so it cannot add a heading, an image or a link to the page', () => {
    const md = renderPage(page(), 'md');
    expect(md.match(/^# /gm)).toHaveLength(1);
    expect(md).toMatch(/^> \\# LangChain$/m);
    expect(md).not.toMatch(/^!\[|\]\(https:/m);
    expect(md).not.toMatch(/<img|<script/);
  });
});
