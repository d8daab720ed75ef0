import type { BoundedValue } from './budget';
import { roundingAllowance } from './centralMoments';

/**
 * Exact expected IoU of a mask A (|A| = τ, C = Σ_A p) by a central-moment expansion with a
 * rigorous remainder.
 *
 * IoU = (X + s)/(τ + s + Z), X = Σ_A Yᵢ and Z = Σ_{Aᶜ} Yᵢ independent, so
 * I = (C + s)·E[1/(b + Z)], b = τ + s. With a = b + E[Z], Z = E[Z] + U and N even,
 *   E[1/(b + Z)] = Σ_{n<N} (−1)ⁿ mₙ/aⁿ⁺¹ + R,   0 ≤ R ≤ m_N/(aᴺ·b)
 * (geometric identity, b + Z ≥ b), mₙ = Z's central moments. The midpoint of the enclosure is
 * returned with half its width as the error, plus a rounding allowance γₙ·m̂ₙ per term for
 * the cancellation in mₙ (see diceMomentExpansion); N grows until error ≤ tol·value.
 * τ = 0 with s = 0 scores 0 (0/0 counts as 0; X = 0 then).
 *
 * O(maxOrder).
 *
 * @param tau - |A|.
 * @param smooth - s ≥ 0.
 * @param cum - C = Σ_{i∈A} pᵢ.
 * @param meanB - E[Z].
 * @param momentsB - Z's central moments m₀…m_maxOrder.
 * @param momentMagsB - their magnitudes.
 * @param maxOrder - largest even N tried.
 * @param tol - relative error budget.
 * @param out - receives value and error bound.
 * @returns whether error ≤ tol·value.
 * @example
 * const out = { value: 0, error: 0 };
 * const m = new Float64Array([1, 0, 0]);
 * iouMomentExpansion(2, 0, 1.5, 0, m, m, 2, 1e-13, out); // out.value = 0.75
 */
export function iouMomentExpansion(
  tau: number,
  smooth: number,
  cum: number,
  meanB: number,
  momentsB: Float64Array,
  momentMagsB: Float64Array,
  maxOrder: number,
  tol: number,
  out: BoundedValue,
): boolean {
  const b = tau + smooth;
  const numer = cum + smooth;
  if (b === 0 || numer === 0) {
    out.value = 0;
    out.error = 0;
    return true;
  }
  const a = b + meanB;
  let acc = 0;
  let round = 0;
  let pw = 1 / a;
  for (let n = 0; n <= maxOrder; n++) {
    const gamma = roundingAllowance(n);
    if (n >= 2 && (n & 1) === 0) {
      const r = ((Math.max(0, momentsB[n]!) + gamma * momentMagsB[n]!) * pw * a) / b;
      out.value = numer * (acc + 0.5 * r);
      out.error = numer * (0.5 * r + round);
      if (out.error <= tol * out.value) return true;
    }
    acc += (n & 1 ? -momentsB[n]! : momentsB[n]!) * pw;
    if (n >= 2) round += gamma * momentMagsB[n]! * pw;
    pw /= a;
  }
  return false;
}
