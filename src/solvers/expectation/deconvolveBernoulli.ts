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
