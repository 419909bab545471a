import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { submitBatch } from '../../src/batch/run-batch.js';
import { planRegen } from '../../src/panel/plan-regen.js';
import { loadPersonas } from '../../src/personas/persona.js';
import { RunStore } from '../../src/runs/store.js';
import { ROOT } from '../support/workspace.js';
import type { Tool } from '../../src/catalog/tool-schema.js';

describe('a 10,000-request batch', () => {
  it('is split by the size limit, every request in exactly one batch', async () => {
    const personas = await loadPersonas(join(ROOT, 'personas'), ROOT);
    const tools: Tool[] = Array.from({ length: 2000 }, (_, i) => ({
      slug: `tool-${i}`,
      file: `tool-${i}.yaml`,
      name: `Tool ${i}`,
      category: 'Developer Tools',
      tagline: 'Generated',
      pricing: { entry: 'Free' },
      description: `Generated tool ${i}.`,
    }));
    const plans = tools.map((tool) =>
      planRegen({ tool, personas, latest: undefined, wire: 'anthropic', paramsFor: () => ({ model: 'claude-haiku-5-5', maxTokens: 1024 }), force: false }),
    );
    const sizes: number[] = [];
    const seen = new Set<string>();
    const batch = await submitBatch({
      plans,
      store: new RunStore('/nonexistent', ROOT),
      client: {
        async submit(requests) {
          sizes.push(requests.length);
          for (const r of requests) seen.add(r.custom_id);
          return `batch_${sizes.length}`;
        },
      },
      limit: 4000,
      command: 'regen',
      now: new Date('2026-11-30T00:00:00Z'),
      personas,
      provider: 'anthropic',
    });
    expect(sizes).toEqual([4000, 4000, 2000]);
    expect(seen.size).toBe(10_000);
    expect(batch.batches.map((b) => b.providerId)).toEqual(['batch_1', 'batch_2', 'batch_3']);
    expect(Object.keys(batch.tools)).toHaveLength(2000);
  });
});
