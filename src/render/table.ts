/** A plain-text table with padded columns, for terminal output. The last column is not padded. */
export function formatTable(head: string[], rows: string[][]): string {
  // A loop, not Math.max(...rows): a spread of a catalog's rows overflows the call stack.
  const widths = head.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
