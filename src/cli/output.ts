import { resolve, relative } from 'node:path';
import { UsageError } from '../errors.js';
import { PAGE_FORMATS, type PageFormat } from '../render/formats.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { outputFormat, stringFlag, type ParsedArgs } from './args.js';
import type { Io } from './io.js';

export interface PageOutput {
  format: PageFormat;
  fragment: boolean;
  out: string | undefined;
}

/** Validate --format / --json / --out / --fragment together, at the edge. */
export function pageOutput(args: ParsedArgs, fallback: PageFormat, allowText: boolean): PageOutput {
  const allowed: PageFormat[] = allowText ? ['text', ...PAGE_FORMATS] : [...PAGE_FORMATS];
  const format = outputFormat(args.values, allowed, fallback);
  const fragment = Boolean(args.values['fragment']);
  if (fragment && format !== 'html') throw new UsageError('--fragment goes with --format html.');
  return { format, fragment, out: stringFlag(args.values, 'out') };
}

/** Print to stdout, or write the file named by --out (atomically) and say so on stderr. */
export async function emit(io: Io, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    io.stdout.write(text);
    return;
  }
  const path = resolve(io.cwd, out);
  await writeFileAtomic(path, text);
  io.stderr.write(`panel: wrote ${relative(io.cwd, path) || path}\n`);
}
