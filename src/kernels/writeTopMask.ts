import type { FloatArray, TopSet } from './types';

/**
 * Writes the 0/1 mask of a top-τ selection: `out[outOffset + i] = 1` iff pixel i is selected
 * (see {@link TopSet}), for i in [0, length). O(length).
 *
 * @example
 * const out = new Uint8Array(3);
 * writeTopMask(new Float32Array([0.2, 0.9, 0.5]), 0, 3, { volume: 2, threshold: 0.5, lastTie: 3, cutoff: 0.5 }, out, 0);
 * // out = [0, 1, 1]
 */
export function writeTopMask(
  data: FloatArray,
  offset: number,
  length: number,
  top: TopSet,
  out: Uint8Array,
  outOffset: number,
): void {
  const { threshold, lastTie } = top;
  for (let i = 0; i < length; i++) {
    const p = data[offset + i]!;
    out[outOffset + i] = p > threshold || (p === threshold && i <= lastTie) ? 1 : 0;
  }
}
