/** Class probabilities from ITK's Bayesian classifier memberships of a brain MRI slice. */
import type { MetaImage } from './metaimage';

/**
 * Normalizes per-pixel membership values into probabilities, channels first.
 *
 * The memberships (ITK `BayesianClassifierInitializationImageFilter`) are Gaussian likelihoods
 * m_c(x) = N(I(x); μ_c, σ_c²) around k-means centroids of the intensity I; with equal priors
 * the posterior is p_c(x) = m_c(x) / Σ_k m_k(x) (computed in float64). A pixel whose memberships
 * sum to 0 or are not finite would make that 0/0: it gets the uniform 1/C, and is counted.
 *
 * @param m 2-D MetaImage with C interleaved channels, data [y][x][c].
 * @returns probabilities [C, H, W] (H = DimSize[1] rows, W = DimSize[0] columns).
 * @throws RangeError when m is not 2-D or has fewer than 2 channels, or a membership is negative.
 */
export function membershipsToProbabilities(m: MetaImage): {
  probs: Float64Array;
  width: number;
  height: number;
  channels: number;
  degenerate: number;
} {
  const [width = 0, height = 0] = m.dims;
  const c = m.channels;
  if (m.dims.length !== 2 || c < 2) throw new RangeError(`memberships must be 2-D with ≥ 2 channels`);
  const n = width * height;
  const probs = new Float64Array(c * n);
  let degenerate = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < c; k++) {
      const v = m.data[i * c + k]!;
      if (v < 0) throw new RangeError(`membership ${v} at pixel ${i}, class ${k} is negative`);
      sum += v;
    }
    const ok = sum > 0 && Number.isFinite(sum);
    if (!ok) degenerate++;
    for (let k = 0; k < c; k++) probs[k * n + i] = ok ? m.data[i * c + k]! / sum : 1 / c;
  }
  return { probs, width, height, channels: c, degenerate };
}
