import type { BoundedValue } from './budget';
import { BINOMIAL, BINOMIAL_STRIDE, roundingAllowance } from './centralMoments';

/**
 * Exact expected Dice of a mask A (|A| = τ) by a central-moment expansion with a rigorous
 * remainder, for large objects where Γ is concentrated relative to τ + μ.
 *
 * D = 2·E[X/(b + Γ)] + s·E[1/(b + Γ)], b = τ + s, X = Σ_{A} Yᵢ, Γ = μ + U. With a = b + μ and
 * N even, the geometric identity 1/(a + U) = Σ_{n<N} (−U)ⁿ/aⁿ⁺¹ + (U/a)ᴺ/(a + U) gives
 *   E[1/(b + Γ)] = Σ_{n<N} (−1)ⁿ mₙ/aⁿ⁺¹ + R₀,   0 ≤ R₀ ≤ m_N/(aᴺ·b),
 *   E[X/(b + Γ)] = Σ_{n<N} (−1)ⁿ eₙ/aⁿ⁺¹ + R₁,   0 ≤ R₁ ≤ e_N/(aᴺ·(b + 1)),
 * because b + Γ ≥ b always and ≥ b + 1 whenever X ≥ 1. Here mₙ are Γ's central moments and
 * eₙ = E[X·Uⁿ] = Σₖ C(n, k)·κᴬₖ₊₁·mₙ₋ₖ (from E[X·e^{φU}] = K_A'(φ)·E[e^{φU}], K_A the
 * cumulant generating function of X). The remainders are ≥ 0, so the midpoint of
 * [partial sum, partial sum + bound] is returned with half the bound as its error.
 *
 * Cancellation: mₙ and eₙ come from alternating sums; magnitudes m̂ₙ, êₙ (the same sums of
 * absolute values) give a rounding allowance γₙ·m̂ₙ per term that is added to the error and to
 * the remainder's moment. With many uncertain pixels it is negligible; with a handful (σ ≲ 1)
 * it exceeds the budget and the expansion reports failure instead of a wrong value.
 *
 * Terms shrink like (N − 1)!!·(σ/a)ᴺ: for a 50 000-pixel object with σ² = 8 000 the N = 6
 * remainder is ~1e-18 of the value. N grows (even, up to `maxOrder`) until
 * error ≤ tol·value; false means the budget was not met (the caller falls back).
 *
 * O(maxOrder²).
 *
 * @param tau - |A|.
 * @param smooth - s ≥ 0.
 * @param mean - μ = E[Γ].
 * @param moments - Γ's central moments m₀…m_maxOrder.
 * @param momentMags - their magnitudes m̂₀…m̂_maxOrder.
 * @param kappaA - X's cumulants κᴬ₁…κᴬ_{maxOrder+1} (index = order).
 * @param kappaAMags - their magnitudes.
 * @param maxOrder - largest even N tried (≤ 20).
 * @param tol - relative error budget.
 * @param out - receives value and error bound.
 * @returns whether error ≤ tol·value.
 * @example
 * // Γ deterministic (p ∈ {0,1}): all central moments vanish, D = 2·X/(b + μ) exactly.
 * const m = new Float64Array([1, 0, 0, 0, 0]), k = new Float64Array([0, 3, 0, 0, 0, 0]);
 * const out = { value: 0, error: 0 };
 * diceMomentExpansion(3, 0, 4, m, m, k, k, 4, 1e-13, out); // out.value = 6/7
 */
export function diceMomentExpansion(
  tau: number,
  smooth: number,
  mean: number,
  moments: Float64Array,
  momentMags: Float64Array,
  kappaA: Float64Array,
  kappaAMags: Float64Array,
  maxOrder: number,
  tol: number,
  out: BoundedValue,
): boolean {
  const s = smooth;
  const b = tau + s;
  if (b === 0) {
    out.value = 0;
    out.error = 0;
    return true;
  }
  const a = b + mean;
  let s1 = 0;
  let s0 = 0;
  let round = 0; // rounding allowance of the partial sums (value units)
  let pw = 1 / a; // a^−(n+1)
  for (let n = 0; n <= maxOrder; n++) {
    const row = n * BINOMIAL_STRIDE;
    let e = 0;
    let eMag = 0;
    for (let k = 0; k <= n; k++) {
      e += BINOMIAL[row + k]! * kappaA[k + 1]! * moments[n - k]!;
      eMag += BINOMIAL[row + k]! * kappaAMags[k + 1]! * momentMags[n - k]!;
    }
    const gamma = roundingAllowance(n);
    if (n >= 2 && (n & 1) === 0) {
      const an = pw * a; // a^−n
      const r1 = ((Math.max(0, e) + gamma * eMag) * an) / (b + 1);
      const r0 = s > 0 ? ((Math.max(0, moments[n]!) + gamma * momentMags[n]!) * an) / b : 0;
      out.value = 2 * s1 + r1 + s * (s0 + 0.5 * r0);
      out.error = r1 + 0.5 * s * r0 + round;
      if (out.error <= tol * out.value) return true;
    }
    const sign = n & 1 ? -1 : 1;
    s1 += sign * e * pw;
    s0 += sign * moments[n]! * pw;
    if (n >= 2) round += gamma * (2 * eMag + s * momentMags[n]!) * pw;
    pw /= a;
  }
  return false;
}
