import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decisionSchema, type Decision } from '../shapes/decision.js';
import type { RunStore } from './store.js';

/** A line of a decisions file that could not be read: reported with its place, never dropped silently. */
export interface DamagedDecision {
  line: number;
  reason: string;
}

export interface DecisionLog {
  path: string;
  decisions: Decision[];
  damaged: DamagedDecision[];
}

/**
 * A tool's decisions, oldest first. A damaged line (a half-written last line
 * after a crash, a bad hand edit) is reported by line and skipped; every
 * other line is kept, as checkpoints are read.
 */
export async function readDecisions(store: RunStore, slug: string): Promise<DecisionLog> {
  const path = store.decisionsPath(slug);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, decisions: [], damaged: [] };
    throw error;
  }
  const decisions: Decision[] = [];
  const damaged: DamagedDecision[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      damaged.push({ line: i + 1, reason: 'not a whole JSON line (cut short by a crash, or edited by hand)' });
      return;
    }
    const parsed = decisionSchema.safeParse(value);
    if (parsed.success) decisions.push(parsed.data);
    else damaged.push({ line: i + 1, reason: parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ') });
  });
  return { path, decisions, damaged };
}

/**
 * Append one decision and fsync it before returning. Each line goes out in
 * one write to a file opened for appending, so two processes appending at
 * once never interleave or lose a line; a line cut short by a crash is
 * closed with a newline first, so it stays one damaged line and never
 * swallows the next.
 */
export async function appendDecision(store: RunStore, slug: string, decision: Decision): Promise<string> {
  const path = store.decisionsPath(slug);
  const line = `${JSON.stringify(decisionSchema.parse(decision))}\n`;
  const fault = store.fault?.(path);
  if (fault) throw fault;
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');
  try {
    const { size } = await handle.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    await handle.write(lead + line);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}
