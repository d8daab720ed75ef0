import type { FloatArray } from './types';

/** What {@link scanMoments} gathers from one slice. */
export interface MomentScan {
  /** μ = Σp, σ² = Σp(1 − p), m₃ = Σp(1 − p)(1 − 2p), summed in index order. */
  mean: number;
  variance: number;
  thirdCentral: number;
  /** Largest p. */
  max: number;
  /** Pixels with p > ½ and their Σp. */
  halfCount: number;
  halfSum: number;
}

/** Pixels per call of the kernel (see SliceHistogram). */
const CHUNK = 8192;

/**
 * The first pass of BA and TRNA over one slice: validates every value and gathers the
 * Poisson-binomial moments of Γ (the same sums, in the same order, as poissonBinomialMoments),
 * the largest p and the p > ½ mask's count and sum. O(length).
 *
 * @returns the absolute index of the first value that is not a probability, or −1.
 * @example
 * const out = { mean: 0, variance: 0, thirdCentral: 0, max: 0, halfCount: 0, halfSum: 0 };
 * scanMoments(new Float64Array([0.5, 0.75]), 0, 2, out); // −1; out.mean = 1.25, out.halfCount = 1
 */
export function scanMoments(data: FloatArray, offset: number, length: number, out: MomentScan): number {
  const acc = ACC;
  acc.fill(0);
  const end = offset + length;
  let bad = -1;
  for (let start = offset; start < end && bad < 0; start += CHUNK) {
    bad = momentsChunk(data, start, Math.min(end, start + CHUNK), acc);
  }
  out.mean = acc[0]!;
  out.variance = acc[1]!;
  out.thirdCentral = acc[2]!;
  out.max = acc[3]!;
  out.halfCount = acc[4]!;
  out.halfSum = acc[5]!;
  return bad;
}

const ACC = new Float64Array(6);

function momentsChunk(data: FloatArray, start: number, end: number, acc: Float64Array): number {
  let mean = acc[0]!;
  let variance = acc[1]!;
  let third = acc[2]!;
  let largest = acc[3]!;
  let count = acc[4]!;
  let upper = acc[5]!;
  let bad = -1;
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    if (!(p >= 0 && p <= 1)) {
      bad = i;
      break;
    }
    const pq = p * (1 - p);
    mean += p;
    variance += pq;
    third += pq * (1 - 2 * p);
    if (p > largest) largest = p;
    if (p > 0.5) {
      count++;
      upper += p;
    }
  }
  acc[0] = mean;
  acc[1] = variance;
  acc[2] = third;
  acc[3] = largest;
  acc[4] = count;
  acc[5] = upper;
  return bad;
}
