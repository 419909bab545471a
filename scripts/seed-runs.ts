/** `npm run seed-runs`: rebuild runs/<slug>/…-seed.json from the seed page and today's prompts. */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { buildSeedRecords, seedRecordJson } from './seed-data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const record of await buildSeedRecords(root)) {
  const path = join(root, 'runs', record.tool.slug, `${record.runId}.json`);
  await writeFileAtomic(path, seedRecordJson(record));
  console.log(`wrote ${relative(root, path)}: panel ship ${record.score.percent}% (${record.score.ship} of ${record.score.valid})`);
}
