/**
 * A one-line progress bar for terminals.
 *
 * @module
 */

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Draw at all (callers pass `stderr.isTTY`: nothing is drawn into pipes and files). */
  enabled: boolean;
  /** Terminal width; the line is cut to it. Default 80. */
  columns?: number;
}

/**
 * A progress bar redrawn in place on a terminal: `[#######-------]  7/15  a.npy`. Each redraw
 * starts with a carriage return and "erase line" (`ESC [2K`), so a shorter label leaves no tail;
 * {@link ProgressBar.clear} erases it before other output. When disabled every method does nothing.
 *
 * @example
 * ```ts
 * const bar = new ProgressBar((s) => process.stderr.write(s), 3, { enabled: process.stderr.isTTY === true });
 * bar.update(0, 'a.npy');
 * bar.update(1, 'b.npy');
 * bar.clear();
 * ```
 */
export class ProgressBar {
  private readonly write: (text: string) => void;
  private readonly total: number;
  private readonly enabled: boolean;
  private readonly columns: number;
  private drawn = false;

  /**
   * @param write - where to draw (stderr).
   * @param total - number of steps.
   * @param options - `{ enabled, columns }`.
   */
  constructor(write: (text: string) => void, total: number, options: ProgressBarOptions) {
    this.write = write;
    this.total = Math.max(0, total);
    this.enabled = options.enabled && total > 0;
    this.columns = Math.max(20, options.columns ?? 80);
  }

  /**
   * Draws `done` of `total` steps, with `label` (the item being worked on) after the counts.
   *
   * @example
   * ```ts
   * new ProgressBar((s) => process.stderr.write(s), 4, { enabled: true }).update(2, 'c.png');
   * ```
   */
  update(done: number, label: string): void {
    if (!this.enabled) return;
    this.write(`\r\x1b[2K${renderProgress(done, this.total, label, this.columns)}`);
    this.drawn = true;
  }

  /** Erases the bar (before printing a summary or an error). */
  clear(): void {
    if (!this.drawn) return;
    this.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/**
 * The text of a progress line, at most `columns − 1` characters (a full-width line would wrap on
 * some terminals): a 20-cell bar, `done/total`, then the label cut from the left with `…`.
 *
 * @example
 * ```ts
 * renderProgress(1, 4, 'a.npy', 80); // '[#####---------------] 1/4 a.npy'
 * ```
 */
export function renderProgress(done: number, total: number, label: string, columns: number): string {
  const cells = 20;
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(fraction * cells);
  const head = `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}] ${done}/${total}`;
  const room = columns - 1 - head.length - 1;
  if (room <= 1 || label === '') return head.slice(0, columns - 1);
  const text = label.length <= room ? label : `…${label.slice(label.length - room + 1)}`;
  return `${head} ${text}`;
}
