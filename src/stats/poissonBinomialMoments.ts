import type { FloatArray } from '../kernels/types';

/**
 * Default variance floor: float64 machine epsilon 2^-52. The reference floors σ² at
 * `torch.finfo(dtype).eps` of the dtype it computes in; we compute in float64, so the float64
 * epsilon is the analogue. The floor only matters when every p is (almost) 0 or 1, where
 * σ² = Σp(1−p) is 0 and σ, γ = m₃/σ³ would be 0 and 0/0.
 */
export const FLOAT64_VARIANCE_FLOOR = 2 ** -52;

/**
 * The reference's floor when it runs on float32 probabilities (its usual case): float32 machine
 * epsilon 2^-23 ≈ 1.19e-7. Pass it to reproduce the reference's σ and γ bit for bit in the
 * degenerate case σ² < 2^-23 (σ = 2^-11.5 ≈ 3.45e-4 instead of 2^-26 ≈ 1.49e-8).
 */
export const FLOAT32_VARIANCE_FLOOR = 2 ** -23;

/** Moments of Γ = ΣYᵢ, Yᵢ ~ Bernoulli(pᵢ) independent, and the refined-normal shape they give. */
export interface PoissonBinomialMoments {
  /** μ = Σp. */
  mean: number;
  /** σ² = Σp(1−p), not floored (leave-one-out updates need the raw value). */
  variance: number;
  /** Third central moment m₃ = Σp(1−p)(1−2p), not floored. */
  thirdCentral: number;
  /** σ = √max(σ², floor). */
  sd: number;
  /** γ = m₃ / max(σ², floor)^{3/2}. */
  skew: number;
}

/**
 * σ of the refined normal: √max(σ², floor) (DESIGN.md §3.3). O(1). Use it for leave-one-out
 * moments in TRNA (σ² − p(1−p)), where the raw difference can drop below 0 by rounding.
 *
 * @param variance - σ² (may be slightly negative from cancellation).
 * @param varianceFloor - Floor for σ², default 2^-52 ({@link FLOAT64_VARIANCE_FLOOR}).
 * @example
 * poissonBinomialSd(0.25); // 0.5
 * poissonBinomialSd(0); // 2^-26 = 1.4901161193847656e-8
 */
export function poissonBinomialSd(variance: number, varianceFloor = FLOAT64_VARIANCE_FLOOR): number {
  return Math.sqrt(Math.max(variance, varianceFloor));
}

/**
 * γ of the refined normal: m₃ / max(σ², floor)^{3/2} (DESIGN.md §3.3). O(1).
 *
 * @param thirdCentral - m₃ = Σp(1−p)(1−2p).
 * @param variance - σ² (raw; floored here).
 * @param varianceFloor - Floor for σ², default 2^-52.
 * @example
 * poissonBinomialSkew(0.2, 0.25); // 0.2 / 0.25^{3/2} = 1.6
 */
export function poissonBinomialSkew(
  thirdCentral: number,
  variance: number,
  varianceFloor = FLOAT64_VARIANCE_FLOOR,
): number {
  const v = Math.max(variance, varianceFloor);
  return thirdCentral / (v * Math.sqrt(v));
}

/**
 * Mean, variance and third central moment of the Poisson-binomial count Γ = ΣYᵢ over one slice
 * `data[offset … offset + length − 1]`, in one pass, accumulated in float64 (whatever the input
 * type), plus the refined-normal σ and γ (DESIGN.md §3.3):
 *
 *   μ = Σp,  σ² = Σp(1−p),  m₃ = Σp(1−p)(1−2p),  σ = √max(σ², floor),  γ = m₃/max(σ², floor)^{3/2}.
 *
 * O(length), no allocation but the returned object. The inputs are trusted (probabilities in
 * [0, 1], a valid slice); validation happens at the API boundary.
 *
 * @param data - Probabilities (Float32Array or Float64Array); not modified.
 * @param offset - First index of the slice.
 * @param length - Slice length (0 gives μ = σ² = m₃ = 0, σ = √floor, γ = 0).
 * @param varianceFloor - Floor for σ², default 2^-52 (float64 eps). The reference computes in
 *   float32 and floors at 2^-23: pass {@link FLOAT32_VARIANCE_FLOOR} to match it exactly in the
 *   near-degenerate case.
 * @returns The moments; `variance` and `thirdCentral` are the raw sums.
 * @example
 * const m = poissonBinomialMoments(new Float64Array([0.5, 0.5]), 0, 2);
 * // m.mean = 1, m.variance = 0.5, m.thirdCentral = 0, m.sd = √0.5, m.skew = 0
 */
export function poissonBinomialMoments(
  data: FloatArray,
  offset: number,
  length: number,
  varianceFloor = FLOAT64_VARIANCE_FLOOR,
): PoissonBinomialMoments {
  let mean = 0;
  let variance = 0;
  let thirdCentral = 0;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    const p = data[i]!;
    const pq = p * (1 - p);
    mean += p;
    variance += pq;
    thirdCentral += pq * (1 - 2 * p);
  }
  return {
    mean,
    variance,
    thirdCentral,
    sd: poissonBinomialSd(variance, varianceFloor),
    skew: poissonBinomialSkew(thirdCentral, variance, varianceFloor),
  };
}
