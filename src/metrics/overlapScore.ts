import type { OverlapMetric } from '../solvers/catalog';

/**
 * Dice or IoU of a predicted set A and a target set B from their counts I = |A∩B|, P = |A|, T = |B|:
 *
 *   Dice = (2I + s) / (P + T + s),   IoU = (I + s) / (P + T − I + s)   (|A∪B| = P + T − I).
 *
 * 0/0 (both sets empty and s = 0) gives NaN, the torchmetrics convention that nanmean then skips.
 * O(1).
 *
 * @example
 * ```ts
 * overlapScore('dice', 1, 2, 2, 0); // 0.5
 * overlapScore('iou', 1, 2, 2, 0); // 1/3
 * overlapScore('iou', 0, 0, 0, 0); // NaN
 * overlapScore('iou', 0, 0, 0, 1); // 1
 * ```
 */
export function overlapScore(
  metric: OverlapMetric,
  intersection: number,
  predicted: number,
  target: number,
  smooth: number,
): number {
  return metric === 'dice'
    ? (2 * intersection + smooth) / (predicted + target + smooth)
    : (intersection + smooth) / (predicted + target - intersection + smooth);
}

/**
 * Mean of `values[start], values[start + stride], …` (`count` terms) skipping NaN; NaN when every term
 * is NaN (or count is 0), like numpy's nanmean without the warning.
 *
 * Complexity O(count), no allocation.
 *
 * @example
 * ```ts
 * nanMean(new Float64Array([1, NaN, 0.5]), 0, 3, 1); // 0.75
 * nanMean(new Float64Array([NaN, NaN]), 0, 2, 1); // NaN
 * ```
 */
export function nanMean(values: ArrayLike<number>, start: number, count: number, stride: number): number {
  let sum = 0;
  let n = 0;
  for (let j = 0, i = start; j < count; j++, i += stride) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}
