import type { FloatArray } from '../../kernels/types';
import { CHUNK } from './budget';
import type { PowerSums } from './powerSums';

/**
 * Power sums of the pixels inside (A) and outside (B) a 0/1 mask, for the moment path of
 * expectedMaskScore: count, Σp and Σw in a first pass that also validates the inputs (order
 * 1), then Σwᵏ, Σu·wᵏ for k ≤ 5 (w = p(1 − p), u = 1 − 2p), in chunked kernels with local
 * accumulators (see CHUNK in budget.ts for why).
 *
 * O(d) per pass.
 *
 * @param order - 1 (first pass) or 5 (the powers; needs the first pass's results in place).
 * @returns −1, or the index (within the slice) of the first invalid probability or mask entry
 * when `order` is 1.
 * @example
 * const a = new PowerSums(), b = new PowerSums();
 * maskPowerSums(new Float64Array([0.9, 0.2]), 0, [1, 0], 0, 2, 1, a, b); // −1; a.sum = 0.9, b.sum = 0.2
 */
export function maskPowerSums(
  probs: FloatArray,
  probsOffset: number,
  mask: ArrayLike<number>,
  maskOffset: number,
  length: number,
  order: 1 | 5,
  setA: PowerSums,
  setB: PowerSums,
): number {
  const acc = ACC;
  acc.fill(0);
  if (order === 1) {
    setA.reset(1);
    setB.reset(1);
    for (let start = 0; start < length; start += CHUNK) {
      const bad = firstChunk(
        probs,
        probsOffset,
        mask,
        maskOffset,
        start,
        Math.min(length, start + CHUNK),
        acc,
      );
      if (bad >= 0) return bad;
    }
    setA.count = acc[0]!;
    setA.sum = acc[1]!;
    setA.w[1] = acc[2]!;
    setB.count = length - acc[0]!;
    setB.sum = acc[3]!;
    setB.w[1] = acc[4]!;
    return -1;
  }
  setA.order = 5;
  setB.order = 5;
  for (let start = 0; start < length; start += CHUNK) {
    powersChunk(probs, probsOffset, mask, maskOffset, start, Math.min(length, start + CHUNK), acc);
  }
  // acc: A's v1, w2, v2, w3, v3, w4, v4, w5, v5, then B's.
  for (let side = 0; side < 2; side++) {
    const set = side === 0 ? setA : setB;
    const at = 9 * side;
    set.v[1] = acc[at]!;
    for (let k = 2; k <= 5; k++) {
      set.w[k] = acc[at + 2 * k - 3]!;
      set.v[k] = acc[at + 2 * k - 2]!;
    }
  }
  return -1;
}

const ACC = new Float64Array(18);

/** Counts and sums; returns the first invalid index (relative to the slice) or −1. */
function firstChunk(
  probs: FloatArray,
  po: number,
  mask: ArrayLike<number>,
  mo: number,
  start: number,
  end: number,
  acc: Float64Array,
): number {
  let na = acc[0]!;
  let sa = acc[1]!;
  let wa = acc[2]!;
  let sb = acc[3]!;
  let wb = acc[4]!;
  for (let i = start; i < end; i++) {
    const p = probs[po + i]!;
    const m = mask[mo + i];
    if (!(p >= 0 && p <= 1)) return i;
    if (m === 1) {
      na++;
      sa += p;
      wa += p * (1 - p);
    } else if (m === 0) {
      sb += p;
      wb += p * (1 - p);
    } else {
      return i;
    }
  }
  acc[0] = na;
  acc[1] = sa;
  acc[2] = wa;
  acc[3] = sb;
  acc[4] = wb;
  return -1;
}

function powersChunk(
  probs: FloatArray,
  po: number,
  mask: ArrayLike<number>,
  mo: number,
  start: number,
  end: number,
  acc: Float64Array,
): void {
  let av1 = acc[0]!;
  let aw2 = acc[1]!;
  let av2 = acc[2]!;
  let aw3 = acc[3]!;
  let av3 = acc[4]!;
  let aw4 = acc[5]!;
  let av4 = acc[6]!;
  let aw5 = acc[7]!;
  let av5 = acc[8]!;
  let bv1 = acc[9]!;
  let bw2 = acc[10]!;
  let bv2 = acc[11]!;
  let bw3 = acc[12]!;
  let bv3 = acc[13]!;
  let bw4 = acc[14]!;
  let bv4 = acc[15]!;
  let bw5 = acc[16]!;
  let bv5 = acc[17]!;
  for (let i = start; i < end; i++) {
    const p = probs[po + i]!;
    const w1 = p * (1 - p);
    const u = 1 - 2 * p;
    const w2 = w1 * w1;
    const w3 = w2 * w1;
    const w4 = w2 * w2;
    const w5 = w4 * w1;
    if (mask[mo + i] === 1) {
      av1 += u * w1;
      aw2 += w2;
      av2 += u * w2;
      aw3 += w3;
      av3 += u * w3;
      aw4 += w4;
      av4 += u * w4;
      aw5 += w5;
      av5 += u * w5;
    } else {
      bv1 += u * w1;
      bw2 += w2;
      bv2 += u * w2;
      bw3 += w3;
      bv3 += u * w3;
      bw4 += w4;
      bv4 += u * w4;
      bw5 += w5;
      bv5 += u * w5;
    }
  }
  acc[0] = av1;
  acc[1] = aw2;
  acc[2] = av2;
  acc[3] = aw3;
  acc[4] = av3;
  acc[5] = aw4;
  acc[6] = av4;
  acc[7] = aw5;
  acc[8] = av5;
  acc[9] = bv1;
  acc[10] = bw2;
  acc[11] = bv2;
  acc[12] = bw3;
  acc[13] = bv3;
  acc[14] = bw4;
  acc[15] = bv4;
  acc[16] = bw5;
  acc[17] = bv5;
}
