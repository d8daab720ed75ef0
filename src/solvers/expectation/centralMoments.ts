/** Binomial coefficients C(n, k) for n, k ≤ 22, at n·23 + k (exact in float64). */
export const BINOMIAL: Float64Array = (() => {
  const size = 23;
  const b = new Float64Array(size * size);
  for (let n = 0; n < size; n++) {
    b[n * size] = 1;
    for (let k = 1; k <= n; k++) b[n * size + k] = b[(n - 1) * size + k - 1]! + b[(n - 1) * size + k]!;
  }
  return b;
})();

/** Row stride of {@link BINOMIAL}. */
export const BINOMIAL_STRIDE = 23;

/**
 * Central moments mₙ = E[(X − EX)ⁿ], n = 0…order, from cumulants κ₂…κ_order.
 *
 * The moment–cumulant recursion with κ₁ set to 0: m₀ = 1, m₁ = 0,
 * mₙ = Σ_{k=2}^{n} C(n − 1, k − 1)·κₖ·mₙ₋ₖ. O(order²), order ≤ 22.
 *
 * @param kappa - κ at kappa[2…order] (kappa[0], kappa[1] ignored).
 * @param order - highest moment wanted.
 * @param out - mₙ at out[0…order].
 * @example
 * // Bernoulli(½): κ₂ = ¼, κ₃ = 0, κ₄ = −⅛ → m₄ = κ₄ + 3κ₂² = 1/16.
 * const m = new Float64Array(5);
 * centralMoments(new Float64Array([0, 0.5, 0.25, 0, -0.125]), 4, m); // m = [1, 0, 0.25, 0, 0.0625]
 */
export function centralMoments(kappa: Float64Array, order: number, out: Float64Array): void {
  out[0] = 1;
  if (order >= 1) out[1] = 0;
  for (let n = 2; n <= order; n++) {
    const row = (n - 1) * BINOMIAL_STRIDE;
    let acc = 0;
    for (let k = 2; k <= n; k++) acc += BINOMIAL[row + k - 1]! * kappa[k]! * out[n - k]!;
    out[n] = acc;
  }
}

/**
 * Relative rounding allowance per order: a quantity computed by n-term sums of products whose
 * absolute values sum to M̂ (see bernoulliCumulantMagnitudes) is within γₙ·M̂ of its exact value.
 * γₙ = (n + 2)·1e-15 ≈ 9(n + 2) ulp, generous for the O(n) operations per level.
 */
export function roundingAllowance(n: number): number {
  return (n + 2) * 1e-15;
}
