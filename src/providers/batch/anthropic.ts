import { anthropicClient, type ClientOptions } from '../sdk-clients.js';

/** Anthropic's documented Message Batches limit: 100,000 requests a batch. */
export const ANTHROPIC_BATCH_LIMIT = 100_000;

export interface BatchResult {
  type: 'succeeded' | 'errored' | 'canceled' | 'expired';
  message?: unknown;
  error?: unknown;
}

export interface BatchStatus {
  providerId: string;
  ended: boolean;
  status: string;
  counts: Record<string, number>;
}

/** Anthropic Message Batches through the SDK, loaded only when used. */
export async function anthropicBatches(options: ClientOptions) {
  const client = await anthropicClient(options, 2);
  return {
    async submit(requests: { custom_id: string; params: Record<string, unknown> }[]): Promise<string> {
      const batch = await client.messages.batches.create({ requests } as unknown as Parameters<typeof client.messages.batches.create>[0]);
      return batch.id;
    },
    async status(providerId: string): Promise<BatchStatus> {
      const batch = await client.messages.batches.retrieve(providerId);
      return {
        providerId,
        ended: batch.processing_status === 'ended',
        status: batch.processing_status,
        counts: { ...(batch.request_counts as unknown as Record<string, number>) },
      };
    },
    async results(providerId: string): Promise<Map<string, BatchResult>> {
      const out = new Map<string, BatchResult>();
      for await (const line of await client.messages.batches.results(providerId)) {
        const result = line.result as unknown as { type: BatchResult['type']; message?: unknown; error?: unknown };
        out.set(line.custom_id, { type: result.type, ...(result.message ? { message: result.message } : {}), ...(result.error ? { error: result.error } : {}) });
      }
      return out;
    },
  };
}
