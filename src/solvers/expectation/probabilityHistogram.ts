import type { FloatArray } from '../../kernels/types';
import { CHUNK } from './budget';

/**
 * Histogram bins over [0, 1]. A power of two makes p·BINS exact in float64, so bin(p) ≥ k is
 * exactly p ≥ k/BINS: bin edges are exact thresholds and two passes classify pixels alike.
 */
export const HISTOGRAM_BINS = 4096;

/**
 * One pass over a slice: per bin the pixel count, Σp and Σp(1 − p), interleaved at
 * out[3b], out[3b + 1], out[3b + 2]. Checks every value.
 *
 * O(d + BINS). Writes into the caller's array.
 *
 * @param data - probabilities (read only).
 * @param offset - first index.
 * @param length - d.
 * @param out - length ≥ 3·BINS, overwritten.
 * @throws RangeError if a value is NaN or outside [0, 1] (the message gives its index and value).
 * @example
 * const h = new Float64Array(3 * HISTOGRAM_BINS);
 * probabilityHistogram(new Float32Array([0.5, 1]), 0, 2, h); // h[3·2048] = 1, h[3·4095 + 1] = 1
 */
export function probabilityHistogram(
  data: FloatArray,
  offset: number,
  length: number,
  out: Float64Array,
): void {
  out.fill(0, 0, 3 * HISTOGRAM_BINS);
  const end = offset + length;
  for (let start = offset; start < end; start += CHUNK) {
    const bad = histogramChunk(data, start, Math.min(end, start + CHUNK), out);
    if (bad >= 0) throw new RangeError(`data: value ${data[bad]} at index ${bad} is outside [0, 1]`);
  }
}

/** Bins data[start, end) into out; returns the index of the first invalid value, or −1. */
function histogramChunk(data: FloatArray, start: number, end: number, out: Float64Array): number {
  const bins = HISTOGRAM_BINS; // a local: module bindings are re-checked on every access in a loop
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    if (!(p >= 0 && p <= 1)) return i;
    const raw = (p * bins) | 0;
    const j = 3 * (raw === bins ? raw - 1 : raw);
    out[j] = out[j]! + 1;
    out[j + 1] = out[j + 1]! + p;
    out[j + 2] = out[j + 2]! + p * (1 - p);
  }
  return -1;
}
