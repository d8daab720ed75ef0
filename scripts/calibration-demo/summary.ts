/** Means with standard errors, and the table the demo prints. */

/** Mean and standard error (sample sd / √n) of `values`. */
export function meanSe(values: ArrayLike<number>): { mean: number; se: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(squares / (n - 1) / n) : Number.NaN };
}

/** `0.8123 ± 0.0041` (signed with `+` when `signed`). */
export function formatMeanSe(values: ArrayLike<number>, signed = false): string {
  const { mean, se } = meanSe(values);
  const m = mean.toFixed(4);
  return `${signed && mean >= 0 ? '+' : ''}${m} ± ${se.toFixed(4)}`;
}

/** Rows as a Markdown table (header first). */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [header, ...body] = rows;
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header!), line(header!.map((_, k) => (k === 0 ? '---' : '---:'))), ...body.map(line)].join(
    '\n',
  );
}
