import type { FloatArray } from './types';

/** Per image-class slice figures every Dice/IoU solver needs, from one pass over the data. */
export interface SliceSummaries {
  /** μ = Σp per slice. */
  sum: Float64Array;
  /** max p per slice (the pruning test). */
  max: Float64Array;
  /** How many pixels have p > ½, and their Σp: a cheap feasible τ for bounding the optimum. */
  halfCount: Int32Array;
  halfSum: Float64Array;
  /** Index of the first value that is not a probability (NaN, infinite, outside [0, 1]), or -1. */
  invalidAt: number;
}

/**
 * One pass over `slices` consecutive slices of `pixels` values: sum, max, and the count and sum
 * of values above ½, per slice; validating every value on the way (`!(p >= 0 && p <= 1)` also
 * catches NaN). Stops at the first invalid value. O(slices · pixels).
 *
 * @example
 * summarizeSlices(new Float32Array([0.25, 0.75, 1, 0]), 2, 2).sum; // Float64Array [1, 1]
 */
export function summarizeSlices(data: FloatArray, slices: number, pixels: number): SliceSummaries {
  const sum = new Float64Array(slices);
  const max = new Float64Array(slices);
  const halfCount = new Int32Array(slices);
  const halfSum = new Float64Array(slices);
  for (let s = 0; s < slices; s++) {
    const start = s * pixels;
    const end = start + pixels;
    let total = 0;
    let largest = 0;
    let count = 0;
    let upper = 0;
    for (let i = start; i < end; i++) {
      const p = data[i]!;
      if (!(p >= 0 && p <= 1)) return { sum, max, halfCount, halfSum, invalidAt: i };
      total += p;
      if (p > largest) largest = p;
      if (p > 0.5) {
        count++;
        upper += p;
      }
    }
    sum[s] = total;
    max[s] = largest;
    halfCount[s] = count;
    halfSum[s] = upper;
  }
  return { sum, max, halfCount, halfSum, invalidAt: -1 };
}
