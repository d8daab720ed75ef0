/**
 * Monte Carlo Dice and IoU: the realized scores of several masks over label draws from the
 * model's own probabilities, the check that `expectedScore` is what one actually gets on average;
 * and the mean ± standard error of such draws.
 *
 * @module
 */

import type { FloatArray } from '../../kernels/types';
import { seedState } from '../common/random';

/** Options of {@link monteCarloScores}. */
export interface MonteCarloOptions {
  /** Number of label draws T, ≥ 1. */
  draws: number;
  /** PRNG seed (any integer). */
  seed: number;
  /** Independent stream under the seed, e.g. the slice index b·C + c. */
  stream: number;
  /** s ≥ 0 added to numerator and denominator of Dice and IoU. */
  smooth: number;
}

/** 2³²: a uniform 32-bit integer w is below p·2³² with probability p. */
const TWO_32 = 4294967296;
/** 2³¹, the offset that maps [0, 2³²) onto the int32 range. */
const HALF = 2147483648;
/** Tiers of small p (and of small 1 − p): r = 2⁻ᵏ for k = 4…32. */
const TIERS = 29;
/** Segments of a pattern group: mid-range, TIERS tiers of p, TIERS tiers of q = 1 − p. */
const SEGMENTS = 1 + 2 * TIERS;
/** Below this, p (or 1 − p) is drawn by thinning rather than pixel by pixel. */
const SMALL = 1 / 16;

/** Segment of an uncertain pixel within its group: 0 mid-range, 1…TIERS tiers of p, then of q. */
function segmentWithin(p: number): number {
  if (p < SMALL) return tierOf(p);
  const q = 1 - p;
  if (q < SMALL) return TIERS + tierOf(q);
  return 0;
}

/** Tier 1…TIERS of a value 0 < v < 1/16: the k = 3 + tier with v ≤ 2⁻ᵏ < 2v (k capped at 32). */
function tierOf(v: number): number {
  let k = Math.min(32, Math.floor(-Math.log2(v)));
  if (v > 2 ** -k) k -= 1; // log2 rounding next to a power of two
  return k - 3;
}

/** The rate r = 2⁻ᵏ of a tier segment (1…TIERS for p, TIERS + 1… for q). */
function tierRate(within: number): number {
  return 2 ** -(((within - 1) % TIERS) + 4);
}

/**
 * Realized Dice and IoU of K masks on one image-class slice, for T label draws
 * Yᵢ ~ Bernoulli(pᵢ) (independent pixels, the model `expectedScore` scores), all masks scored on
 * the same draws (common random numbers: their differences have a much smaller error than each):
 *
 *   Dice_k(Y) = (2|A_k ∩ Y| + s)/(|A_k| + |Y| + s),  IoU_k(Y) = (|A_k ∩ Y| + s)/(|A_k ∪ Y| + s),
 *
 * 0/0 counted as 0 (as `expectedScore` does). The mean over draws estimates the exact expected
 * score with standard error sd/√T.
 *
 * Work: pixels with p = 0 or p = 1 are not drawn (their label is certain: float16 model outputs
 * hold many). Pixels are grouped by their mask pattern (which of the K masks hold them); a draw
 * only counts the successes per group, then |A_k ∩ Y| = certain part + Σ of the groups in mask k,
 * O(K·G) per draw for G patterns. Within a group:
 * - pixels with 1/16 ≤ p ≤ 15/16 cost one xorshift128 step and one compare each: Yᵢ = [w < p·2³²]
 *   for a uniform 32-bit w (exact for p a multiple of 2⁻³², which every float16 value and every
 *   float32 value ≥ 2⁻⁹ is; otherwise off by less than 2⁻³²);
 * - pixels with p < 1/16 fall in tiers p ∈ (r/2, r], r = 2⁻ᵏ (k = 4…32; the last tier takes all
 *   p ≤ 2⁻³²). A tier is thinned: candidates come at rate r by geometric skips
 *   ⌊ln u / ln(1 − r)⌋, each accepted with probability pᵢ/r ≥ ½, so Yᵢ ~ Bernoulli(pᵢ) exactly and a
 *   draw costs O(n·r + 1) per tier instead of O(n) — softmax outputs are mostly such pixels;
 * - pixels with 1 − p < 1/16 the same way on q = 1 − p, counting the misses.
 * Total O(d + T·(m + Σ n_tier·r_tier + tiers + K·G)), m = mid-range pixels.
 *
 * @param probs - probabilities in [0, 1] (not modified).
 * @param offset - index of the slice's first pixel in `probs`.
 * @param length - d, pixels in the slice.
 * @param patterns - `[d]`: bit k set iff pixel i of the slice is in mask k (not modified).
 * @param masks - K, 1 ≤ K ≤ 32.
 * @param options - draws, seed, stream, smooth.
 * @param dice - output `[K·T]`: entry k·T + t is mask k's Dice on draw t (written).
 * @param iou - output `[K·T]`, same layout (written).
 * @throws {RangeError} for a probability outside [0, 1] (NaN included), K outside 1…32, T < 1,
 *   or output arrays shorter than K·T.
 * @example
 * ```ts
 * // one pixel at p = 0.5 in mask 0, not in mask 1: Dice_0 is 1 or 0, Dice_1 always 0
 * const dice = new Float64Array(2 * 1000);
 * const iou = new Float64Array(2 * 1000);
 * monteCarloScores(new Float64Array([0.5]), 0, 1, new Uint32Array([1]), 2,
 *   { draws: 1000, seed: 1, stream: 0, smooth: 0 }, dice, iou);
 * // mean of dice[0..999] ≈ 0.5, dice[1000..1999] all 0
 * ```
 */
