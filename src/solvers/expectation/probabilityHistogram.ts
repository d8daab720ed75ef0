import type { FloatArray } from '../../kernels/types';
import { CHUNK } from './budget';

/**
 * Histogram bins over [0, 1]. A power of two makes p·BINS exact in float64, so bin(p) ≥ k is
 * exactly p ≥ k/BINS: bin edges are exact thresholds and two passes classify pixels alike.
 */
export const HISTOGRAM_BINS = 4096;

/** Totals of {@link scanProbabilityHistogram}: μ = Σp in index order, and the largest p. */
export interface HistogramTotals {
  sum: number;
  max: number;
}

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
  const bad = scanProbabilityHistogram(data, offset, length, out, TOTALS);
  if (bad >= 0) throw new RangeError(`data: value ${data[bad]} at index ${bad} is outside [0, 1]`);
}

const TOTALS: HistogramTotals = { sum: 0, max: 0 };

/**
 * {@link probabilityHistogram} that reports instead of throwing: returns the index of the first
 * value that is not a probability (−1 if none), and writes μ (summed in index order) and the
 * largest value to `totals`. The bottom and top bins, where most pixels of a confident slice
 * fall, are accumulated in registers (same values, same order, so the same sums).
 *
 * @example
 * const h = new Float64Array(3 * HISTOGRAM_BINS);
 * const totals = { sum: 0, max: 0 };
 * scanProbabilityHistogram(new Float32Array([0.5, 2]), 0, 2, h, totals); // 1
 */
export function scanProbabilityHistogram(
  data: FloatArray,
  offset: number,
  length: number,
  out: Float64Array,
  totals: HistogramTotals,
): number {
  out.fill(0, 0, 3 * HISTOGRAM_BINS);
  const acc = ACC;
  acc.fill(0);
  const end = offset + length;
  let bad = -1;
  for (let start = offset; start < end && bad < 0; start += CHUNK) {
    bad = histogramChunk(data, start, Math.min(end, start + CHUNK), out, acc);
  }
  const top = 3 * (HISTOGRAM_BINS - 1);
  for (let j = 0; j < 3; j++) {
    out[j] = out[j]! + acc[2 + j]!;
    out[top + j] = out[top + j]! + acc[5 + j]!;
  }
  totals.sum = acc[0]!;
  totals.max = acc[1]!;
  return bad;
}

/** [Σp, max, bottom bin count, Σp, Σp(1 − p), top bin count, Σp, Σp(1 − p)]. */
const ACC = new Float64Array(8);

/** Bins data[start, end) into out; returns the index of the first invalid value, or −1. */
function histogramChunk(
  data: FloatArray,
  start: number,
  end: number,
  out: Float64Array,
  acc: Float64Array,
): number {
  const bins = HISTOGRAM_BINS; // a local: module bindings are re-checked on every access in a loop
  const low = 1 / bins;
  const high = (bins - 1) / bins;
  let total = acc[0]!;
  let largest = acc[1]!;
  let n0 = acc[2]!;
  let s0 = acc[3]!;
  let w0 = acc[4]!;
  let nTop = acc[5]!;
  let sTop = acc[6]!;
  let wTop = acc[7]!;
  let bad = -1;
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    if (!(p >= 0 && p <= 1)) {
      bad = i;
      break;
    }
    total += p;
    if (p > largest) largest = p;
    if (p < low) {
      n0++;
      s0 += p;
      w0 += p * (1 - p);
    } else if (p >= high) {
      nTop++;
      sTop += p;
      wTop += p * (1 - p);
    } else {
      const j = 3 * ((p * bins) | 0);
      out[j] = out[j]! + 1;
      out[j + 1] = out[j + 1]! + p;
      out[j + 2] = out[j + 2]! + p * (1 - p);
    }
  }
  acc[0] = total;
  acc[1] = largest;
  acc[2] = n0;
  acc[3] = s0;
  acc[4] = w0;
  acc[5] = nTop;
  acc[6] = sTop;
  acc[7] = wTop;
  return bad;
}
