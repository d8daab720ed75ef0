import { isOverlapMetric } from '../solvers/catalog';
import { DistributionClassSolver } from './distributionClassSolver';
import { ExactClassSolver } from './exactClassSolver';
import type { ResolvedOptions } from './options';
import { RmaClassSolver } from './rmaClassSolver';
import type { ClassSolver } from './solveClassSlice';

export type { ClassSolver } from './solveClassSlice';

/** BA+TRNA uses BA when Γ's standard deviation makes 1/σ < 0.2 (JMLR; the reference's rule). */
const BA_WHEN_INVERSE_SD_BELOW = 0.2;

/**
 * The per-class solver ({@link ClassSolver}) for the options, with its workspaces (made once per call and reused
 * across images and classes). One case per Dice/IoU solver of the catalog: the switch is
 * exhaustive, so a solver added to the catalog's `SOLVERS` without a case here does not compile.
 *
 * @throws Error for an accuracy solver (those label pixels directly, see `run`).
 * @example
 * ```ts
 * const solver = classSolverFor(resolveOptions({ solver: 'exact' }));
 * ```
 */
export function classSolverFor(options: ResolvedOptions): ClassSolver {
  const { metric, smooth, eps, solver, pruningProb } = options;
  if (!isOverlapMetric(metric)) throw new Error(`metric '${metric}' has no per-class solver`);
  switch (solver) {
    case 'rma':
      return new RmaClassSolver(metric, smooth, pruningProb);
    case 'exact':
      return new ExactClassSolver(metric, smooth, pruningProb);
    case 'ba':
      return new DistributionClassSolver(() => true, smooth, eps, pruningProb);
    case 'trna':
      return new DistributionClassSolver(() => false, smooth, eps, pruningProb);
    case 'ba+trna':
      return new DistributionClassSolver((sd) => 1 / sd < BA_WHEN_INVERSE_SD_BELOW, smooth, eps, pruningProb);
    case 'argmax':
    case 'threshold':
      throw new Error(`solver '${solver}' has no per-class solver`);
    default:
      return unreachable(solver);
  }
}

function unreachable(value: never): never {
  throw new Error(`unhandled solver ${String(value)}`);
}
