import type { FloatArray, TopSet } from '../kernels/types';

/** Pixels per block of {@link argmaxInto}: its running maxima stay in cache, its scratch is fixed. */
export const ARGMAX_BLOCK = 4096;

/**
 * Per-pixel argmax over classes for one image (DESIGN §3.6), ties to the lowest class index.
 * Block by block of ARGMAX_BLOCK pixels, classes in the outer loop: memory access stays
 * sequential within each class plane, and `best` holds the running maxima of one block. O(C·D).
 *
 * @param offset - start of the image's `[C, D]` block in `data`.
 * @param best - scratch of at least min(pixels, ARGMAX_BLOCK) values.
 * @example
 * const labels = new Uint8Array(2);
 * argmaxInto(new Float32Array([0.7, 0.2, 0.3, 0.8]), 0, 2, 2, labels, 0, new Float64Array(2)); // [0, 1]
 */
export function argmaxInto(
  data: FloatArray,
  offset: number,
  classes: number,
  pixels: number,
  out: Uint8Array | Uint16Array | Uint32Array,
  outOffset: number,
  best: Float64Array,
): void {
  for (let start = 0; start < pixels; start += ARGMAX_BLOCK) {
    const n = Math.min(ARGMAX_BLOCK, pixels - start);
    const first = offset + start;
    const at = outOffset + start;
    for (let i = 0; i < n; i++) {
      best[i] = data[first + i]!;
      out[at + i] = 0;
    }
    for (let c = 1; c < classes; c++) {
      const base = first + c * pixels;
      for (let i = 0; i < n; i++) {
        const p = data[base + i]!;
        if (p > best[i]!) {
          best[i] = p;
          out[at + i] = c;
        }
      }
    }
  }
}

/**
 * The `p > 0.5` rule of one class as a selection (no ties at 0.5 are taken), with its volume and
 * cutoff. O(D).
 */
export function thresholdTopSet(data: FloatArray, offset: number, length: number): TopSet {
  let volume = 0;
  let cutoff = Number.POSITIVE_INFINITY;
  for (let i = offset, end = offset + length; i < end; i++) {
    const p = data[i]!;
    if (p > 0.5) {
      volume++;
      if (p < cutoff) cutoff = p;
    }
  }
  return { volume, threshold: 0.5, lastTie: -1, cutoff: volume > 0 ? cutoff : Number.NaN };
}

/**
 * Expected accuracy of a class mask under independent Bernoulli labels: the mean over pixels of
 * p (selected) or 1 − p (not selected) = (D − μ − |A| + 2·Σ_A p)/D.
 */
export function expectedAccuracy(
  pixels: number,
  mean: number,
  selected: number,
  selectedSum: number,
): number {
  return (pixels - mean - selected + 2 * selectedSum) / pixels;
}
