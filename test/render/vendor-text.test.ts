import { describe, expect, it } from 'vitest';
import { buildPanel, buildToolPage } from '../../src/aggregate/card.js';
import { renderPage } from '../../src/render/page.js';
import { newRunRecord } from '../../src/runs/record-factory.js';

/** A description as vendors write them: a project README with HTML, badges, headings, code and a 5,000-character data URL. */
export const README_DESCRIPTION = [
  '<p align="center"><img src="https://example.com/logo.png" width="200"></p>',
  '<div align="center"><a href="https://ci.example.com"><img src="https://img.shields.io/badge/build-passing-green"></a></div>',
  '# LangChain',
  '',
  '⚡ Build context-aware reasoning applications ⚡ [![Release](https://img.shields.io/pypi/v/langchain)](https://pypi.org/project/langchain/)',
  '',
  '## Quick install',
  '',
  '```bash',
  'pip install -U langchain',
  '```',
  '',
  'See [the docs](https://python.langchain.com) and <script>alert(1)</script> the `AutoModelForVision2Seq.from_pretrained` helper.',
  '',
  `![diagram](data:image/png;base64,${'A'.repeat(5000)})`,
  '',
  `Trace: https://example.com/${'x'.repeat(400)}`,
].join('\n');

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
