import { refinedNormalMassBetween, refinedNormalSide } from './refinedNormal';

/**
 * Writes the renormalized refined normal pmf over the half-open support k = lower … upper − 1
 * into `out[0 … upper − lower − 1]` (DESIGN.md §3.3–3.4; the reference's
 * `pmf(torch.arange(lq, uq))` divided by its sum):
 *
 *   out[i] = pmf(lower + i) / Σⱼ pmf(lower + j),  pmf(k) = max(0, F(k) − F(k − 1)),
 *   F(k) = G((k + ½ − μ)/σ).
 *
 * Each value equals `refinedNormalPmf(lower + i, …)` bit for bit before the division; F is
 * evaluated once per count (upper − lower + 1 evaluations, one `Math.exp` each), no allocation.
 * Entries of `out` past `upper − lower` are left untouched. TRNA calls this per pixel with Γ's
 * support and the leave-one-out μ, σ, γ.
 *
 * Sum: after the division the values sum to 1 up to rounding (|Σ − 1| ≲ n·2^-53). When the
 * raw mass is 0 (the support holds no mass, e.g. all p = 1 puts all of Γ's mass at k = d and
 * the support stops below d), nothing can be normalized: `out` holds zeros and 0 is returned;
 * the reference would divide 0 by 0 there, so the caller has to decide.
 *
 * @param out - Destination, length ≥ upper − lower; written from index 0.
 * @param lower - First count (lq), an integer.
 * @param upper - One past the last count (uq), an integer; upper ≤ lower writes nothing.
 * @param mean - μ.
 * @param sd - σ > 0.
 * @param skew - γ.
 * @returns The raw mass Σ pmf(k) over the support before renormalization (≥ 1 − eps for the
 *   reference's interval in non-degenerate cases), 0 for an empty support.
 * @throws {RangeError} When `out` is shorter than upper − lower.
 * @example
 * const out = new Float64Array(3);
 * fillRefinedNormalPmf(out, 0, 3, 1, 0.5, 0); // 0.9973 (= Φ(3) − Φ(−3): z runs from −3 to 3)
 * // out ≈ [0.1577, 0.6845, 0.1577] (the pmf at k = 0, 1, 2 divided by 0.9973)
 */
export function fillRefinedNormalPmf(
  out: Float64Array,
  lower: number,
  upper: number,
  mean: number,
  sd: number,
  skew: number,
): number {
  const n = upper - lower;
  if (!(n > 0)) return 0;
  if (out.length < n) {
    throw new RangeError(`out.length must be >= upper - lower = ${n}, got ${out.length}`);
  }
  // F(lower − 1) at z = ((lower − 1) + ½ − μ)/σ, written as the pmf writes it.
  let zLow = (lower - 0.5 - mean) / sd;
  let sideLow = refinedNormalSide(zLow, skew);
  let mass = 0;
  for (let i = 0; i < n; i++) {
    const zHigh = (lower + i + 0.5 - mean) / sd;
    const sideHigh = refinedNormalSide(zHigh, skew);
    const p = refinedNormalMassBetween(zLow, sideLow, zHigh, sideHigh);
    out[i] = p;
    mass += p;
    zLow = zHigh;
    sideLow = sideHigh;
  }
  if (mass > 0) {
    for (let i = 0; i < n; i++) out[i] = out[i]! / mass;
  }
  return mass;
}
