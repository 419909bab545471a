import { openaiClient, type ClientOptions } from '../sdk-clients.js';
import type { BatchResult, BatchStatus } from './anthropic.js';

/** OpenAI's documented Batch API limit: 50,000 requests a batch. */
export const OPENAI_BATCH_LIMIT = 50_000;

const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** OpenAI Batch API through the SDK: a JSONL file of requests, a batch over it, a JSONL file of results. */
export async function openaiBatches(options: ClientOptions) {
  const client = await openaiClient(options, 2);
  const { toFile } = await import('openai');
  return {
    async submit(requests: { custom_id: string; params: Record<string, unknown> }[]): Promise<string> {
      const jsonl = requests.map((r) => JSON.stringify({ custom_id: r.custom_id, method: 'POST', url: '/v1/chat/completions', body: r.params })).join('\n');
      const file = await client.files.create({ file: await toFile(Buffer.from(`${jsonl}\n`), 'batch.jsonl'), purpose: 'batch' });
      const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
      return batch.id;
    },
    async status(providerId: string): Promise<BatchStatus> {
      const batch = await client.batches.retrieve(providerId);
      return { providerId, ended: ENDED.has(batch.status), status: batch.status, counts: { ...(batch.request_counts as unknown as Record<string, number>) } };
    },
    async results(providerId: string): Promise<Map<string, BatchResult>> {
      const batch = await client.batches.retrieve(providerId);
      const out = new Map<string, BatchResult>();
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (!fileId) continue;
        const text = await (await client.files.content(fileId)).text();
        for (const line of text.split('\n').filter(Boolean)) {
          const entry = JSON.parse(line) as { custom_id: string; response?: { status_code: number; body: unknown } | null; error?: unknown };
          const ok = entry.response && entry.response.status_code === 200;
          out.set(entry.custom_id, ok ? { type: 'succeeded', message: entry.response!.body } : { type: 'errored', error: entry.error ?? entry.response?.body });
        }
      }
      // Entries with no line were never run: the batch expired or was cancelled first.
      return out;
    },
  };
}
