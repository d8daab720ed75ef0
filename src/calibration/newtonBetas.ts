/**
 * The minimizer of the NLL over β = 1/T, as a generator that asks for passes over the data.
 *
 * @module
 */

import type { PassSums } from './temperaturePass';

/** β is searched in [1e-4, 1e4], i.e. T in [1e-4, 1e4]. */
export const BETA_MIN = 1e-4;
export const BETA_MAX = 1e4;
/** Stop when a step moves β by less than this, relative. */
const TOLERANCE = 1e-10;
/** More passes than a bracketed Newton iteration ever needs (bisection alone halves 2e8 in ~60). */
const MAX_PASSES = 100;

/**
 * Safeguarded Newton iteration (Newton steps inside a bracket, bisection when a step leaves it or
 * does not shrink fast enough, as `rtsafe`) for the root of f'(β) of K independent convex
 * functions f_k, one per group. Each `yield` hands out the β of every group and receives the sums
 * of one pass at them (only `grad` = f'(β) and `curv` = f''(β) are read); the groups that have
 * converged keep their β. A group with nothing scored (count 0) or f' ≡ 0 keeps β = 1. Starts at
 * β = 1 (the model as it is); until both ends of a bracket are known, a Newton step that leaves
 * the search range or fails to halve goes 16× toward the missing end instead. The optimum may lie at a bound: f' < 0 at β = 1e4 (labels separated by
 * the scores: T → 0) or f' > 0 at β = 1e−4 (scores that carry no information: T → ∞) ends there.
 *
 * Quadratic convergence near the root: typically 5–8 passes from β = 1.
 *
 * @returns β per group, within 1e-10 relative of the minimizer (or at a bound).
 * @example
 * ```ts
 * const steps = newtonBetas(1);
 * let step = steps.next();
 * while (!step.done) step = steps.next(passAt(step.value)); // passAt: sums over the data
 * const beta = step.value[0]!;
 * ```
 */
export function* newtonBetas(groups: number): Generator<Float64Array, Float64Array, PassSums> {
  const beta = new Float64Array(groups).fill(1);
  const lo = new Float64Array(groups).fill(BETA_MIN);
  const hi = new Float64Array(groups).fill(BETA_MAX);
  const loKnown = new Uint8Array(groups); // f'(lo) < 0 was seen
  const hiKnown = new Uint8Array(groups); // f'(hi) > 0 was seen
  const lastStep = new Float64Array(groups).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(groups);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const sums: PassSums = yield beta;
    let active = 0;
    for (let k = 0; k < groups; k++) {
      if (done[k]) continue;
      const g = sums.grad[k]!;
      const h = sums.curv[k]!;
      const b = beta[k]!;
      if (sums.count[k] === 0 || g === 0) {
        done[k] = 1;
        continue;
      }
      if (g < 0) {
        lo[k] = b;
        loKnown[k] = 1;
      } else {
        hi[k] = b;
        hiKnown[k] = 1;
      }
      // the optimum lies at (or beyond) a bound of the search
      if ((g < 0 && b >= BETA_MAX) || (g > 0 && b <= BETA_MIN)) {
        done[k] = 1;
        continue;
      }
      const newton = b - g / h;
      // converged: Newton's step is below the tolerance (it may round onto b, an end of the bracket)
      if (h > 0 && Math.abs(newton - b) <= TOLERANCE * b) {
        beta[k] = newton;
        done[k] = 1;
        continue;
      }
      const inside = h > 0 && newton > lo[k]! && newton < hi[k]!;
      // rtsafe's test: a Newton step more than half the step before last is not converging fast
      const slow = Math.abs(2 * g) > Math.abs(lastStep[k]! * h);
      let next: number;
      if (inside && !slow) {
        next = newton;
      } else if (loKnown[k] && hiKnown[k]) {
        // bisect, geometrically while the bracket spans more than a factor of 4
        next = hi[k]! > 4 * lo[k]! ? Math.sqrt(lo[k]! * hi[k]!) : 0.5 * (lo[k]! + hi[k]!);
      } else {
        // one end still open and Newton leaves the range or creeps (an optimum far away or at a
        // bound, as for separable labels): a step 16× toward the open end
        next = g < 0 ? Math.min(16 * b, BETA_MAX) : Math.max(b / 16, BETA_MIN);
      }
      lastStep[k] = next - b;
      beta[k] = next;
      const bracketClosed = loKnown[k] && hiKnown[k] && hi[k]! - lo[k]! <= TOLERANCE * b;
      if (Math.abs(next - b) <= TOLERANCE * b || bracketClosed) done[k] = 1;
      else active++;
    }
    if (active === 0) return beta;
  }
  return beta;
}
