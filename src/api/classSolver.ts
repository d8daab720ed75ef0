import type { ClassSelection, PassScope } from '../kernels/ClassSelection';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from '../solvers/rmaObjective';
import { DistributionClassSolver } from './distributionClassSolver';
import { ExactClassSolver } from './exactClassSolver';
import type { ResolvedOptions } from './options';
import { RmaClassSolver } from './rmaClassSolver';

/**
 * One Dice/IoU solver applied to the image-class slices of a call, one slice at a time:
 * 1. `scan` — the first pass: validates the slice, sets `sel.mean` (μ, index order) and
 *    `sel.active` (its largest p exceeds pruningProb); returns the absolute index of the first
 *    value that is not a probability, or −1;
 * 2. `choose` — only for an unpruned slice: sets `sel` to the choice, or to a hull of pixels
 *    still to rank (`sel.pending`) that the output pass records;
 * 3. `finish` — after the output pass, when `sel.pending`: ranks the hull and settles `sel`.
 * `scope` (after `choose`) tells the output pass which pixels it must visit: the whole slice, or
 * a bounded list of candidates the first pass kept. Workspaces are made once per call and
 * reused across images and classes; nothing proportional to the slice is kept between steps.
 */
export interface ClassSolver {
  scan(data: FloatArray, offset: number, length: number, sel: ClassSelection): number;
  choose(sel: ClassSelection): void;
  scope(): PassScope;
  finish(sel: ClassSelection): void;
}

/**
 * The per-class solver for the options (one per call: it owns the call's workspaces).
 *
 * @example
 * const solver = classSolverFor(resolveOptions({ solver: 'exact' }));
 */
export function classSolverFor(options: ResolvedOptions): ClassSolver {
  const metric: OverlapMetric = options.metric === 'iou' ? 'iou' : 'dice';
  const { smooth, pruningProb } = options;
  if (options.solver === 'rma') return new RmaClassSolver(metric, smooth, pruningProb);
  if (options.solver === 'exact') return new ExactClassSolver(metric, smooth, pruningProb);
  return new DistributionClassSolver(options.solver, smooth, options.eps, pruningProb);
}
