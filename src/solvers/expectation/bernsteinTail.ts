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

/** The tail exponent used to size truncated supports: e^{−46} ≈ 1.1e-20. */
export const TAIL_EXPONENT = 46;
