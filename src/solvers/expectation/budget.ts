/**
 * The engine's budgets: the error every exact value keeps to, the tail mass a truncated law may
 * drop, and the chunk size that keeps hot loops fast. Values with error bounds carry them in a
 * {@link BoundedValue}.
 *
 * @module
 */

/**
 * Relative error budget of every exact value: truncation bounds are kept at or below
 * 1e-13 × the value (the contract allows 1e-10; the margin absorbs float64 rounding).
 */
export const EXACT_TOLERANCE = 1e-13;

/**
 * Pixels per call of a hot-loop kernel. Long loops are cut into calls on chunks of this size so
 * that V8 optimizes each kernel as a whole function after its first few calls (with type
 * feedback for every line) rather than by on-stack replacement in the middle of the first call,
 * which leaves the code after the loop without feedback and can keep deoptimizing: measured
 * 3–5× slower loops. Per-chunk overhead (a call, a few loads and stores) is negligible.
 */
export const CHUNK = 8192;

/** A value with a bound on its absolute error, written by the expansion kernels. */
export interface BoundedValue {
  value: number;
  /** |exact − value| ≤ error (truncation; float rounding is far smaller and not included). */
  error: number;
}

/** A fresh {value: 0, error: 0} holder for the kernels to overwrite. */
export function boundedValue(): BoundedValue {
  return { value: 0, error: 0 };
}

/** The tail exponent used to size truncated supports: e^{−46} ≈ 1.1e-20. */
export const TAIL_EXPONENT = 46;

/**
 * A deviation x with P(Γ − μ ≥ x) ≤ e^{−t} and P(Γ − μ ≤ −x) ≤ e^{−t} for a sum of independent
 * Bernoullis with variance σ² (Bernstein: P(Γ − μ ≥ x) ≤ exp(−x²/(2(σ² + x/3))), increments
 * bounded by 1), solving x² − (2t/3)x − 2σ²t = 0.
 *
 * O(1).
 *
 * @example
 * bernsteinDeviation(100, 46); // ≈ 112.5: P(Γ ≥ μ + 112.5) ≤ e^-46 ≈ 1e-20 when σ² = 100
 */
export function bernsteinDeviation(variance: number, t: number): number {
  const a = t / 3;
  return a + Math.sqrt(a * a + 2 * Math.max(0, variance) * t);
}

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
