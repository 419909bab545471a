import type { SourceState } from '../shapes/source.js';

/** What changed at a source since the last look, in words: "new release v0.9.1 → v1.0.0 on 2026-12-01", "README changed by about 18%". */
export function describeChanges(before: SourceState | undefined, after: SourceState): string[] {
  const day = (date: string | null) => (date ? ` on ${date.slice(0, 10)}` : '');
  if (!before) {
    const what = [after.release ? `${after.release.tag}${day(after.release.date)}` : 'no release', after.licence ? `licence ${after.licence}` : ''].filter(Boolean).join(', ');
    return [`first look: ${what}`];
  }
  const out: string[] = [];
  if ((before.release?.tag ?? null) !== (after.release?.tag ?? null)) {
    out.push(after.release ? `new release ${before.release?.tag ?? '(none)'} → ${after.release.tag}${day(after.release.date)}` : `release ${before.release!.tag} withdrawn`);
  } else if ((before.release?.notes ?? '') !== (after.release?.notes ?? '')) out.push(`release notes of ${after.release?.tag} changed`);
  if (before.licence !== after.licence) out.push(`licence changed: ${before.licence ?? 'none'} → ${after.licence ?? 'none'}`);
  if (!before.archived && after.archived) out.push('repository archived');
  if (before.archived && !after.archived) out.push('repository unarchived');
  if (after.movedTo && before.movedTo !== after.movedTo) out.push(`moved to ${after.movedTo}: update \`source:\` in the tool file`);
  if ((before.readme?.hash ?? null) !== (after.readme?.hash ?? null)) {
    out.push(!before.readme ? 'README added' : !after.readme ? 'README removed' : `README changed by about ${changedShare(before.readme.text, after.readme.text)}%`);
  }
  return out;
}

/** The share of lines added or removed between two texts, as a whole percent (at least 1 when they differ). */
function changedShare(a: string, b: string): number {
  const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const [la, lb] = [a.split('\n'), b.split('\n')];
  const [ca, cb] = [count(la), count(lb)];
  let common = 0;
  for (const [line, n] of ca) common += Math.min(n, cb.get(line) ?? 0);
  const changed = la.length + lb.length - 2 * common;
  return Math.max(1, Math.round((100 * changed) / (la.length + lb.length)));
}

/** Two states say the same, apart from when they were read. */
export function sameState(a: SourceState | undefined, b: SourceState): boolean {
  if (!a) return false;
  const { readAt: _a, ...x } = a;
  const { readAt: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}
