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
