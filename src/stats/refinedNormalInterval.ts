import { refinedNormalQuantile } from './refinedNormalQuantile';

/**
 * A truncated support of the refined normal pmf: its end points lq ≤ uq (BA and TRNA keep the
 * counts k = lq … uq, both included; `upper` ≤ `lower` only in degenerate cases).
 */
export interface RefinedNormalInterval {
  /** lq ≥ 0, the first count kept. */
  lower: number;
  /** uq ≤ d, the last count kept. */
  upper: number;
}

/**
 * The truncated support [lq, uq] on which BA and TRNA evaluate the refined normal pmf
 * (DESIGN.md §3.3, the reference's `RefinedNormalPB.interval`):
 *
 *   lq = max(0, ⌊σ·z_lo + μ⌋ − 1),  uq = min(d, ⌈σ·z_hi + μ⌉),
 *
 * with z_lo, z_hi the quantiles of G (`refinedNormalQuantile`) at the SciPy `interval` levels
 * (1 − c)/2 and (1 + c)/2, c = 1 − eps, computed with the same float64 roundings (≈ eps/2 and
 * 1 − eps/2).
 *
 * Which counts: both end points, k = lq … uq (uq − lq + 1 values), as DESIGN.md and the reference
 * at the fixtures' commit do; its earlier releases stopped at uq − 1, which can leave more than
 * eps outside (tests/stats/fillRefinedNormalPmf.test.ts has a case). `upper < lower` (an empty
 * support) is returned as computed, not repaired.
 *
 * Cost: two quantile solves, ~20–80 `Math.exp`; once per image-class, not per pixel.
 *
 * @param eps - Tail mass cut, in (0, 1) (option `eps`, default 1e-4).
 * @param mean - μ = Σp, finite.
 * @param sd - σ > 0, finite (the floored √Σp(1−p)).
 * @param skew - γ, finite.
 * @param d - Number of pixels, an integer ≥ 0 (upper clip).
 * @returns `{ lower, upper }`, integers with 0 ≤ lower and upper ≤ d.
 * @throws {RangeError} When eps is not in (0, 1), mean or skew is not finite, sd is not a finite
 *   positive number, or d is not a non-negative integer.
 * @example
 * refinedNormalInterval(1e-4, 50, 5, 0, 100); // { lower: 29, upper: 70 }
 * // z = ∓3.8906: ⌊5·(−3.8906) + 50⌋ − 1 = 29, ⌈5·3.8906 + 50⌉ = 70; pmf on k = 29 … 70
 */
export function refinedNormalInterval(
  eps: number,
  mean: number,
  sd: number,
  skew: number,
  d: number,
): RefinedNormalInterval {
  if (!(eps > 0 && eps < 1)) throw new RangeError(`eps must be in (0, 1), got ${eps}`);
  if (!Number.isFinite(mean)) throw new RangeError(`mean must be finite, got ${mean}`);
  if (!(sd > 0 && sd < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`sd must be a finite number > 0, got ${sd}`);
  }
  if (!Number.isFinite(skew)) throw new RangeError(`skew must be finite, got ${skew}`);
  if (!(Number.isInteger(d) && d >= 0)) throw new RangeError(`d must be an integer >= 0, got ${d}`);
  // SciPy's interval(confidence = 1 − eps): these roundings decide the last bits of q.
  const confidence = 1 - eps;
  const zLow = refinedNormalQuantile((1 - confidence) / 2, skew);
  const zHigh = refinedNormalQuantile((1 + confidence) / 2, skew);
  const lower = Math.max(0, Math.floor(sd * zLow + mean) - 1);
  // `+ 0` turns a −0 from ⌈−0.3⌉ into 0.
  const upper = Math.min(d, Math.ceil(sd * zHigh + mean)) + 0;
  return { lower, upper };
}
