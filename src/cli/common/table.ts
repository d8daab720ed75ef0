/**
 * Plain-text tables for terminal output.
 *
 * @module
 */

/** Column alignment: text to the left, numbers to the right. */
export type Align = 'left' | 'right';

/**
 * Lays out rows as aligned columns separated by two spaces, one line per row (the first row is the
 * header, underlined with `-`). Cells are strings; pad width is each column's longest cell.
 *
 * @param rows - header row first; every row has the same number of cells.
 * @param align - per column; default left for the first column, right for the others.
 * @example
 * ```ts
 * formatTable([['class', 'dice'], ['0', '0.8571']]);
 * // 'class    dice\n-----  ------\n0      0.8571\n'
 * ```
 */
export function formatTable(rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const header = rows[0];
  if (header === undefined) return '';
  const widths = header.map((_, k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  const side = (k: number): Align => align?.[k] ?? (k === 0 ? 'left' : 'right');
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, k) => (side(k) === 'left' ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows.slice(1)) out.push(line(row));
  return `${out.join('\n')}\n`;
}

/**
 * A score for a table cell: 4 decimals, `-` for NaN (a class absent from prediction and target).
 *
 * @example
 * ```ts
 * formatScore(2 / 3); // '0.6667'
 * formatScore(NaN); // '-'
 * ```
 */
export function formatScore(x: number): string {
  return Number.isNaN(x) ? '-' : x.toFixed(4);
}
