import type { OverlapMetric } from './catalog';

/**
 * RMA objective of the top-τ mask (Wang & Dai 2025; DESIGN §3.2), the reciprocal moment
 * approximation E[1/(c + Γ)] ≈ 1/(c + μ):
 * Dice D̃(τ) = 2C/(τ + μ + 1 + s) + s/(τ + μ + s), IoU Ĩ(τ) = (C + s)/(μ − C + τ + s),
 * with C = C(τ) the sum of the τ largest probabilities and μ = Σp. 0/0 counts as 0 (τ = 0, s = 0).
 *
 * @example
 * rmaObjective('dice', 1, 0.9, 1.2, 0); // 2·0.9/3.2 = 0.5625
 */
export function rmaObjective(
  metric: OverlapMetric,
  tau: number,
  cum: number,
  mean: number,
  smooth: number,
): number {
  if (tau === 0 && smooth === 0) return 0;
  if (metric === 'dice') return (2 * cum) / (tau + mean + 1 + smooth) + smooth / (tau + mean + smooth);
  return (cum + smooth) / (mean - cum + tau + smooth);
}

/**
 * An upper bound of the RMA objective over the τ that take j = 1…count pixels from one histogram
 * bin [lo, hi] lying below `above` pixels of total probability `aboveSum`.
 *
 * C(above + j) ≤ U(j) = min(aboveSum + j·hi, aboveSum + binSum − (count − j)·lo), a concave
 * broken line; the objective grows with C, and along each straight piece its overlap part is a
 * linear-fractional function of j (monotone), so its maximum sits at j = 1, the kink, or j = count.
 * Dice's smooth part s/(τ + μ + s) falls with τ and is bounded by its value at j = 1.
 */
export function rmaBinUpperBound(
  metric: OverlapMetric,
  above: number,
  aboveSum: number,
  count: number,
  binSum: number,
  lo: number,
  hi: number,
  mean: number,
  smooth: number,
): number {
  // A bin of one value (hi = lo) has no kink: C is exact along it.
  const kink = hi > lo ? Math.min(count, Math.max(1, (binSum - count * lo) / (hi - lo))) : 1;
  const first = Math.min(aboveSum + hi, aboveSum + binSum - (count - 1) * lo);
  const atKink = Math.min(aboveSum + kink * hi, aboveSum + binSum - (count - kink) * lo);
  const last = aboveSum + binSum;
  if (metric === 'dice') {
    const a = mean + 1 + smooth;
    const overlap = Math.max(
      first / (above + 1 + a),
      atKink / (above + kink + a),
      last / (above + count + a),
    );
    return 2 * overlap + smooth / (above + 1 + mean + smooth);
  }
  return Math.max(
    (first + smooth) / (mean - first + above + 1 + smooth),
    (atKink + smooth) / (mean - atKink + above + kink + smooth),
    (last + smooth) / (mean - last + above + count + smooth),
  );
}
