import { type ClassSelection, type PassScope, WHOLE_SLICE } from '../kernels/ClassSelection';
import type { SliceHistogram } from '../kernels/SliceHistogram';
import type { FloatArray } from '../kernels/types';
import { sortDescending } from '../solvers/expectation/sortDescending';

/** Slices up to this length are copied and sorted instead of histogrammed. */
export const SHORT_SLICE = 256;

/** The histogram's kept indices when complete, else the whole slice. */
export function keptScope(hist: SliceHistogram, scope: PassScope): PassScope {
  if (!hist.keptValid) return WHOLE_SLICE;
  scope.indices = hist.kept;
  scope.count = hist.binned;
  return scope;
}

/**
 * Sorted copies of hulls and short slices, grown on demand.
 *
 * @example
 * const buffers = new SortBuffers();
 * buffers.sortedCopy(new Float64Array([0.2, 0.9]), 2); // [0.9, 0.2, …]
 */
export class SortBuffers {
  sorted = new Float64Array(SHORT_SLICE);
  private scratch = new Float64Array(SHORT_SLICE);

  /** values[0…n) sorted descending, in `sorted`. */
  sortedCopy(values: Float64Array, n: number): Float64Array {
    if (this.sorted.length < n) {
      this.sorted = new Float64Array(2 * n);
      this.scratch = new Float64Array(2 * n);
    }
    const out = this.sorted;
    out.set(values.subarray(0, n));
    sortInPlace(out, n, this.scratch);
    return out;
  }

  /** Sorts sorted[0…n) descending in place. */
  sortShort(n: number): Float64Array {
    sortInPlace(this.sorted, n, this.scratch);
    return this.sorted;
  }
}

/** Sorts a[0…n) descending: insertion below 33 values, radix/built-in above. */
function sortInPlace(a: Float64Array, n: number, scratch: Float64Array): void {
  if (n > 32) {
    sortDescending(a, n, scratch);
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i;
    while (j > 0 && a[j - 1]! < v) {
      a[j] = a[j - 1]!;
      j--;
    }
    a[j] = v;
  }
}

/**
 * Copies a short slice into `into` (validating it) and sets sel.mean (index order) and
 * sel.active; returns the first invalid absolute index, or −1. O(length).
 *
 * @example
 * copySlice(new Float32Array([0.9, 0.2]), 0, 2, new Float64Array(2), new ClassSelection(), 0.5); // −1
 */
export function copySlice(
  data: FloatArray,
  offset: number,
  length: number,
  into: Float64Array,
  sel: ClassSelection,
  pruningProb: number,
): number {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < length; i++) {
    const p = data[offset + i]!;
    if (!(p >= 0 && p <= 1)) return offset + i;
    into[i] = p;
    sum += p;
    if (p > max) max = p;
  }
  sel.mean = sum;
  sel.active = max > pruningProb;
  return -1;
}