export function monteCarloScores(
  probs: FloatArray,
  offset: number,
  length: number,
  patterns: Uint32Array,
  masks: number,
  options: MonteCarloOptions,
  dice: Float64Array,
  iou: Float64Array,
): void {
  const K = masks;
  const T = options.draws;
  const s = options.smooth;
  if (!Number.isInteger(K) || K < 1 || K > 32) throw new RangeError(`masks must be 1…32; got ${K}`);
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`options.draws must be an integer >= 1; got ${T}`);
  if (dice.length < K * T || iou.length < K * T) {
    throw new RangeError(`dice and iou need ${K * T} entries (masks × draws)`);
  }

  // Pass 1: one group per distinct pattern; per group all pixels and the certain positives;
  // per pixel its segment: group · SEGMENTS + (0 mid-range, 1 + tier of p, 1 + TIERS + tier of q).
  const groupOf = new Map<number, number>();
  const groupPattern: number[] = [];
  const all: number[] = [];
  const sure: number[] = [];
  const segmentOf = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const p = probs[offset + i]!;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probs[${offset + i}] = ${p} is not a probability`);
    const pattern = patterns[i]! >>> 0;
    let g = groupOf.get(pattern);
    if (g === undefined) {
      g = groupPattern.length;
      groupOf.set(pattern, g);
      groupPattern.push(pattern);
      all.push(0);
      sure.push(0);
    }
    all[g]! += 1;
    if (p === 1) sure[g]! += 1;
    segmentOf[i] = p === 0 || p === 1 ? -1 : g * SEGMENTS + segmentWithin(p);
  }
  const G = groupPattern.length;

  // Mask sizes |A_k| and the certain part of |A_k ∩ Y| and |Y|.
  const size = new Float64Array(K);
  const sureInter = new Float64Array(K);
  let sureY = 0;
  for (let g = 0; g < G; g++) {
    sureY += sure[g]!;
    for (let k = 0; k < K; k++) {
      if ((groupPattern[g]! >>> k) & 1) {
        size[k]! += all[g]!;
        sureInter[k]! += sure[g]!;
      }
    }
  }

  // Pass 2: pixels sorted by segment (counting sort); per pixel the int32 acceptance threshold
  // ⌈a·2³²⌉ − 2³¹ compared with w − 2³¹ (w with its top bit flipped): a = p mid-range, pᵢ/r or qᵢ/r
  // in a tier. An integer w is below a·2³² iff it is below ⌈a·2³²⌉; a near 1 is capped at 1 − 2⁻³².
  const count = new Int32Array(G * SEGMENTS + 1);
  for (let i = 0; i < length; i++) if (segmentOf[i]! >= 0) count[segmentOf[i]! + 1]! += 1;
  for (let j = 1; j <= G * SEGMENTS; j++) count[j]! += count[j - 1]!;
  const fill = count.slice(0, G * SEGMENTS);
  const threshold = new Int32Array(count[G * SEGMENTS]!);
  for (let i = 0; i < length; i++) {
    const segment = segmentOf[i]!;
    if (segment < 0) continue;
    const p = probs[offset + i]!;
    const within = segment % SEGMENTS;
    const accept = within === 0 ? p : (within <= TIERS ? p : 1 - p) / tierRate(within);
    threshold[fill[segment]!++] = Math.min(Math.ceil(accept * TWO_32), TWO_32 - 1) - HALF;
  }
  // The non-empty segments, in order.
  const segGroup: number[] = [];
  const segStart: number[] = [];
  const segEnd: number[] = [];
  const segKind: number[] = []; // 0 mid-range, 1 tier of p, 2 tier of q
  const segInvLog: number[] = []; // 1/ln(1 − r) < 0 for a tier
  for (let j = 0; j < G * SEGMENTS; j++) {
    if (count[j + 1] === count[j]) continue;
    const within = j % SEGMENTS;
    segGroup.push(Math.floor(j / SEGMENTS));
    segStart.push(count[j]!);
    segEnd.push(count[j + 1]!);
    segKind.push(within === 0 ? 0 : within <= TIERS ? 1 : 2);
    segInvLog.push(within === 0 ? 0 : 1 / Math.log1p(-tierRate(within)));
  }
  const S = segGroup.length;

  const state = seedState(options.seed, options.stream);
  // xorshift128 words kept in int32 locals (the bits are what matter); the step is written out
  // where it is used, a function call per pixel would cost more than the step
  let x = state[0]! | 0;
  let y = state[1]! | 0;
  let z = state[2]! | 0;
  let w = state[3]! | 0;
  const hits = new Float64Array(G);
  for (let t = 0; t < T; t++) {
    hits.fill(0);
    for (let j = 0; j < S; j++) {
      let n = 0;
      const begin = segStart[j]!;
      const end = segEnd[j]!;
      if (segKind[j] === 0) {
        for (let i = begin; i < end; i++) {
          const u = x ^ (x << 11);
          x = y;
          y = z;
          z = w;
          w = w ^ (w >>> 19) ^ (u ^ (u >>> 8));
          n += +((w ^ HALF) < threshold[i]!); // +true = 1: branch-free (the outcome is a coin flip)
        }
      } else {
        const invLog = segInvLog[j]!;
        let i = begin - 1;
        for (;;) {
          let u = x ^ (x << 11);
          x = y;
          y = z;
          z = w;
          w = w ^ (w >>> 19) ^ (u ^ (u >>> 8));
          // uniform in (0, 1]: the gap to the next candidate is Geometric(r) on {0, 1, …}
          i += 1 + Math.floor(Math.log(((w >>> 0) + 1) / TWO_32) * invLog);
          if (i >= end) break;
          u = x ^ (x << 11);
          x = y;
          y = z;
          z = w;
          w = w ^ (w >>> 19) ^ (u ^ (u >>> 8));
          n += +((w ^ HALF) < threshold[i]!);
        }
        if (segKind[j] === 2) n = end - begin - n; // misses were counted
      }
      hits[segGroup[j]!]! += n;
    }
    let labels = sureY;
    for (let g = 0; g < G; g++) labels += hits[g]!;
    for (let k = 0; k < K; k++) {
      let inter = sureInter[k]!;
      for (let g = 0; g < G; g++) if ((groupPattern[g]! >>> k) & 1) inter += hits[g]!;
      const a = size[k]!;
      const diceDen = a + labels + s;
      const iouDen = a + labels - inter + s;
      // 0/0 (empty mask, no labels, s = 0) counts as 0, as in expectedScore
      dice[k * T + t] = diceDen === 0 ? 0 : (2 * inter + s) / diceDen;
      iou[k * T + t] = iouDen === 0 ? 0 : (inter + s) / iouDen;
    }
  }
}

/** A Monte Carlo estimate. */
export interface Estimate {
  /** Sample mean. */
  mean: number;
  /** Standard error of the mean: sample sd (n − 1 denominator) / √n; NaN for n < 2. */
  se: number;
}

/**
 * Mean and standard error of `values[offset … offset + n)`: x̄ = Σx/n, se = √(Σ(x − x̄)²/(n − 1))/√n.
 * Two passes (the centred sum of squares has no cancellation). O(n).
 *
 * @throws {RangeError} when n < 1 or the range exceeds the array.
 * @example
 * ```ts
 * meanAndError(new Float64Array([1, 2, 3, 4]), 0, 4); // { mean: 2.5, se: 0.6454972243679028 }
 * ```
 */
export function meanAndError(values: ArrayLike<number>, offset: number, n: number): Estimate {
  if (!Number.isInteger(n) || n < 1 || offset < 0 || offset + n > values.length) {
    throw new RangeError(`meanAndError: range [${offset}, ${offset + n}) of ${values.length} values`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[offset + i]!;
  const mean = sum / n;
  if (n < 2) return { mean, se: Number.NaN };
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[offset + i]! - mean;
    squares += d * d;
  }
  return { mean, se: Math.sqrt(squares / (n - 1) / n) };
}
