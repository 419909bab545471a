import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { loadRuns, replayFetch } from '../../src/testing/index.js';
import { ROOT } from '../support/workspace.js';

describe('replayFetch', () => {
  it('answers the real Anthropic client with the recorded response for the same body, in any order', async () => {
    const [record] = await loadRuns(join(ROOT, 'runs/karpathy-skills'));
    const fetch = replayFetch(record!);
    const client = new Anthropic({ apiKey: 'test-key', fetch, maxRetries: 0 });
    for (const review of [...record!.reviews].reverse()) {
      const request = review.exchanges[0]!.request as unknown as Parameters<typeof client.messages.create>[0];
      const message = (await client.messages.create(request)) as Anthropic.Message;
      const call = message.content.find((b) => b.type === 'tool_use') as { input: { verdict: string } };
      expect(call.input.verdict).toBe(review.review!.verdict);
    }
    expect(fetch.hits).toBe(4);
  });

  it('answers a changed body with a 404 that names its hash, and lists it', async () => {
    const fetch = replayFetch(await loadRuns(join(ROOT, 'runs/smolvlm2')));
    const client = new Anthropic({ apiKey: 'test-key', fetch, maxRetries: 0 });
    await expect(client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
      message: expect.stringMatching(/no recorded response for this request \(body hash [0-9a-f]{64}\)/),
    });
    expect(fetch.misses).toHaveLength(1);
  });

  it('loads the whole runs folder, newest first, validating each record', async () => {
    const records = await loadRuns(join(ROOT, 'runs'));
    expect(records.map((r) => r.tool.slug).sort()).toEqual(['karpathy-skills', 'smolvlm2']);
  });
});
