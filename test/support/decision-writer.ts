/**
 * A process that appends decisions as fast as it can, each with a long reason
 * (so a kill -9 is likely to land mid-write), printing "appended N" after
 * each: for the crash test of the decisions file. Usage: decision-writer.ts <runsDir> <slug> <tag>
 */
import { appendDecision } from '../../src/records/decision-log.js';
import { RunStore } from '../../src/records/store.js';

const [runsDir, slug, tag] = process.argv.slice(2) as [string, string, string];
const store = new RunStore(runsDir, process.cwd());
const reason = `${tag} `.repeat(40_000);
for (let n = 1; ; n++) {
  await appendDecision(store, slug, { id: `d-${tag}-${n}`, at: new Date().toISOString(), editor: tag, run: 'r', action: 'label', verdict: 'ship', reason });
  process.stdout.write(`appended ${n}\n`);
}
