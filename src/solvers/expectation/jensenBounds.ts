import type { OverlapMetric } from '../catalog';

/**
 * Cheap enclosures of the exact top-τ objective (DESIGN §3.1), used to discard volumes before
 * any exact evaluation. For X ≥ 0 with mean m, variance v and c > 0, convexity of 1/(c + x)
 * and 1/(c + x) = 1/(c + m) − (x − m)/(c + m)² + (x − m)²/((c + x)(c + m)²) give
 *   1/(c + m) ≤ E[1/(c + X)] ≤ 1/(c + m) + v/(c·(c + m)²).
 *
 * Dice, A = τ + 1 + s + μ, c = τ + 1 + s, X = Γ₋ⱼ (mean μ − pⱼ, variance ≤ σ²), and
 * 1/A + p/A² ≤ 1/(A − p) ≤ 1/A + p/A² + p²/(A²(A − 1)), p² ≤ p·1 folded into C₂:
 *   lower = 2(C₁/A + C₂/A²) + s/(τ + s + μ)
 *   upper = 2(C₁/A + C₂/A² + C₂/(A²(A − 1)) + σ²C₁/(c(A − 1)²)) + s/(τ + s + μ) + sσ²/((τ + s)(τ + s + μ)²)
 * with C₁ = Σ_{j≤τ} p₍ⱼ₎, C₂ = Σ_{j≤τ} p₍ⱼ₎².
 * IoU, B_τ of mean μ − C₁ and variance σ²_B:
 *   lower = (C₁ + s)/(τ + s + μ − C₁),  upper = lower + (C₁ + s)σ²_B/((τ + s)(τ + s + μ − C₁)²).
 * Both need τ + s > 0 (τ = 0, s = 0 scores 0 and is handled by the caller).
 *
 * O(1).
 *
 * @param metric - 'dice' or 'iou'.
 * @param tau - volume τ (τ + smooth > 0).
 * @param c1 - C₁ = Σ of the τ largest p.
 * @param c2 - Σ of their squares (Dice).
 * @param mean - μ = Σp.
 * @param variance - σ² (Dice: of Γ; IoU: of B_τ).
 * @param smooth - s ≥ 0.
 * @param upper - false: the lower bound; true: the upper bound.
 * @example
 * // p = (1, 1): Γ = 2 surely and D(2) = 4/4 = 1; the lower bound keeps two terms of 1/(A − p):
 * jensenBound('dice', 2, 2, 2, 2, 0, 0, false); // 2(2/5 + 2/25) = 0.96 ≤ 1
 */
export function jensenBound(
  metric: OverlapMetric,
  tau: number,
  c1: number,
  c2: number,
  mean: number,
  variance: number,
  smooth: number,
  upper: boolean,
): number {
  const s = smooth;
  const v = Math.max(0, variance);
  if (metric === 'dice') {
    const big = tau + 1 + s + mean;
    const inv = 1 / big;
    let t1 = c1 * inv + c2 * inv * inv;
    let t0 = s > 0 ? s / (tau + s + mean) : 0;
    if (upper) {
      if (tau > 0) t1 += (c2 * inv * inv) / (big - 1) + (v * c1) / ((tau + 1 + s) * (big - 1) * (big - 1));
      if (s > 0) t0 += (s * v) / ((tau + s) * (tau + s + mean) * (tau + s + mean));
    }
    return 2 * t1 + t0;
  }
  const numer = c1 + s;
  if (numer === 0) return 0;
  const den = tau + s + Math.max(0, mean - c1);
  const lower = numer / den;
  return upper ? lower + (numer * v) / ((tau + s) * den * den) : lower;
}
