import type { FloatArray } from './types';

/** Where {@link findClassSumViolation} stopped: a value that is not a probability, or a bad sum. */
export interface ClassSumViolation {
  /** `'range'`: `data[index]` is NaN, infinite or outside [0, 1]; `'sum'`: position `index` sums to `sum`. */
  kind: 'range' | 'sum';
  /**
   * `'range'`: the flat index into `data`. `'sum'`: the position `o·inner + i` (the index into the
   * array with the class axis removed).
   */
  index: number;
  /** `'sum'`: the sum over the class axis at that position (float64); `'range'`: the value. */
  value: number;
}

/** Pixels per block: the running sums stay in the first-level cache while every class streams by. */
const BLOCK = 2048;

/**
 * Checks that the values along one axis of an array sum to 1 at every position, within
 * `tolerance`, and that every value is a probability. The array is read as `[outer, classes,
 * inner]` in C order (channels first: `[B, C, D]` is outer = B, inner = D; channels last
 * `[B, D, C]` is outer = B·D, inner = 1; any axis k of a shape is outer = Π shape[<k],
 * inner = Π shape[>k]). Sums are accumulated in float64, a block of `inner` positions at a time,
 * so the memory access stays sequential. Stops at the first block with a problem: its first value
 * out of range (or NaN), else its first position whose sum is off. A value out of range is only
 * found through its block's sums (a value above 1 or below 0 of a block whose sums all stay within
 * the tolerance goes unreported here; the solvers' own pass reports it). O(n), no allocation
 * beyond one block of sums.
 *
 * @returns undefined when every value is in [0, 1] and every sum within `tolerance` of 1.
 * @example
 * // two pixels, two classes, channels first: pixel 1 sums to 0.9
 * findClassSumViolation(new Float32Array([0.25, 0.5, 0.75, 0.4]), 1, 2, 2, 1e-3);
 * // { kind: 'sum', index: 1, value: 0.9000000059604645 }
 */
export function findClassSumViolation(
  data: FloatArray,
  outer: number,
  classes: number,
  inner: number,
  tolerance: number,
): ClassSumViolation | undefined {
  const sums = new Float64Array(Math.min(BLOCK, inner));
  for (let o = 0; o < outer; o++) {
    const base = o * classes * inner;
    for (let start = 0; start < inner; start += BLOCK) {
      const size = Math.min(BLOCK, inner - start);
      sums.fill(0, 0, size);
      // the hot loop only adds: a value out of range shows in its sum (NaN propagates), and is
      // looked for once a sum is off
      for (let c = 0; c < classes; c++) {
        const row = base + c * inner + start;
        for (let i = 0; i < size; i++) sums[i]! += data[row + i]!;
      }
      for (let i = 0; i < size; i++) {
        const s = sums[i]!;
        if (Math.abs(s - 1) <= tolerance) continue;
        const bad = firstNonProbability(data, base + start, classes, inner, size);
        if (bad >= 0) return { kind: 'range', index: bad, value: data[bad]! };
        return { kind: 'sum', index: o * inner + start + i, value: s };
      }
    }
  }
  return undefined;
}

/**
 * The flat index of the first value that is not a probability in the block starting at `from`
 * (`size` positions of each of `classes` rows `inner` apart), or -1.
 */
function firstNonProbability(
  data: FloatArray,
  from: number,
  classes: number,
  inner: number,
  size: number,
): number {
  let first = -1;
  for (let c = 0; c < classes; c++) {
    const row = from + c * inner;
    for (let i = 0; i < size; i++) {
      const p = data[row + i]!;
      // !(p >= 0 && p <= 1) also catches NaN
      if (!(p >= 0 && p <= 1) && (first < 0 || row + i < first)) {
        first = row + i;
        break;
      }
    }
  }
  return first;
}
