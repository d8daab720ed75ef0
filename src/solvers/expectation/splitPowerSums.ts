import type { FloatArray } from '../../kernels/types';
import { MAX_W_POWER } from './bernoulliCumulants';
import { CHUNK } from './budget';
import type { PowerSums } from './powerSums';

/**
 * Recomputes the head and tail summaries of a ranked slice at order MAX_W_POWER = 10 (cumulants
 * up to 21: the escalation of the moment path). The head is the `headCount` largest values, all
 * ≥ `top` (the band's largest); the tail is the `tailCount` smallest, all ≤ `bottom` (the band's
 * smallest). Values strictly above `top` / below `bottom` are summed as they come; the rest of
 * each set (ties with `top` / `bottom`, if any) is added as copies of that value, exact because
 * equal values are interchangeable in a ranking.
 *
 * O(d).
 *
 * @example
 * // Band [0.5]: head = {0.9}, tail = {0.1}.
 * const head = new PowerSums(), tail = new PowerSums();
 * splitPowerSums(new Float64Array([0.9, 0.5, 0.1]), 0, 3, 0.5, 0.5, 1, 1, head, tail); // head.w[1] = 0.09
 */
export function splitPowerSums(
  data: FloatArray,
  offset: number,
  length: number,
  top: number,
  bottom: number,
  headCount: number,
  tailCount: number,
  head: PowerSums,
  tail: PowerSums,
): void {
  head.reset(MAX_W_POWER);
  tail.reset(MAX_W_POWER);
  const acc = ACC;
  acc.fill(0);
  const end = offset + length;
  for (let start = offset; start < end; start += CHUNK) {
    splitChunk(data, start, Math.min(end, start + CHUNK), top, bottom, acc);
  }
  head.count = acc[40]!;
  head.sum = acc[41]!;
  tail.count = acc[42]!;
  tail.sum = acc[43]!;
  for (let k = 1; k <= MAX_W_POWER; k++) {
    head.w[k] = acc[k - 1]!;
    head.v[k] = acc[9 + k]!;
    tail.w[k] = acc[19 + k]!;
    tail.v[k] = acc[29 + k]!;
  }
  if (head.count < headCount) head.addPixel(top, headCount - head.count);
  if (tail.count < tailCount) tail.addPixel(bottom, tailCount - tail.count);
}

const ACC = new Float64Array(44);

/** One chunk: forty power sums in locals (measured faster than array accumulators here). */
function splitChunk(
  data: FloatArray,
  start: number,
  end: number,
  top: number,
  bottom: number,
  acc: Float64Array,
): void {
  let hc = acc[40]!;
  let hs = acc[41]!;
  let tc = acc[42]!;
  let ts = acc[43]!;
  let hw1 = acc[0]!;
  let hw2 = acc[1]!;
  let hw3 = acc[2]!;
  let hw4 = acc[3]!;
  let hw5 = acc[4]!;
  let hw6 = acc[5]!;
  let hw7 = acc[6]!;
  let hw8 = acc[7]!;
  let hw9 = acc[8]!;
  let hw10 = acc[9]!;
  let hv1 = acc[10]!;
  let hv2 = acc[11]!;
  let hv3 = acc[12]!;
  let hv4 = acc[13]!;
  let hv5 = acc[14]!;
  let hv6 = acc[15]!;
  let hv7 = acc[16]!;
  let hv8 = acc[17]!;
  let hv9 = acc[18]!;
  let hv10 = acc[19]!;
  let tw1 = acc[20]!;
  let tw2 = acc[21]!;
  let tw3 = acc[22]!;
  let tw4 = acc[23]!;
  let tw5 = acc[24]!;
  let tw6 = acc[25]!;
  let tw7 = acc[26]!;
  let tw8 = acc[27]!;
  let tw9 = acc[28]!;
  let tw10 = acc[29]!;
  let tv1 = acc[30]!;
  let tv2 = acc[31]!;
  let tv3 = acc[32]!;
  let tv4 = acc[33]!;
  let tv5 = acc[34]!;
  let tv6 = acc[35]!;
  let tv7 = acc[36]!;
  let tv8 = acc[37]!;
  let tv9 = acc[38]!;
  let tv10 = acc[39]!;
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    if (p > top) {
      hc++;
      hs += p;
      const x = p * (1 - p);
      const u = 1 - 2 * p;
      let xk = x;
      hw1 += xk;
      hv1 += u * xk;
      xk *= x;
      hw2 += xk;
      hv2 += u * xk;
      xk *= x;
      hw3 += xk;
      hv3 += u * xk;
      xk *= x;
      hw4 += xk;
      hv4 += u * xk;
      xk *= x;
      hw5 += xk;
      hv5 += u * xk;
      xk *= x;
      hw6 += xk;
      hv6 += u * xk;
      xk *= x;
      hw7 += xk;
      hv7 += u * xk;
      xk *= x;
      hw8 += xk;
      hv8 += u * xk;
      xk *= x;
      hw9 += xk;
      hv9 += u * xk;
      xk *= x;
      hw10 += xk;
      hv10 += u * xk;
    } else if (p < bottom) {
      tc++;
      ts += p;
      const x = p * (1 - p);
      const u = 1 - 2 * p;
      let xk = x;
      tw1 += xk;
      tv1 += u * xk;
      xk *= x;
      tw2 += xk;
      tv2 += u * xk;
      xk *= x;
      tw3 += xk;
      tv3 += u * xk;
      xk *= x;
      tw4 += xk;
      tv4 += u * xk;
      xk *= x;
      tw5 += xk;
      tv5 += u * xk;
      xk *= x;
      tw6 += xk;
      tv6 += u * xk;
      xk *= x;
      tw7 += xk;
      tv7 += u * xk;
      xk *= x;
      tw8 += xk;
      tv8 += u * xk;
      xk *= x;
      tw9 += xk;
      tv9 += u * xk;
      xk *= x;
      tw10 += xk;
      tv10 += u * xk;
    }
  }
  acc[0] = hw1;
  acc[1] = hw2;
  acc[2] = hw3;
  acc[3] = hw4;
  acc[4] = hw5;
  acc[5] = hw6;
  acc[6] = hw7;
  acc[7] = hw8;
  acc[8] = hw9;
  acc[9] = hw10;
  acc[10] = hv1;
  acc[11] = hv2;
  acc[12] = hv3;
  acc[13] = hv4;
  acc[14] = hv5;
  acc[15] = hv6;
  acc[16] = hv7;
  acc[17] = hv8;
  acc[18] = hv9;
  acc[19] = hv10;
  acc[20] = tw1;
  acc[21] = tw2;
  acc[22] = tw3;
  acc[23] = tw4;
  acc[24] = tw5;
  acc[25] = tw6;
  acc[26] = tw7;
  acc[27] = tw8;
  acc[28] = tw9;
  acc[29] = tw10;
  acc[30] = tv1;
  acc[31] = tv2;
  acc[32] = tv3;
  acc[33] = tv4;
  acc[34] = tv5;
  acc[35] = tv6;
  acc[36] = tv7;
  acc[37] = tv8;
  acc[38] = tv9;
  acc[39] = tv10;
  acc[40] = hc;
  acc[41] = hs;
  acc[42] = tc;
  acc[43] = ts;
}
