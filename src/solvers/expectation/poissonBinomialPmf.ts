/**
 * The Poisson-binomial law of a label count Γ = Σ Yᵢ: built by adding one Bernoulli at a time
 * (convolution), and Γ₋ⱼ's law from Γ's by removing one (deconvolution).
 *
 * @module
 */

/**
 * Exact probability mass function of Γ = Σᵢ Yᵢ, Yᵢ ~ Bernoulli(pᵢ) independent (the
 * Poisson-binomial law), by forward convolution: f ← f * (1 − pᵢ, pᵢ) for each i.
 *
 * O(d²) time, O(d) memory, float64. Each entry is a sum of non-negative products, so its relative
 * error is at most ~2d ulp: this is the reference ("oracle") the fast exact paths are tested on.
 *
 * @param probs - p₁…p_d in [0, 1] (read from `offset`, `length` values; not modified).
 * @param offset - first index read (default 0).
 * @param length - number of probabilities (default: to the end).
 * @param out - optional caller-owned output, length ≥ d + 1; entries above d are not touched.
 * @returns f(0…d): `out` if given, else a new Float64Array(d + 1).
 * @throws RangeError if `out` is shorter than d + 1.
 * @example
 * poissonBinomialPmf([0.5, 0.5]); // Float64Array [0.25, 0.5, 0.25]
 */
export function poissonBinomialPmf(
  probs: ArrayLike<number>,
  offset = 0,
  length: number = probs.length - offset,
  out?: Float64Array,
): Float64Array {
  const f = out ?? new Float64Array(length + 1);
  if (f.length < length + 1) {
    throw new RangeError(`out: length ${f.length} is shorter than length + 1 = ${length + 1}`);
  }
  f.fill(0, 0, length + 1);
  f[0] = 1;
  for (let i = 0; i < length; i++) convolveBernoulli(f, i + 1, probs[offset + i]!);
  return f;
}

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

/**
 * Removes one Bernoulli(p) from a count distribution: given f = g * (q, p) on 0…top, writes g,
 * the law of Γ − Yⱼ when f is the law of Γ (DESIGN §3.1: Γ₋ⱼ).
 *
 * f(k) = q·g(k) + p·g(k − 1). For p ≤ ½ the recursion runs forward,
 * g(k) = (f(k) − p·g(k − 1))/q from g(−1) = 0, multiplying earlier errors by p/q ≤ 1; for
 * p > ½ it runs backward, g(k − 1) = (f(k) − q·g(k))/p from g(top) = 0, multiplying by
 * q/p < 1. Either way rounding errors never grow geometrically.
 *
 * Truncated supports: if f is exact on 0…top but Γ can exceed `top`, the forward direction is
 * still exact; the backward one starts from g(top) = 0 whose true value is
 * P(Γ − Yⱼ = top) ≤ P(Γ ≥ top), and that error only shrinks (by q/p) as it moves down.
 *
 * O(top). Writes into the caller's array (which must not alias `pmf`).
 *
 * @param pmf - f(0…top).
 * @param top - highest count stored.
 * @param p - the removed Bernoulli's probability in [0, 1].
 * @param out - g(0…top), overwritten; length ≥ top + 1.
 * @example
 * const g = new Float64Array(3);
 * deconvolveBernoulli(new Float64Array([0.25, 0.5, 0.25]), 2, 0.5, g); // g = [0.5, 0.5, 0]
 */
export function deconvolveBernoulli(pmf: Float64Array, top: number, p: number, out: Float64Array): void {
  const q = 1 - p;
  if (p <= 0.5) {
    const r = 1 / q;
    let prev = 0;
    for (let k = 0; k <= top; k++) {
      prev = (pmf[k]! - p * prev) * r;
      out[k] = prev;
    }
    return;
  }
  const r = 1 / p;
  let next = 0;
  out[top] = 0;
  for (let k = top; k > 0; k--) {
    next = (pmf[k]! - q * next) * r;
    out[k - 1] = next;
  }
}
