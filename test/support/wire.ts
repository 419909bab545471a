/** Real provider payloads from fixtures/wire/ (see its SOURCES.md for where each came from). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace.js';

export function wire(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'fixtures/wire', name), 'utf8')) as Record<string, unknown>;
}
