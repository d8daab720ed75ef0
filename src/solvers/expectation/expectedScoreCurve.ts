import type { OverlapMetric } from '../catalog';
import { convolveBernoulli, deconvolveBernoulli, poissonBinomialPmf } from './poissonBinomialPmf';

/**
 * Exact expected Dice D(τ) or IoU I(τ) of the top-τ mask for every volume τ = 0…d, by the
 * O(d²) dynamic programme (DESIGN §3.1). The reference the fast solver is tested against.
 *
 * With p₍₁₎ ≥ … ≥ p₍d₎, C(τ) = Σ_{j≤τ} p₍ⱼ₎, Γ = ΣYᵢ, s = smooth:
 * - Dice(A, Y) = (2|A∩Y| + s)/(τ + Γ + s). Since Yⱼ/(τ + s + Γ) = Yⱼ/(τ + 1 + s + Γ₋ⱼ),
 *   D(τ) = 2 Σ_{j≤τ} p₍ⱼ₎ E[1/(τ + 1 + s + Γ₋ⱼ)] + s·E[1/(τ + s + Γ)].
 *   The first sum is Σₖ w_τ(k)/(τ + 1 + s + k) with w_τ = w_{τ−1} + p₍τ₎·pmf(Γ₋₍τ₎): one
 *   stable deconvolution per τ (see deconvolveBernoulli).
 * - IoU(A, Y) = (|A∩Y| + s)/(τ + B_τ + s) with B_τ = Σ_{i>τ} Y₍ᵢ₎ independent of |A∩Y|:
 *   I(τ) = (C(τ) + s)·E[1/(τ + s + B_τ)]; the law of B_τ is built for τ = d, d − 1, …, 0 by
 *   forward convolution only.
 * - τ = 0 with s = 0: every outcome scores 0/Γ or 0/0, which counts as 0, so D(0) = I(0) = 0.
 *   With τ ≥ 1 or s > 0 every denominator is positive.
 *
 * O(d²) time, O(d) memory, float64. Sorts a copy; the input is not modified.
 *
 * @param probs - p₁…p_d in [0, 1], any order.
 * @param metric - 'dice' or 'iou'.
 * @param smooth - s ≥ 0.
 * @returns Float64Array(d + 1): entry τ is the exact expected score of the top-τ mask.
 * @example
 * // d = 1, p = 0.8, s = 0: D(1) = E[2Y/(1 + Y)] = 0.8, D(0) = 0.
 * expectedScoreCurve([0.8], 'dice', 0); // Float64Array [0, 0.8]
 */
export function expectedScoreCurve(
  probs: ArrayLike<number>,
  metric: OverlapMetric,
  smooth: number,
): Float64Array {
  const d = probs.length;
  const p = Float64Array.from(probs).sort().reverse();
  const out = new Float64Array(d + 1);
  const s = smooth;
  if (metric === 'dice') {
    const f = poissonBinomialPmf(p);
    const w = new Float64Array(d + 1);
    const g = new Float64Array(d + 1);
    if (s > 0) out[0] = s * reciprocalMean(f, d, s);
    for (let tau = 1; tau <= d; tau++) {
      const pj = p[tau - 1]!;
      deconvolveBernoulli(f, d, pj, g);
      for (let k = 0; k < d; k++) w[k] = w[k]! + pj * g[k]!;
      const t1 = reciprocalMean(w, d - 1, tau + 1 + s);
      out[tau] = 2 * t1 + (s > 0 ? s * reciprocalMean(f, d, tau + s) : 0);
    }
    return out;
  }
  const cum = new Float64Array(d + 1); // C(τ) by ascending sums: exactly 0 at τ = 0
  for (let i = 0; i < d; i++) cum[i + 1] = cum[i]! + p[i]!;
  const fB = new Float64Array(d + 1);
  fB[0] = 1;
  for (let tau = d; tau >= 0; tau--) {
    if (tau + s > 0) out[tau] = (cum[tau]! + s) * reciprocalMean(fB, d - tau, tau + s);
    if (tau > 0) convolveBernoulli(fB, d - tau + 1, p[tau - 1]!);
  }
  return out;
}

/** Σ_{k=0}^{top} f(k)/(c + k), c > 0. */
function reciprocalMean(f: Float64Array, top: number, c: number): number {
  let acc = 0;
  for (let k = 0; k <= top; k++) acc += f[k]! / (c + k);
  return acc;
}
