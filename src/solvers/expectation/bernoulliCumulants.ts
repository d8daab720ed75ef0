/**
 * Cumulants of a sum of independent Bernoullis from per-pixel power sums.
 *
 * For one Bernoulli(p), κ₁ = p and κₙ₊₁ = p(1 − p)·dκₙ/dp. With w = p(1 − p) and u = 1 − 2p
 * (dw/dp = u, du/dp = −2, u² = 1 − 4w), every κₙ (n ≥ 2) is a polynomial in w with no constant
 * term, times u when n is odd:
 *   κ₂ = w, κ₃ = uw, κ₄ = w − 6w², κ₅ = u(w − 12w²), κ₆ = w − 30w² + 120w³, …
 * The recurrences on coefficients (cₖ of wᵏ) are
 *   even n → odd n + 1:  c'ₖ = k·cₖ                       (κₙ₊₁ = u·w·Pₙ'(w))
 *   odd n → even n + 1:  c'ₖ = k·cₖ − (4k − 2)·cₖ₋₁       (κₙ₊₁ = w(−2Qₙ + (1 − 4w)Qₙ'))
 * Cumulants add over independent pixels, so the cumulants of Γ = ΣYᵢ up to order 2K + 1 need
 * only Σp, Wₖ = Σwᵏ and Vₖ = Σu·wᵏ for k ≤ K: 2K + 1 numbers per pixel set instead of a pmf.
 * w ≤ ¼ keeps wᵏ from overflowing or losing the low orders; the higher orders lose digits to
 * the alternating coefficients, but they only enter divided by (τ + μ)ⁿ⁺¹ (see
 * diceMomentExpansion), far below the error budget.
 */

/** Highest power K of w tabulated: cumulants up to order 2K + 1 = 21. */
export const MAX_W_POWER = 10;

/** Highest cumulant order available, 2·MAX_W_POWER + 1. */
export const MAX_CUMULANT_ORDER = 2 * MAX_W_POWER + 1;

const STRIDE = MAX_W_POWER + 1;

/** coef[n·STRIDE + k]: coefficient of wᵏ in κₙ (times u for odd n), 2 ≤ n ≤ 21, 1 ≤ k ≤ ⌊n/2⌋. */
const COEF: Float64Array = (() => {
  const c = new Float64Array((MAX_CUMULANT_ORDER + 1) * STRIDE);
  c[2 * STRIDE + 1] = 1;
  for (let n = 2; n < MAX_CUMULANT_ORDER; n++) {
    const from = n * STRIDE;
    const to = (n + 1) * STRIDE;
    for (let k = 1; k <= MAX_W_POWER; k++) {
      c[to + k] = n % 2 === 0 ? k * c[from + k]! : k * c[from + k]! - (4 * k - 2) * c[from + k - 1]!;
    }
  }
  return c;
})();

/**
 * Cumulants κ₁…κ_{2K+1} of Σ Yᵢ over a pixel set, from its power sums.
 *
 * κ₁ = Σp; κₙ = Σₖ cₙₖ·Wₖ (n even) or Σₖ cₙₖ·Vₖ (n odd), k ≤ ⌊n/2⌋. O(K²).
 *
 * @param sum - Σp over the set.
 * @param w - w[k] = Σ wᵏ, k = 1…K (w[0] unused).
 * @param v - v[k] = Σ u·wᵏ, k = 1…K.
 * @param order - K, at most MAX_W_POWER.
 * @param out - κ written at out[1…2K + 1] (out[0] = 0).
 * @example
 * // One pixel p = ½: w = ¼, u = 0. κ₂ = ¼, κ₃ = 0, κ₄ = ¼ − 6/16 = −⅛.
 * const k = new Float64Array(6);
 * bernoulliCumulants(0.5, new Float64Array([0, 0.25, 0.0625]), new Float64Array(3), 2, k);
 * // k = [0, 0.5, 0.25, 0, -0.125, 0]
 */
export function bernoulliCumulants(
  sum: number,
  w: Float64Array,
  v: Float64Array,
  order: number,
  out: Float64Array,
): void {
  out[0] = 0;
  out[1] = sum;
  const top = 2 * order + 1;
  for (let n = 2; n <= top; n++) {
    const src = n % 2 === 0 ? w : v;
    const row = n * STRIDE;
    let acc = 0;
    for (let k = n >> 1; k >= 1; k--) acc += COEF[row + k]! * src[k]!;
    out[n] = acc;
  }
}

/**
 * Magnitudes κ̂ₙ = Σₖ |cₙₖ|·Wₖ ≥ |κₙ| of the same sums (κ̂₁ = Σp), used to bound the rounding
 * error of the alternating coefficient sums and of the moments built from them: with few
 * uncertain pixels (σ ≲ 1) the high cumulants grow like n!/πⁿ while the moments they combine
 * into are ~σⁿ, and float64 loses everything; κ̂ exposes that. (|u| ≤ 1 so |Vₖ| ≤ Wₖ.) O(K²).
 *
 * @param sum - Σp.
 * @param w - w[k] = Σ wᵏ (or any upper bound of |Σ wᵏ| and |Σ u·wᵏ|), k = 1…K.
 * @param order - K.
 * @param out - κ̂ at out[1…2K + 1].
 * @example
 * const k = new Float64Array(6);
 * bernoulliCumulantMagnitudes(0.5, new Float64Array([0, 0.25, 0.0625]), 2, k); // k[4] = 0.25 + 6/16
 */
export function bernoulliCumulantMagnitudes(
  sum: number,
  w: Float64Array,
  order: number,
  out: Float64Array,
): void {
  out[0] = 0;
  out[1] = Math.abs(sum);
  const top = 2 * order + 1;
  for (let n = 2; n <= top; n++) {
    const row = n * STRIDE;
    let acc = 0;
    for (let k = n >> 1; k >= 1; k--) acc += Math.abs(COEF[row + k]!) * Math.abs(w[k]!);
    out[n] = acc;
  }
}

/**
 * Adds one pixel's powers wᵏ and u·wᵏ (k = 1…K) to running sums. O(K).
 *
 * @example
 * const w = new Float64Array(3), v = new Float64Array(3);
 * addPixelPowers(0.5, 2, w, v); // w = [0, 0.25, 0.0625], v = [0, 0, 0]
 */
export function addPixelPowers(p: number, order: number, w: Float64Array, v: Float64Array): void {
  const x = p * (1 - p);
  const u = 1 - 2 * p;
  let xk = x;
  for (let k = 1; k <= order; k++) {
    w[k] = w[k]! + xk;
    v[k] = v[k]! + u * xk;
    xk *= x;
  }
}
