/**
 * Untrusted text is text: a tool file, a persona or a model's answer must not
 * be able to clear a terminal, retitle its window, or put raw NUL bytes into
 * a page. C0 controls other than tab and newline (and a carriage return
 * before a newline), DEL, and the C1 controls are what a terminal acts on.
 */
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]|\r(?!\n)/g;
/** The same, for a yes-or-no test: a global regex keeps state between `test` calls. */
const HAS_CONTROL = new RegExp(CONTROL.source);

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 11: 'VT', 12: 'FF', 13: 'CR', 27: 'ESC', 127: 'DEL', 0x85: 'NEL', 0x9b: 'CSI' };

/** `U+001B (ESC)`: how a message names one. */
export function describeControl(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[code] ? `${hex} (${NAMES[code]})` : hex;
}

/** Where each control character sits in a text, 1-based. */
export function findControlCharacters(text: string, limit = 5): { line: number; column: number; char: string }[] {
  const found: { line: number; column: number; char: string }[] = [];
  for (const m of text.matchAll(CONTROL)) {
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    found.push({ line, column: m.index - before.lastIndexOf('\n'), char: m[0] });
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * The text with each control character written out as `\u001b`, for a
 * terminal. (The same notation is a valid escape inside a JSON string, so
 * JSON on stdout stays JSON.) panel's own progress line, which rewrites the
 * terminal's last line with `\r\x1b[K`, passes through.
 */
export function escapeControlCharacters(text: string): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text
    .split(OWN_CLEAR_LINE)
    .map((part) => part.replace(CONTROL, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`))
    .join(OWN_CLEAR_LINE);
}

const OWN_CLEAR_LINE = '\r\x1b[K';

/** For a page: control characters become U+FFFD, the replacement character, so no raw ESC or NUL reaches HTML or XML. */
export function replaceControlCharacters(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}
