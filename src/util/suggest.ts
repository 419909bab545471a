/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known names closest to `input`, nearest first; only plausible ones. */
export function nearest(input: string, known: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  return [...known]
    .map((name) => {
      const hay = name.toLowerCase();
      const d = hay.includes(needle) || needle.includes(hay) ? 1 : editDistance(needle, hay);
      return { name, d };
    })
    .filter(({ name, d }) => d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, max)
    .map(({ name }) => name);
}

/** " (did you mean `a` or `b`?)" or "" when nothing is close. */
export function didYouMean(input: string, known: Iterable<string>): string {
  const names = nearest(input, known);
  if (names.length === 0) return '';
  return ` (did you mean ${names.map((n) => `\`${n}\``).join(' or ')}?)`;
}
