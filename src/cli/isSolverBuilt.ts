/**
 * Whether this build of the library runs a solver.
 *
 * @module
 */

import { resolveOptions } from '../api/options';
import type { Solver } from '../api/types';

/**
 * True when `solve()` accepts `solver` for `metric` in this build. A solver can be part of the
 * contract before it is enabled; `resolveOptions` then refuses it as "planned", and commands skip
 * it with a note instead of failing.
 *
 * @throws {RangeError} for a solver that does not serve the metric (not a build question).
 * @example
 * ```ts
 * isSolverBuilt('rma', 'dice'); // true
 * ```
 */
export function isSolverBuilt(solver: Solver, metric: 'dice' | 'iou'): boolean {
  try {
    resolveOptions({ metric, solver, outputMode: 'multilabel' });
    return true;
  } catch (e) {
    if (e instanceof RangeError && /planned/.test(e.message)) return false;
    throw e;
  }
}
