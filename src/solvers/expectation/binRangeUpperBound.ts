import type { OverlapMetric } from '../catalog';

/** Blocks of more pixels than this get their volumes split before being kept in the band. */
export const SPLIT_BLOCKS_ABOVE = 1024;

/** Each piece of a split block spans at most this factor of volumes (plus 16). */
const PIECE_GROWTH = 1.25;

/**
 * {@link binUpperBound} for the volumes that take k = ka…kb pixels (ka ≥ k₀) from the block: the
 * same bound with its small terms taken at this piece's smallest τ and largest C₁. O(1).
 *
 * @example
 * // The whole block, k = 1…1, is binUpperBound's example:
 * binRangeUpperBound('dice', 0, 0, 0, 0, 1, 0.5, 0.25, 0.5, 0.5, 0.5, 0.25, 0, 1, 1); // ≈ 0.589
 */
export function binRangeUpperBound(
  metric: OverlapMetric,
  tauE: number,
  c1e: number,
  c2e: number,
  wE: number,
  n: number,
  binSum: number,
  binSq: number,
  lo: number,
  hi: number,
  mean: number,
  variance: number,
  smooth: number,
  ka: number,
  kb: number,
): number {
  const s = smooth;
  const cap = (k: number) => Math.min(c1e + k * hi, c1e + binSum - (n - k) * lo);
  const main = (k: number) => {
    const c = cap(k);
    const tau = tauE + k;
    if (metric === 'dice') return (2 * c) / (tau + 1 + s + mean);
    const numer = c + s;
    return numer > 0 ? numer / (tau + s + Math.max(0, mean - c)) : 0;
  };
  // C₁ ≤ cap(k), a concave broken line; the main term is linear-fractional along each piece.
  let best = Math.max(main(ka), main(kb));
  if (hi > lo) {
    const kink = (binSum - n * lo) / (hi - lo);
    if (kink > ka && kink < kb) best = Math.max(best, main(kink));
  }
  const t0 = tauE + ka;
  const v = Math.max(0, variance);
  const c1max = cap(kb);
  if (metric === 'dice') {
    const big = t0 + 1 + s + mean;
    const c2max = c2e + Math.min(binSq, kb * hi * hi);
    let extra =
      2 *
      (c2max / (big * big) +
        c2max / (big * big * (big - 1)) +
        (v * c1max) / ((t0 + 1 + s) * (big - 1) * (big - 1)));
    if (s > 0) extra += s / (t0 + s + mean) + (s * v) / ((t0 + s) * (t0 + s + mean) * (t0 + s + mean));
    return best + extra;
  }
  const vB = Math.max(0, v - wE);
  if (vB === 0) return best;
  const den = t0 + s + Math.max(0, mean - c1max);
  return best + ((c1max + s) * vB) / ((t0 + s) * den * den);
}

/**
 * Whether any volume that takes pixels from a large block may reach `floor`: its volumes
 * k₀…n are split into pieces growing by 25 %, each bounded by {@link binRangeUpperBound}. For a
 * block holding most of a slice (the confident interior of a large class) the whole-block bound
 * pairs the smallest τ with the largest C₁ and keeps it, although no volume inside comes close.
 * O(log n).
 *
 * @example
 * // see selectBand
 */
export function splitBlockReaches(
  metric: OverlapMetric,
  tauE: number,
  c1e: number,
  c2e: number,
  wE: number,
  n: number,
  binSum: number,
  binSq: number,
  lo: number,
  hi: number,
  mean: number,
  variance: number,
  smooth: number,
  floor: number,
): boolean {
  let ka = tauE === 0 && smooth === 0 ? 1 : 0;
  while (ka <= n) {
    const kb = Math.min(n, Math.max(ka, Math.floor(ka * PIECE_GROWTH) + 16));
    const bound = binRangeUpperBound(
      metric,
      tauE,
      c1e,
      c2e,
      wE,
      n,
      binSum,
      binSq,
      lo,
      hi,
      mean,
      variance,
      smooth,
      ka,
      kb,
    );
    if (bound >= floor) return true;
    ka = kb + 1;
  }
  return false;
}
