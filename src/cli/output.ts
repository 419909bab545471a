import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
  const fragment = Boolean(args.values['fragment']);
  // --fragment is HTML by definition: alone, it means --format html.
  const explicit = args.values['json'] || stringFlag(args.values, 'format') !== undefined;
  const format = fragment && !explicit ? 'html' : outputFormat(args.values, allowed, fallback);
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
  const shown = relative(io.cwd, path) || path;
  if (out.endsWith('/') || (existsSync(path) && statSync(path).isDirectory())) {
    throw new UsageError(`--out ${out} is a folder; give a file name, e.g. --out ${join(out, 'page.html')} (for a whole site, \`panel publish --out ${out}\`).`);
  }
  if (!existsSync(dirname(path))) io.stderr.write(`panel: created the folder ${relative(io.cwd, dirname(path)) || dirname(path)} for --out\n`);
  await writeFileAtomic(path, text);
  io.stderr.write(`panel: wrote ${shown}\n`);
}
