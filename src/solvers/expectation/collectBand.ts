import type { FloatArray } from '../../kernels/types';
import { CHUNK } from './budget';
import type { PowerSums } from './powerSums';
import { HISTOGRAM_BINS } from './probabilityHistogram';

/**
 * Second pass of the exact solver: copies the pixels whose bin lies in [binLo, binHi] (the band
 * where the optimum can lie) and summarizes the others by power sums Σwᵏ, Σu·wᵏ (k ≤ 5,
 * w = p(1 − p), u = 1 − 2p): `head` gets the bins above the band, `tail` the bins below. Their
 * count, Σp and Σw are read from the histogram (exact: bins are exact thresholds). Order 5
 * gives cumulants up to 11: moment expansions to N = 10, enough while σ/(τ + μ) ≲ 0.02.
 *
 * O(d). Writes into caller-owned storage.
 *
 * @param hist - the slice's probabilityHistogram.
 * @param band - receives the band values (unsorted); length ≥ the band's pixel count.
 * @param kept - when at least as long as the head and band together, receives the slice
 *   indices of their pixels (every pixel a top-τ choice in the band can select), in order.
 * @returns the number of band pixels.
 * @example
 * // 0.9, 0.5, 0.1 fall in bins 3686, 2048, 409: band [0.5], head {0.9}, tail {0.1}.
 * const p = new Float64Array([0.9, 0.5, 0.1]);
 * const hist = new Float64Array(3 * HISTOGRAM_BINS);
 * probabilityHistogram(p, 0, 3, hist);
 * collectBand(p, 0, 3, hist, 2048, 2048, new Float64Array(3), new PowerSums(), new PowerSums()); // 1
 */
export function collectBand(
  data: FloatArray,
  offset: number,
  length: number,
  hist: Float64Array,
  binLo: number,
  binHi: number,
  band: Float64Array,
  head: PowerSums,
  tail: PowerSums,
  kept: Int32Array = NO_INDICES,
): number {
  head.reset(5);
  tail.reset(5);
  for (let b = 0; b < HISTOGRAM_BINS; b++) {
    if (b >= binLo && b <= binHi) continue;
    const set = b > binHi ? head : tail;
    set.count += hist[3 * b]!;
    set.sum += hist[3 * b + 1]!;
    set.w[1] = set.w[1]! + hist[3 * b + 2]!;
  }
  const acc = ACC;
  acc.fill(0);
  const end = offset + length;
  let m = 0;
  for (let start = offset; start < end; start += CHUNK) {
    m = collectChunk(data, start, Math.min(end, start + CHUNK), offset, binLo, binHi, band, m, acc, kept);
  }
  // acc: the head's v1, w2, v2, w3, v3, w4, v4, w5, v5, then the tail's.
  for (let side = 0; side < 2; side++) {
    const set = side === 0 ? head : tail;
    const at = 9 * side;
    set.v[1] = acc[at]!;
    for (let k = 2; k <= 5; k++) {
      set.w[k] = acc[at + 2 * k - 3]!;
      set.v[k] = acc[at + 2 * k - 2]!;
    }
  }
  return m;
}

/** acc[18]: head and band pixels seen (the next kept slot). */
const ACC = new Float64Array(19);
const NO_INDICES = new Int32Array(0);

/**
 * One chunk of the band pass: eighteen local accumulators (count, Σp and Σw come from the
 * histogram). Measured as fast as the order-3 version: the loop is bound by the loads and the
 * three-way branch, not by the multiply-adds.
 */
function collectChunk(
  data: FloatArray,
  start: number,
  end: number,
  offset: number,
  binLo: number,
  binHi: number,
  band: Float64Array,
  m0: number,
  acc: Float64Array,
  kept: Int32Array,
): number {
  let m = m0;
  let nk = acc[18]!;
  const room = kept.length;
  let hv1 = acc[0]!;
  let hw2 = acc[1]!;
  let hv2 = acc[2]!;
  let hw3 = acc[3]!;
  let hv3 = acc[4]!;
  let hw4 = acc[5]!;
  let hv4 = acc[6]!;
  let hw5 = acc[7]!;
  let hv5 = acc[8]!;
  let tv1 = acc[9]!;
  let tw2 = acc[10]!;
  let tv2 = acc[11]!;
  let tw3 = acc[12]!;
  let tv3 = acc[13]!;
  let tw4 = acc[14]!;
  let tv4 = acc[15]!;
  let tw5 = acc[16]!;
  let tv5 = acc[17]!;
  const bins = HISTOGRAM_BINS; // a local: an imported binding is re-checked on every access
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    const raw = (p * bins) | 0;
    const b = raw === bins ? raw - 1 : raw;
    if (b >= binLo) {
      if (nk < room) kept[nk] = i - offset;
      nk++;
    }
    if (b > binHi) {
      const w1 = p * (1 - p);
      const u = 1 - 2 * p;
      const w2 = w1 * w1;
      const w3 = w2 * w1;
      const w4 = w2 * w2;
      const w5 = w4 * w1;
      hv1 += u * w1;
      hw2 += w2;
      hv2 += u * w2;
      hw3 += w3;
      hv3 += u * w3;
      hw4 += w4;
      hv4 += u * w4;
      hw5 += w5;
      hv5 += u * w5;
    } else if (b < binLo) {
      const w1 = p * (1 - p);
      const u = 1 - 2 * p;
      const w2 = w1 * w1;
      const w3 = w2 * w1;
      const w4 = w2 * w2;
      const w5 = w4 * w1;
      tv1 += u * w1;
      tw2 += w2;
      tv2 += u * w2;
      tw3 += w3;
      tv3 += u * w3;
      tw4 += w4;
      tv4 += u * w4;
      tw5 += w5;
      tv5 += u * w5;
    } else {
      band[m++] = p;
    }
  }
  acc[0] = hv1;
  acc[1] = hw2;
  acc[2] = hv2;
  acc[3] = hw3;
  acc[4] = hv3;
  acc[5] = hw4;
  acc[6] = hv4;
  acc[7] = hw5;
  acc[8] = hv5;
  acc[9] = tv1;
  acc[10] = tw2;
  acc[11] = tv2;
  acc[12] = tw3;
  acc[13] = tv3;
  acc[14] = tw4;
  acc[15] = tv4;
  acc[16] = tw5;
  acc[17] = tv5;
  acc[18] = nk;
  return m;
}
