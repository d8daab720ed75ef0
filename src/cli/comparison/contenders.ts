/**
 * Which masks `rankseg demo` and `rankseg compare` put side by side.
 *
 * @module
 */

import {
  defaultSolver,
  type OutputMode,
  type OverlapMetric,
  type Solver,
  solversFor,
} from '../../solvers/catalog';
import type { Contender } from './comparison';

/** RankSEG solvers by the metric they serve, in catalog order (accuracy rules are baselines, not listed). */
export const RANKSEG_SOLVERS: Readonly<Record<OverlapMetric, readonly Solver[]>> = {
  dice: solversFor('dice'),
  iou: solversFor('iou'),
};

/** The contenders, baseline first. */
export interface ContenderPlan {
  contenders: Contender[];
}

/**
 * The baseline and the RankSEG contenders for an input with `classes` channels:
 * - baseline: `threshold` (p > 0.5 per class, multilabel) for one class or multilabel output,
 *   `argmax` for multiclass output;
 * - for each metric, each listed solver that serves it (BA/TRNA serve Dice only), in the given
 *   order, with the same output mode as the baseline.
 *
 * @param metrics - the metrics to maximize, in row order.
 * @param solvers - RankSEG solvers, in row order within a metric.
 * @throws {RangeError} when a listed solver serves none of the metrics (the message names both).
 * @example
 * ```ts
 * planContenders(1, 'multilabel', ['dice', 'iou'], ['rma', 'ba']).contenders.map((c) => c.solver);
 * // ['threshold', 'rma', 'ba', 'rma']
 * ```
 */
export function planContenders(
  classes: number,
  outputMode: OutputMode,
  metrics: readonly OverlapMetric[],
  solvers: readonly Solver[],
): ContenderPlan {
  for (const solver of solvers) {
    if (!metrics.some((m) => RANKSEG_SOLVERS[m].includes(solver))) {
      throw new RangeError(
        `solver '${solver}' does not serve metric ${metrics.join(' or ')}; ` +
          metrics.map((m) => `${m}: ${RANKSEG_SOLVERS[m].join(', ')}`).join('; '),
      );
    }
  }
  const multiclass = outputMode === 'multiclass' && classes > 1;
  const mode: OutputMode = multiclass ? 'multiclass' : 'multilabel';
  // the usual rule: the default accuracy solver of the mode (argmax, or p > 0.5 per class)
  const baseline = defaultSolver('accuracy', mode);
  const contenders: Contender[] = [
    { solver: baseline, metric: null, options: { metric: 'accuracy', solver: baseline, outputMode: mode } },
  ];
  for (const metric of metrics) {
    for (const solver of solvers) {
      if (!RANKSEG_SOLVERS[metric].includes(solver)) continue;
      contenders.push({ solver, metric, options: { metric, solver, outputMode: mode } });
    }
  }
  return { contenders };
}
