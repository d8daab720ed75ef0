/**
 * RMA's estimate of the expected Dice or IoU of any mask (DESIGN §3.2), per class: with
 * μ = Σᵢ pᵢ over the image, τ = |A| and C = Σ_{i∈A} pᵢ for the mask A,
 *   D̃ = 2C/(τ + μ + 1 + s) + s/(τ + μ + s),   Ĩ = (C + s)/(μ − C + τ + s)   (0/0 := 0).
 * For RankSEG's RMA masks this is `solve().expected` itself; for argmax or `p > 0.5` it says what
 * the same approximation thinks of them, so the two rows of the table are comparable.
 */
import type { OverlapMetric } from '../../src/solvers/catalog';

/** Per class: the estimate, the mask's pixel count τ and its probability mass C. */
export interface RmaEstimate {
  perClass: Float64Array;
  volume: Int32Array;
}

/**
 * @param probs - `[1, C, H, W]` probabilities.
 * @param labels - `[H·W]` label map; for C = 1 the foreground is label 1 (channel 0).
 * @returns per class c: D̃ or Ĩ of the pixels labelled c. O(C·H·W).
 */
export function rmaEstimate(
  probs: Float32Array | Float64Array,
  classes: number,
  labels: Uint8Array,
  metric: OverlapMetric,
  smooth: number,
): RmaEstimate {
  const n = labels.length;
  const perClass = new Float64Array(classes);
  const volume = new Int32Array(classes);
  for (let c = 0; c < classes; c++) {
    const wanted = classes === 1 ? 1 : c;
    const offset = c * n;
    let mu = 0;
    let mass = 0;
    let tau = 0;
    for (let i = 0; i < n; i++) {
      const p = probs[offset + i]!;
      mu += p;
      if (labels[i] === wanted) {
        mass += p;
        tau++;
      }
    }
    const s = smooth;
    let value: number;
    if (metric === 'dice') {
      const second = tau + mu + s === 0 ? 0 : s / (tau + mu + s);
      value = (2 * mass) / (tau + mu + 1 + s) + second;
    } else {
      const den = mu - mass + tau + s;
      value = den === 0 ? 0 : (mass + s) / den;
    }
    perClass[c] = value;
    volume[c] = tau;
  }
  return { perClass, volume };
}

/** Mean skipping NaN (NaN when all are). */
export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      k++;
    }
  }
  return k === 0 ? Number.NaN : sum / k;
}
