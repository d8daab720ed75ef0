/**
 * Adds one Bernoulli(p) to a count distribution, in place: f ← f * (q, p), i.e.
 * f(k) ← q·f(k) + p·f(k − 1), q = 1 − p, for k = 0…top.
 *
 * Mass that would move above `top` is dropped (a truncated support). Entries at or below `top`
 * stay exact: adding a Bernoulli only moves mass up, so nothing dropped ever comes back.
 * Every step is a convex combination of non-negative numbers: no cancellation, relative
 * rounding ≤ 2 ulp per step.
 *
 * O(top). Writes into the caller's array.
 *
 * @param pmf - f(0…top), overwritten; length ≥ top + 1.
 * @param top - highest count kept.
 * @param p - success probability in [0, 1].
 * @example
 * const f = new Float64Array([1, 0, 0]);
 * convolveBernoulli(f, 2, 0.5); // f = [0.5, 0.5, 0]
 */
export function convolveBernoulli(pmf: Float64Array, top: number, p: number): void {
  const q = 1 - p;
  for (let k = top; k > 0; k--) pmf[k] = q * pmf[k]! + p * pmf[k - 1]!;
  pmf[0] = q * pmf[0]!;
}
