import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, type Problem } from '../errors.js';
import { didYouMean } from './suggest.js';

/** Read a file as UTF-8, rejecting bytes that are not UTF-8 rather than guessing. */
export async function readUtf8(path: string, shownAs = path): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : String(error);
    throw new InputError(shownAs, [{ message: why }]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new InputError(shownAs, [
      { ...at, message: 'is not valid UTF-8 text', fix: 'save the file as UTF-8' },
    ]);
  }
}

function firstInvalidUtf8(bytes: Buffer): { line?: number; column?: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  const before = bytes.subarray(0, lo).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * Parse YAML text and validate it with a zod schema. Every problem, syntax or
 * schema, comes back at once with its line and column; `lineOffset` shifts
 * positions when the YAML is front matter inside a larger file.
 */
export function parseYamlWith<S extends z.ZodType>(
  text: string,
  schema: S,
  file: string,
  options: { lineOffset?: number; fixes?: (issue: z.core.$ZodIssue) => string | undefined } = {},
): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const offset = options.lineOffset ?? 0;
  const syntax = [...doc.errors].map((e): Problem => {
    const pos = e.linePos?.[0];
    return {
      ...(pos ? { line: pos.line + offset, column: pos.col } : {}),
      message: `YAML syntax: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      fix: 'fix the YAML at that spot (check indentation, quotes and colons)',
    };
  });
  if (syntax.length > 0) throw new InputError(file, syntax);

  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) =>
    describeIssue(issue, schema, doc, lineCounter, offset, options.fixes?.(issue)),
  );
  throw new InputError(file, problems);
}

function describeIssue(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  doc: Document,
  lineCounter: LineCounter,
  offset: number,
  fix: string | undefined,
): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    return issue.keys.map((key) => ({
      field: fieldName([...path, key]),
      ...where(doc, [...path, key], lineCounter, offset, true),
      message: `unknown key${didYouMean(key, known)}`,
      fix: known.length ? `known keys here: ${known.join(', ')}` : 'remove it',
    }));
  }
  const present = doc.hasIn(path);
  return [
    {
      field: fieldName(path) || '(top level)',
      ...where(doc, path, lineCounter, offset, false),
      message: present ? issue.message : 'is required',
      ...(fix ? { fix } : {}),
    },
  ];
}

/** The keys an object schema allows at `path`, for "did you mean". */
function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node: unknown = schema;
  const def = (n: unknown) => (n as { _zod?: { def?: Record<string, unknown> } })?._zod?.def ?? {};
  const unwrap = (n: unknown): unknown => {
    for (let d = def(n); d['innerType'] || d['in'] || d['schema']; d = def(n)) n = d['innerType'] ?? d['in'] ?? d['schema'];
    return n;
  };
  for (const part of path) {
    node = unwrap(node);
    const d = def(node);
    node = typeof part === 'number' ? d['element'] : (d['shape'] as Record<string, unknown> | undefined)?.[part];
  }
  return Object.keys((def(unwrap(node))['shape'] as Record<string, unknown> | undefined) ?? {});
}

function where(
  doc: Document,
  path: (string | number)[],
  lineCounter: LineCounter,
  offset: number,
  keyNode: boolean,
): { line?: number; column?: number } {
  // Walk up to the nearest node that exists: a missing field points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth);
    let range: readonly number[] | null | undefined;
    if (keyNode && depth === path.length && depth > 0) {
      const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      const pair = (parent as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null)?.items?.find(
        (it) => it.key?.value === sub.at(-1),
      );
      range = pair?.key?.range;
    } else {
      const node = depth === 0 ? doc.contents : doc.getIn(sub, true);
      range = isNode(node) ? node.range : undefined;
    }
    if (range) {
      const pos = lineCounter.linePos(range[0]!);
      return { line: pos.line + offset, column: pos.col };
    }
  }
  return {};
}

export function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    '',
  );
}
