import type { OverlapMetric } from '../catalog';

/**
 * An upper bound of the exact top-τ objective over every τ that takes k = k₀…n pixels from one
 * block of n pixels with values in [lo, hi] and total `binSum`, ranked below τₑ pixels of sum
 * C₁ₑ (squares C₂ₑ, Σp(1 − p) = Wₑ). k₀ = 1 when τₑ = 0 and s = 0 (τ = 0 is not a candidate
 * then), else 0.
 *
 * C₁(τₑ + k) ≤ U(k) = min(C₁ₑ + k·hi, C₁ₑ + binSum − (n − k)·lo), a concave broken line. The main
 * Jensen term (2C₁/(τ + 1 + s + μ) for Dice, (C₁ + s)/(τ + s + μ − C₁) for IoU) grows with C₁
 * and is linear-fractional in k along each piece, so its maximum is at k₀, the kink or n. The
 * small terms of jensenBound are bounded separately with numerators at their largest
 * (C₁ₑ + binSum, C₂ₑ + Σ_bin p²) and denominators at their smallest (τ = τₑ + k₀).
 *
 * O(1).
 *
 * @param metric - 'dice' or 'iou'.
 * @param tauE - τₑ, pixels ranked above the block.
 * @param c1e - C₁ₑ.
 * @param c2e - C₂ₑ.
 * @param wE - Wₑ (IoU variance bookkeeping).
 * @param n - pixels in the block.
 * @param binSum - their Σp.
 * @param binSq - their Σp².
 * @param lo - lower end of their values.
 * @param hi - upper end of their values.
 * @param mean - μ.
 * @param variance - σ² of Γ.
 * @param smooth - s ≥ 0.
 * @returns the bound, or −Infinity when the block offers no candidate τ.
 * @example
 * // One pixel p = 0.5 alone (τₑ = 0, s = 0): D(1) = E[2Y/(1 + Y)] = 0.5 ≤ bound.
 * binUpperBound('dice', 0, 0, 0, 0, 1, 0.5, 0.25, 0.5, 0.5, 0.5, 0.25, 0); // ≈ 0.589
 */
export function binUpperBound(
  metric: OverlapMetric,
  tauE: number,
  c1e: number,
  c2e: number,
  wE: number,
  n: number,
  binSum: number,
  binSq: number,
  lo: number,
  hi: number,
  mean: number,
  variance: number,
  smooth: number,
): number {
  const s = smooth;
  const k0 = tauE === 0 && s === 0 ? 1 : 0;
  if (k0 > n) return Number.NEGATIVE_INFINITY;
  const kink = hi > lo ? Math.min(n, Math.max(k0, (binSum - n * lo) / (hi - lo))) : n;
  const main = Math.max(
    mainTerm(metric, tauE, c1e, n, binSum, lo, hi, mean, s, k0),
    mainTerm(metric, tauE, c1e, n, binSum, lo, hi, mean, s, kink),
    mainTerm(metric, tauE, c1e, n, binSum, lo, hi, mean, s, n),
  );
  return main + smallTerms(metric, tauE + k0, c1e + binSum, c2e + binSq, wE, mean, variance, s);
}

/**
 * The main Jensen term at k pixels taken from the block, C₁ bounded by the broken line
 * min(C₁ₑ + k·hi, C₁ₑ + binSum − (n − k)·lo). Shared with binRangeUpperBound.
 */
export function mainTerm(
  metric: OverlapMetric,
  tauE: number,
  c1e: number,
  n: number,
  binSum: number,
  lo: number,
  hi: number,
  mean: number,
  s: number,
  k: number,
): number {
  const cap = Math.min(c1e + k * hi, c1e + binSum - (n - k) * lo);
  const tau = tauE + k;
  if (metric === 'dice') return (2 * cap) / (tau + 1 + s + mean);
  const numer = cap + s;
  return numer > 0 ? numer / (tau + s + Math.max(0, mean - cap)) : 0;
}

/**
 * jensenBound's small terms, bounded with numerators at their largest (C₁ ≤ `c1max`,
 * C₂ ≤ `c2max`) and denominators at their smallest (τ = `t0`). Shared with binRangeUpperBound.
 */
export function smallTerms(
  metric: OverlapMetric,
  t0: number,
  c1max: number,
  c2max: number,
  wE: number,
  mean: number,
  variance: number,
  s: number,
): number {
  const v = Math.max(0, variance);
  if (metric === 'dice') {
    const big = t0 + 1 + s + mean;
    let extra =
      2 *
      (c2max / (big * big) +
        c2max / (big * big * (big - 1)) +
        (v * c1max) / ((t0 + 1 + s) * (big - 1) * (big - 1)));
    if (s > 0) extra += s / (t0 + s + mean) + (s * v) / ((t0 + s) * (t0 + s + mean) * (t0 + s + mean));
    return extra;
  }
  const vB = Math.max(0, v - wE);
  if (vB === 0) return 0;
  const den = t0 + s + Math.max(0, mean - c1max);
  return ((c1max + s) * vB) / ((t0 + s) * den * den);
}
