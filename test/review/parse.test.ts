import { describe, expect, it } from 'vitest';
import { parseReview, repairMessage } from '../../src/review/parse.js';
import { type ModelOutput } from '../../src/review/output.js';
import { NO_USAGE } from '../../src/shapes/usage.js';

const text = (t: string, more: Partial<ModelOutput> = {}): ModelOutput => ({ text: t, truncated: false, stopReason: 'stop', usage: NO_USAGE, ...more });
const quote = 'Direct competitors are Moondream2 and PaliGemma 2; the Apache 2.0 licence is the moat.';

describe('parseReview', () => {
  it('reads a plain JSON answer', () => {
    expect(parseReview(text(JSON.stringify({ verdict: 'ship', quote })))).toEqual({ ok: true, review: { verdict: 'ship', quote } });
  });

  it('reads JSON inside a code fence', () => {
    const r = parseReview(text('```json\n' + JSON.stringify({ verdict: 'skip', quote }) + '\n```'));
    expect(r).toEqual({ ok: true, review: { verdict: 'skip', quote } });
  });

  it('reads JSON with prose around it', () => {
    const r = parseReview(text(`Here is my review:\n${JSON.stringify({ verdict: 'ship', quote })}\nHope that helps.`));
    expect(r.ok && r.review.verdict).toBe('ship');
  });

  it('takes "Ship" in capitals and with spaces as ship, not as an error', () => {
    const r = parseReview(text(JSON.stringify({ verdict: ' Ship ', quote })));
    expect(r).toEqual({ ok: true, review: { verdict: 'ship', quote } });
  });

  it('reads the forced tool call of Anthropic, trimming the quote', () => {
    const r = parseReview(text('Let me think.', { structured: { verdict: 'skip', quote: `  ${quote}\n` } }));
    expect(r).toEqual({ ok: true, review: { verdict: 'skip', quote } });
  });

  it('rejects "maybe" as the wrong shape, naming the field, and keeps the raw text', () => {
    const raw = JSON.stringify({ verdict: 'maybe', quote });
    const r = parseReview(text(raw));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.kind).toBe('wrong_shape');
    expect(r.failure.message).toMatch(/verdict/);
    expect(r.failure.raw).toBe(raw);
  });

  it('says a missing quote is required', () => {
    const r = parseReview(text(JSON.stringify({ verdict: 'ship' })));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'wrong_shape', message: expect.stringMatching(/quote: is required/) });
  });

  it('rejects an empty quote and one over 2,000 characters', () => {
    expect(parseReview(text(JSON.stringify({ verdict: 'ship', quote: '   ' }))).ok).toBe(false);
    expect(parseReview(text(JSON.stringify({ verdict: 'ship', quote: 'x'.repeat(2001) }))).ok).toBe(false);
    expect(parseReview(text(JSON.stringify({ verdict: 'ship', quote: 'x'.repeat(2000) }))).ok).toBe(true);
  });

  it('tells "not JSON" apart from "wrong shape"', () => {
    const r = parseReview(text('I would ship it, the licence is great.'));
    expect(!r.ok && r.failure.kind).toBe('not_json');
    expect(!r.ok && r.failure.raw).toBe('I would ship it, the licence is great.');
  });

  it('calls empty content empty', () => {
    const r = parseReview(text(''));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'empty', raw: '' });
  });

  it('calls a cut-off answer truncated, keeping the partial text', () => {
    const partial = '{"verdict": "ship", "quote": "The primitive is clean: a transformer-based VLM at 2B params you can';
    const r = parseReview(text(partial, { truncated: true, stopReason: 'max_tokens' }));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'truncated', raw: partial });
  });

  it('records a refusal as a refusal', () => {
    const r = parseReview(text('', { refusal: 'I cannot help with that.' }));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'refusal', message: expect.stringContaining('I cannot help with that.') });
  });
});

describe('repairMessage', () => {
  it('tells the model what was wrong and what to send', () => {
    const r = parseReview(text(JSON.stringify({ verdict: 'maybe', quote })));
    if (r.ok) throw new Error('expected a failure');
    const message = repairMessage(r.failure);
    expect(message).toContain('verdict');
    expect(message).toContain('"ship" or "skip"');
  });
});
