/**
 * The comparison table of `rankseg demo` and `rankseg compare`, and its JSON form.
 *
 * @module
 */

import type { OverlapMetric } from '../../solvers/catalog';
import { formatTable } from '../common/table';
import type { ComparisonRow } from './comparison';

/** A row of `--json` output. */
export interface ComparisonRowJson {
  solver: string;
  /** The metric the solver maximizes; null for the baseline. */
  metric: OverlapMetric | null;
  ms: number;
  /** Mask entries that differ from the baseline's (0 for the baseline). */
  changed: number;
  expectedDice: number;
  expectedIou: number;
  /** E[metric] of this mask minus E[metric] of the baseline's mask; null for the baseline. */
  gain: number | null;
  monteCarlo: { dice: number; diceSe: number; iou: number; iouSe: number } | null;
  trueDice?: number | null;
  trueIou?: number | null;
}

/**
 * Gain of row `row` over the baseline (the first row) in the row's own metric: E[Dice] for a Dice
 * solver, E[IoU] for an IoU solver; NaN for the baseline.
 *
 * @example
 * ```ts
 * gainOf(rows[1], rows[0]); // e.g. 0.000593
 * ```
 */
export function gainOf(row: ComparisonRow, baseline: ComparisonRow): number {
  if (row.metric === null) return Number.NaN;
  return row.expected[row.metric] - baseline.expected[row.metric];
}

/**
 * The table: solver, metric maximized, time, entries changed from the baseline's mask, E[Dice] and Monte Carlo Dice ± standard error,
 * E[IoU] and Monte Carlo IoU ± se, the gain over the baseline (first row) in the row's metric, and
 * with a target the true Dice and IoU. Scores to 6 decimals (Monte Carlo errors are ~1e-5 on
 * these images, and RankSEG's gains can be that small on confident ones).
 *
 * @example
 * ```ts
 * ctx.stdout(formatComparisonTable(rows));
 * // solver     metric   ms   E[Dice]  MC Dice ± se  …
 * ```
 */
export function formatComparisonTable(rows: readonly ComparisonRow[]): string {
  const baseline = rows[0]!;
  const truth = rows.some((r) => r.truth !== null);
  const mc = rows.some((r) => r.monteCarlo !== null);
  const header = ['solver', 'metric', 'ms', 'changed', 'E[Dice]'];
  if (mc) header.push('MC Dice ± se');
  header.push('E[IoU]');
  if (mc) header.push('MC IoU ± se');
  header.push('gain');
  if (truth) header.push('true Dice', 'true IoU');
  const table = [header];
  for (const row of rows) {
    const cells = [
      row.solver,
      row.metric ?? '-',
      row.ms.toFixed(1),
      row === baseline ? '-' : String(row.changed),
      fixed(row.expected.dice),
    ];
    if (mc) cells.push(row.monteCarlo === null ? '-' : withError(row.monteCarlo.dice));
    cells.push(fixed(row.expected.iou));
    if (mc) cells.push(row.monteCarlo === null ? '-' : withError(row.monteCarlo.iou));
    cells.push(signed(gainOf(row, baseline)));
    if (truth) cells.push(fixed(row.truth?.dice ?? Number.NaN), fixed(row.truth?.iou ?? Number.NaN));
    table.push(cells);
  }
  const align = header.map((_, k) => (k < 2 ? 'left' : 'right') as 'left' | 'right');
  return formatTable(table, align);
}

/**
 * The rows as JSON values (NaN as null, the mask left out).
 *
 * @example
 * ```ts
 * JSON.stringify(comparisonJson(rows));
 * ```
 */
export function comparisonJson(rows: readonly ComparisonRow[]): ComparisonRowJson[] {
  const baseline = rows[0]!;
  return rows.map((row) => {
    const out: ComparisonRowJson = {
      solver: row.solver,
      metric: row.metric,
      ms: Math.round(row.ms * 1000) / 1000,
      changed: row.changed,
      expectedDice: row.expected.dice,
      expectedIou: row.expected.iou,
      gain: finite(gainOf(row, baseline)),
      monteCarlo:
        row.monteCarlo === null
          ? null
          : {
              dice: row.monteCarlo.dice.mean,
              diceSe: row.monteCarlo.dice.se,
              iou: row.monteCarlo.iou.mean,
              iouSe: row.monteCarlo.iou.se,
            },
    };
    if (row.truth !== null) {
      out.trueDice = finite(row.truth.dice);
      out.trueIou = finite(row.truth.iou);
    }
    return out;
  });
}

function fixed(x: number): string {
  return Number.isFinite(x) ? x.toFixed(6) : '-';
}

function signed(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const text = x.toFixed(6);
  // −0.000000 and +0.000000 both read as "no change"
  return /^-?0\.0+$/.test(text) ? '0.000000' : x > 0 ? `+${text}` : text;
}

function withError(e: { mean: number; se: number }): string {
  return `${fixed(e.mean)} ± ${fixed(e.se)}`;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
