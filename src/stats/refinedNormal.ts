/**
 * The refined normal approximation of a Poisson-binomial law (Volkova 1996; RankSEG JMLR §4,
 * DESIGN.md §3.3). Standardized:
 *
 *   G(z) = Φ(z) + γ(1 − z²)φ(z)/6, clipped to [0, 1],
 *
 * and on the integers F(k) = G((k + ½ − μ)/σ), pmf(k) = F(k) − F(k − 1) clipped to [0, 1].
 * Shape: G'(z) = φ(z)(1 + γ(z³ − 3z)/6). For γ > 0 the factor 1 + γ(z³ − 3z)/6 is negative on
 * (−∞, r₁) with r₁ < −√3, where G falls from 0 to below 0, so clipping flattens it; for |γ| ≤ 3 that is the
 * only decrease and the clipped G is nondecreasing. For γ > 3, z³ − 3z = −6/γ has two more roots
 * in (0, √3) and G also decreases between them, so pmf(k) = F(k) − F(k − 1) can be negative
 * (hence the clip) and G(z) = q can have three solutions. γ < 0 mirrors this:
 * G(−z; −γ) = 1 − G(z; γ).
 *
 * Accuracy: every function here works with the probability on the near side of z (G(z) for
 * z ≤ 0, 1 − G(z) for z > 0), so tail probabilities and tail pmf values keep ~1e-15 relative
 * accuracy instead of the 1e-16 absolute accuracy of differences of values near 1.
 *
 * @module
 */

import {
  expNegHalfSquare,
  INV_SQRT_2PI,
  NORMAL_CENTRAL_LIMIT,
  NORMAL_ZERO_TAIL,
  normalCentralOffset,
  normalTailRatio,
} from './normalParts';

/**
 * The smaller-side probability of the clipped refined normal: G(z) for z ≤ 0 and 1 − G(z) for
 * z > 0, both in [0, 1] (NaN for a NaN z, or a NaN γ with |z| ≤ 40). One `Math.exp` serves Φ
 * and φ. O(1).
 *
 * Clipping G to [0, 1] is the same as clipping 1 − G to [0, 1], so this is exact bookkeeping,
 * not an approximation.
 *
 * @param z - Standardized point.
 * @param skew - γ.
 * @example
 * refinedNormalSide(-1, 0); // Φ(−1) = 0.15865525393145705
 * refinedNormalSide(1, 0); // 1 − Φ(1) = 0.15865525393145705
 */
export function refinedNormalSide(z: number, skew: number): number {
  const y = Math.abs(z);
  if (y > NORMAL_ZERO_TAIL) return 0; // φ and the normal tail are exactly 0 in float64 here
  const e = expNegHalfSquare(y);
  // Normal mass beyond |z|: Q(|z|) = Φ(−|z|).
  const tail = y <= NORMAL_CENTRAL_LIMIT ? 0.5 - normalCentralOffset(y) : e * normalTailRatio(y);
  const correction = (skew * (1 - z * z) * (e * INV_SQRT_2PI)) / 6;
  // z ≤ 0: G(z) = Q(|z|) + c; z > 0: 1 − G(z) = Q(z) − c.
  const side = z <= 0 ? tail + correction : tail - correction;
  return Math.min(1, Math.max(0, side));
}

/**
 * Standardized refined normal distribution function G(z) = Φ(z) + γ(1 − z²)φ(z)/6, clipped
 * to [0, 1]. O(1), one `Math.exp`.
 *
 * @param z - Standardized point (±Infinity give 0 and 1).
 * @param skew - γ, the skewness; γ = 0 gives Φ.
 * @returns G(z) in [0, 1]; NaN for NaN input.
 * @example
 * refinedNormalStdCdf(0, 0); // 0.5
 * refinedNormalStdCdf(0, 1); // 0.5 + φ(0)/6 = 0.5664903800669054
 */
export function refinedNormalStdCdf(z: number, skew: number): number {
  const side = refinedNormalSide(z, skew);
  return z <= 0 ? side : 1 - side;
}

/**
 * Refined normal distribution function at an integer, with the continuity correction:
 * F(k) = G((k + ½ − μ)/σ) (DESIGN.md §3.3). O(1).
 *
 * @param k - Count (any real is accepted; the solvers pass integers).
 * @param mean - μ = Σp.
 * @param sd - σ > 0 (the floored √Σp(1−p), see `poissonBinomialSd`).
 * @param skew - γ.
 * @returns F(k) in [0, 1].
 * @example
 * refinedNormalCdf(2, 2.5, 1, 0); // Φ(0) = 0.5
 */
export function refinedNormalCdf(k: number, mean: number, sd: number, skew: number): number {
  return refinedNormalStdCdf((k + 0.5 - mean) / sd, skew);
}

/**
 * Refined normal probability mass pmf(k) = F(k) − F(k − 1), clipped to [0, 1] (it can be
 * negative where G decreases). Not renormalized; {@link fillRefinedNormalPmf} fills a whole
 * support and renormalizes. O(1), two `Math.exp`.
 *
 * @param k - Count.
 * @param mean - μ.
 * @param sd - σ > 0.
 * @param skew - γ.
 * @returns pmf(k) in [0, 1].
 * @example
 * refinedNormalPmf(0, 0, 1, 0); // Φ(½) − Φ(−½) = 0.38292492254802607 (exact: …620)
 */
export function refinedNormalPmf(k: number, mean: number, sd: number, skew: number): number {
  const zLow = (k - 0.5 - mean) / sd;
  const zHigh = (k + 0.5 - mean) / sd;
  return refinedNormalMassBetween(zLow, refinedNormalSide(zLow, skew), zHigh, refinedNormalSide(zHigh, skew));
}

/**
 * G(zHigh) − G(zLow) clipped at 0, from the two near-side values ({@link refinedNormalSide});
 * each case subtracts the two small numbers when both points lie on the same side of 0.
 * Shared with the pmf fill so both give bit-identical values.
 *
 * @param zLow - Lower standardized point.
 * @param sideLow - `refinedNormalSide(zLow, γ)`.
 * @param zHigh - Upper standardized point, ≥ zLow.
 * @param sideHigh - `refinedNormalSide(zHigh, γ)`.
 * @example
 * refinedNormalMassBetween(-1, 0.15865525393145707, 1, 0.15865525393145707); // 0.6826894921370859
 */
export function refinedNormalMassBetween(
  zLow: number,
  sideLow: number,
  zHigh: number,
  sideHigh: number,
): number {
  let mass: number;
  if (zHigh <= 0) mass = sideHigh - sideLow;
  else if (zLow > 0) mass = sideLow - sideHigh;
  else mass = 1 - sideHigh - sideLow;
  // Negative where G decreases; never above 1 (both sides lie in [0, 1]).
  return Math.max(0, mass);
}
