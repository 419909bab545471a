import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two bodies that differ only
 * in key order hash alike. Replay matches requests on this, never on call order.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, (s) => parts.push(s));
  return parts.join('');
}

/** Emit canonical JSON piece by piece: no sorted copy of the value is made. */
function writeCanonical(value: unknown, out: (s: string) => void): void {
  if (Array.isArray(value)) {
    out('[');
    value.forEach((v, i) => {
      if (i > 0) out(',');
      // As JSON.stringify does: undefined, functions and symbols in arrays become null.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') out('null');
      else writeCanonical(v, out);
    });
    out(']');
  } else if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    out('{');
    let first = true;
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (!first) out(',');
      first = false;
      out(JSON.stringify(key));
      out(':');
      writeCanonical(v, out);
    }
    out('}');
  } else {
    out(JSON.stringify(value) ?? 'null');
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * SHA-256 of a value's canonical JSON. The pieces are joined and hashed in one
 * update: one update per piece cost a 10,000-tool regen about a second of
 * hashing (a call's inputs are many short strings).
 */
export function hashOf(value: unknown): string {
  if (typeof value === 'string') return sha256(JSON.stringify(value));
  return sha256(canonicalJson(value));
}
