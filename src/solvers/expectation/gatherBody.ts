import type { FloatArray } from '../../kernels/types';
import { CHUNK } from './budget';
import { type FoldSums, TINY_PROBABILITY } from './foldedPmf';

/**
 * Splits a slice for the pmf path: values ≥ `threshold` are copied to `body` (unsorted), the
 * others are folded into `fold` (power sums of their odds). When `mask` is given only pixels
 * whose mask entry equals `want` are visited. Without a mask, `kept` (if long enough: its length
 * ≥ the body's size) receives the slice indices of the body values, in order.
 *
 * O(d). Writes into caller-owned storage.
 *
 * @param body - length ≥ the number of values copied.
 * @returns the number of values copied.
 * @example
 * const fold = new FoldSums();
 * gatherBody(new Float64Array([0.9, 0.001]), 0, 2, 0.05, new Float64Array(2), fold); // 1; fold.count = 1
 */
export function gatherBody(
  data: FloatArray,
  offset: number,
  length: number,
  threshold: number,
  body: Float64Array,
  fold: FoldSums,
  mask?: ArrayLike<number>,
  maskOffset = 0,
  want = 1,
  kept: Int32Array = NO_INDICES,
): number {
  fold.reset();
  let n = 0;
  if (mask !== undefined) {
    for (let i = 0; i < length; i++) {
      if (mask[maskOffset + i] !== want) continue;
      const p = data[offset + i]!;
      if (p >= threshold) body[n++] = p;
      else fold.add(p);
    }
    return n;
  }
  const acc = ACC;
  acc.fill(0);
  const end = offset + length;
  for (let start = offset; start < end; start += CHUNK) {
    n = gatherChunk(data, start, Math.min(end, start + CHUNK), offset, threshold, body, n, fold, acc, kept);
  }
  fold.count += acc[0]!;
  fold.sum += acc[1]!;
  fold.variance += acc[2]!;
  for (let j = 1; j <= 6; j++) fold.tiny[j] = fold.tiny[j]! + acc[2 + j]!;
  return n;
}

const ACC = new Float64Array(9);
const NO_INDICES = new Int32Array(0);

/**
 * One chunk: tiny probabilities (the bulk of a slice) in nine local accumulators (count, Σp,
 * Σp(1 − p), Σr…Σr⁶ of the odds r = p/(1 − p)); the rarer small ones through FoldSums.add.
 */
function gatherChunk(
  data: FloatArray,
  start: number,
  end: number,
  offset: number,
  threshold: number,
  body: Float64Array,
  n0: number,
  fold: FoldSums,
  acc: Float64Array,
  kept: Int32Array,
): number {
  const room = kept.length;
  let n = n0;
  let count = acc[0]!;
  let sum = acc[1]!;
  let variance = acc[2]!;
  let r1 = acc[3]!;
  let r2 = acc[4]!;
  let r3 = acc[5]!;
  let r4 = acc[6]!;
  let r5 = acc[7]!;
  let r6 = acc[8]!;
  const tiny = TINY_PROBABILITY; // a local: module bindings are re-checked on every access
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    if (p >= threshold) {
      if (n < room) kept[n] = i - offset;
      body[n++] = p;
    } else if (p < tiny) {
      const q = 1 - p;
      const r = p / q;
      const rr = r * r;
      count++;
      sum += p;
      variance += p * q;
      r1 += r;
      r2 += rr;
      r3 += rr * r;
      r4 += rr * rr;
      r5 += rr * rr * r;
      r6 += rr * rr * rr;
    } else {
      fold.add(p);
    }
  }
  acc[0] = count;
  acc[1] = sum;
  acc[2] = variance;
  acc[3] = r1;
  acc[4] = r2;
  acc[5] = r3;
  acc[6] = r4;
  acc[7] = r5;
  acc[8] = r6;
  return n;
}
