import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { planBatch, submitUnsent } from '../../src/run/batch/execute-batch.js';
import type { BatchApi } from '../../src/providers/batch/clients.js';
import { newRunId } from '../../src/records/record-factory.js';
import type { PendingBatch } from '../../src/records/pending-batch.js';
import { planTool } from '../../src/run/plan/plan.js';
import { loadPersonas } from '../../src/personas/persona.js';
import { RunStore } from '../../src/records/store.js';
import { ROOT } from '../support/workspace.js';
import type { Tool } from '../../src/shapes/tool.js';

const personas = await loadPersonas(join(ROOT, 'personas'), ROOT);

async function plannedBatch(tools: number): Promise<PendingBatch> {
  const plans = Array.from({ length: tools }, (_, i): Tool => ({
    slug: `tool-${i}`,
    file: `tool-${i}.yaml`,
    name: `Tool ${i}`,
    category: 'Developer Tools',
    tagline: 'Generated',
    pricing: { entry: 'Free' },
    description: `Generated tool ${i}.`,
  })).map((tool) =>
    planTool({
      tool,
      personas,
      latest: undefined,
      route: () => ({ provider: 'anthropic', api: 'anthropic', model: 'claude-haiku-5-5' }),
      paramsFor: () => ({ model: 'claude-haiku-5-5', maxTokens: 1024 }),
      force: false,
    }),
  );
  const now = new Date('2026-11-30T00:00:00Z');
  return planBatch({ plans, store: new RunStore('/nonexistent', ROOT), command: 'regen', now, newRunId: () => newRunId(now), provider: 'anthropic' });
}

function countingClient(failOn?: number): Pick<BatchApi, 'submit'> & { sizes: number[]; ids: string[] } {
  const sizes: number[] = [];
  const ids: string[] = [];
  return {
    sizes,
    ids,
    async submit(requests) {
      if (sizes.length + 1 === failOn) throw new Error('connection reset');
      sizes.push(requests.length);
      ids.push(...requests.map((r) => r.custom_id));
      return `batch_${sizes.length}`;
    },
  };
}

describe('submitting a batch', () => {
  it('splits 10,000 requests by the size limit, every request in exactly one batch', async () => {
    const batch = await plannedBatch(2000);
    const client = countingClient();
    await submitUnsent(batch, client, 4000, async () => {});
    expect(client.sizes).toEqual([4000, 4000, 2000]);
    expect(new Set(client.ids).size).toBe(10_000);
    expect(batch.batches.map((b) => b.providerId)).toEqual(['batch_1', 'batch_2', 'batch_3']);
  });

  it('saves before and after each submission, so a run cut short sends only what never went out', async () => {
    const batch = await plannedBatch(10);
    const saved: string[] = [];
    const save = async (b: PendingBatch) => void saved.push(JSON.stringify(b.batches.map((x) => x.providerId)));
    await expect(submitUnsent(batch, countingClient(2), 20, save)).rejects.toThrow('connection reset');
    expect(saved).toEqual(['[]', '["batch_1"]']);
    // Picked up again (panel batch collect, or the same command): only the unsent 30 go out.
    const again = countingClient();
    await submitUnsent(batch, again, 20, save);
    expect(again.sizes).toEqual([20, 10]);
    expect(new Set([...batch.batches.flatMap((b) => b.customIds)]).size).toBe(50);
  });
});
