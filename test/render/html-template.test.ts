/** The `html` template escapes by default: only HTML panel made goes in as it is. */
import { describe, expect, it } from 'vitest';
import { html, trusted } from '../../src/render/html-template.js';

describe('html``', () => {
  it('escapes every interpolated string, and replaces control characters', () => {
    const name = `<script>alert("x")</script> & 'q'\u001b[2J`;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;\uFFFD[2J">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;\uFFFD[2J</p>',
    );
  });

  it('puts in nested templates, trusted markup and arrays as they are; null, undefined and false put nothing', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${trusted('<svg></svg>')}${3}`.toString()).toBe('<ul><li>a&lt;b</li><li>c</li></ul><svg></svg>3');
  });
});
