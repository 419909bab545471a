/** Generated tool files, for catalog-scale tests and the benchmark. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function generateCatalog(dir: string, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const slugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `tool-${String(i).padStart(4, '0')}`;
    slugs.push(slug);
    await writeFile(
      join(dir, `${slug}.yaml`),
      [
        `name: Tool ${i}`,
        'category: Developer Tools',
        `tagline: Generated tool number ${i} for catalog-scale runs`,
        'pricing:',
        `  entry: ${i % 3 === 0 ? 'Free' : `$${i % 50}/mo`}`,
        'description: >-',
        `  Tool ${i} is a generated developer tool used to exercise panel at catalog scale. It has`,
        `  ${i % 7} integrations, ships a CLI and an API, and claims a ${(i % 9) + 1}x speed-up.`,
        '',
      ].join('\n'),
    );
  }
  return slugs;
}
