import { EXACT_TOLERANCE } from './exactTolerance';

/**
 * Whether the moment expansion from power sums of order 5 (N ≤ 10 terms) is predicted to meet
 * the error budget; if not, the exact law is the cheaper route.
 *
 * The remainder at even order N behaves like (N − 1)!!·(σ/a)ᴺ·(a/den) (Gaussian central
 * moments; den = b + 1 for Dice, b for IoU, b = τ + s); a factor 4 covers skewness. A wrong
 * prediction costs time, never accuracy: the expansions check their own bound.
 *
 * O(1).
 *
 * @param sd - σ of the label count in the denominator (Γ for Dice, the complement for IoU).
 * @param a - τ + s + its mean.
 * @param den - the smallest denominator of the remainder bound (> 0).
 * @example
 * expansionPredicted(90, 1e5, 5e4); // true: a 50 000-pixel object
 * expansionPredicted(10, 200, 100); // false: σ/a = 0.05
 */
export function expansionPredicted(sd: number, a: number, den: number): boolean {
  const r = sd / a;
  return 945 * r ** 10 * ((4 * a) / den) <= EXACT_TOLERANCE; // 9!! = 945
}
