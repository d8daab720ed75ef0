import type { ConfidenceHistogram } from './temperaturePass';
import type { ReliabilityBin } from './types';

/**
 * The reliability curve and expected calibration error of a confidence histogram with M
 * equal-width bins B_k = [k/M, (k+1)/M) (the last one closed at 1):
 *   ECE = Σ_k (n_k/N)·|acc_k − conf_k| = Σ_k |Σ_{B_k} correct − Σ_{B_k} confidence| / N,
 * with n_k predictions in bin k (N in all), acc_k the fraction of them that are right and conf_k
 * their mean confidence. Empty bins add nothing and report NaN means. O(M).
 *
 * @returns `ece` NaN when the histogram is empty.
 * @example
 * ```ts
 * // two predictions at confidence 0.9, one right: one bin off by |0.5 − 0.9|
 * const h = { count: new Float64Array([0, 2]), confidence: new Float64Array([0, 1.8]), correct: new Float64Array([0, 1]) };
 * reliabilityOf(h).ece; // 0.4
 * ```
 */
export function reliabilityOf(histogram: ConfidenceHistogram): { ece: number; bins: ReliabilityBin[] } {
  const M = histogram.count.length;
  let total = 0;
  let gap = 0;
  const bins: ReliabilityBin[] = [];
  for (let k = 0; k < M; k++) {
    const n = histogram.count[k]!;
    const confidence = histogram.confidence[k]!;
    const correct = histogram.correct[k]!;
    total += n;
    gap += Math.abs(correct - confidence);
    bins.push({
      lower: k / M,
      upper: (k + 1) / M,
      count: n,
      confidence: n > 0 ? confidence / n : Number.NaN,
      accuracy: n > 0 ? correct / n : Number.NaN,
    });
  }
  return { ece: total > 0 ? gap / total : Number.NaN, bins };
}
