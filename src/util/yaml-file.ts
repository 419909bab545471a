import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, type Problem } from '../errors.js';
import { didYouMean } from './suggest.js';
import { describeControl, findControlCharacters } from './control-characters.js';

/**
 * Read a file as UTF-8, rejecting bytes that are not UTF-8 rather than
 * guessing. Hand-written input files (tools, personas, config, tables) are
 * plain text: a control character in one (an escape sequence, a NUL byte) is
 * an error naming where it is. Run records, written by panel as JSON, pass
 * `{ controls: 'allow' }`: JSON carries its own escapes.
 */
export async function readUtf8(path: string, shownAs = path, options: { controls?: 'reject' | 'allow' } = {}): Promise<string> {
  const text = await decodeUtf8(path, shownAs);
  return options.controls === 'allow' ? text : plainText(text, shownAs);
}

/** The text, if it holds no control character; else an error naming each (up to five) by line and column. */
export function plainText(text: string, shownAs: string): string {
  const found = findControlCharacters(text);
  if (found.length > 0) {
    throw new InputError(
      shownAs,
      found.map((f) => ({
        line: f.line,
        column: f.column,
        message: `holds the control character ${describeControl(f.char)}, which a terminal or a page would act on${text.includes('\0') ? ' (is this a binary file?)' : ''}`,
        fix: 'remove it: this file is plain text (tabs and newlines are fine)',
      })),
    );
  }
  return text;
}

async function decodeUtf8(path: string, shownAs: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : String(error);
    throw new InputError(shownAs, [{ message: why }]);
  }
  // isUtf8 then toString: a fatal TextDecoder per file cost a catalog of 200 tools about 30 ms (measured).
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    throw new InputError(shownAs, [{ ...at, message: 'is not valid UTF-8 text', fix: 'save the file as UTF-8' }]);
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
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
export function parseYamlWith<S extends z.ZodType>(text: string, schema: S, file: string, options: { lineOffset?: number; fixes?: (issue: z.core.$ZodIssue) => string | undefined } = {}): z.output<S> {
  const lineCounter = new LineCounter();
  const offset = options.lineOffset ?? 0;
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  } catch {
    throw new InputError(file, [TOO_DEEP]);
  }
  const syntax = [...doc.errors].map((e): Problem => {
    const pos = e.linePos?.[0];
    return {
      ...(pos ? { line: pos.line + offset, column: pos.col } : {}),
      ...inOurWords(e.code, e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')),
    };
  });
  if (syntax.length > 0) throw new InputError(file, syntax.slice(0, 10));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(file, [
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? {
            message: 'its YAML aliases (`*name` pointing at an `&name` anchor) expand to far more data than a panel file holds',
            fix: 'write the values out in full; panel files do not need anchors or aliases',
          }
        : TOO_DEEP,
    ]);
  }
  const parsed = schema.safeParse(data ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, schema, doc, lineCounter, offset, options.fixes?.(issue)));
  throw new InputError(file, problems);
}

const TOO_DEEP: Problem = { message: 'is nested too deeply to read', fix: 'panel files are a few levels deep at most: remove the nesting (a run of [ or { or indented keys)' };

/** A YAML parser error as a person would say it, with what to do. */
function inOurWords(code: string, message: string): { message: string; fix: string } {
  switch (code) {
    case 'MULTIPLE_DOCS':
      return { message: 'holds more than one YAML document (a `---` or `...` line inside it)', fix: 'keep one document per file: remove the extra `---` line, or split the file in two' };
    case 'RESOURCE_EXHAUSTION':
      return TOO_DEEP as { message: string; fix: string };
    case 'DUPLICATE_KEY':
      return { message: 'a key appears twice here', fix: 'keep one of them' };
    case 'TAB_AS_INDENT':
      return { message: 'is indented with a tab', fix: 'indent YAML with spaces' };
    default:
      return { message: `YAML syntax: ${message}`, fix: 'fix the YAML at that spot (check indentation, quotes and colons)' };
  }
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, doc: Document, lineCounter: LineCounter, offset: number, fix: string | undefined): Problem[] {
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

function where(doc: Document, path: (string | number)[], lineCounter: LineCounter, offset: number, keyNode: boolean): { line?: number; column?: number } {
  // Walk up to the nearest node that exists: a missing field points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth);
    let range: readonly number[] | null | undefined;
    if (keyNode && depth === path.length && depth > 0) {
      const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      const pair = (parent as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null)?.items?.find((it) => it.key?.value === sub.at(-1));
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

function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}
