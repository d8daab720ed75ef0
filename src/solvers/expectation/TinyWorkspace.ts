/** Slices up to this length are solved by the O(d²) programme (≈ d² multiply-adds ≤ a few µs). */
export const TINY_SLICE = 32;

/**
 * Buffers of the O(d²) programme (`solveTiny`), sized for TINY_SLICE (it reads no longer slice).
 *
 * @example
 * const ws = new TinyWorkspace(); // ws.sorted.length === TINY_SLICE
 */
export class TinyWorkspace {
  readonly sorted = new Float64Array(TINY_SLICE);
  readonly f = new Float64Array(TINY_SLICE + 1);
  readonly g = new Float64Array(TINY_SLICE + 1);
  readonly w = new Float64Array(TINY_SLICE + 1);
  readonly curve = new Float64Array(TINY_SLICE + 1);
}
