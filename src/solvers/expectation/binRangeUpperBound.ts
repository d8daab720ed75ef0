import type { OverlapMetric } from '../catalog';
import { binUpperBound, mainTerm, smallTerms } from './binUpperBound';

/** Blocks of more pixels than this get their volumes split before being kept in the band. */
const SPLIT_BLOCKS_ABOVE = 1024;

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
  const main = (k: number) => mainTerm(metric, tauE, c1e, n, binSum, lo, hi, mean, s, k);
  // C₁ ≤ min(C₁ₑ + k·hi, C₁ₑ + binSum − (n − k)·lo), a concave broken line; the main term is
  // linear-fractional along each piece.
  let best = Math.max(main(ka), main(kb));
  if (hi > lo) {
    const kink = (binSum - n * lo) / (hi - lo);
    if (kink > ka && kink < kb) best = Math.max(best, main(kink));
  }
  const c1max = Math.min(c1e + kb * hi, c1e + binSum - (n - kb) * lo);
  const c2max = c2e + Math.min(binSq, kb * hi * hi);
  return best + smallTerms(metric, tauE + ka, c1max, c2max, wE, mean, variance, s);
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
function splitBlockReaches(
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

/**
 * Whether a block of the histogram may hold an optimal volume: its {@link binUpperBound} reaches
 * `floor` and, for a block of more than {@link SPLIT_BLOCKS_ABOVE} pixels, one of its pieces does
 * too ({@link splitBlockReaches}). Arguments as binUpperBound's, then `floor`. O(1), or O(log n).
 *
 * @example
 * // One pixel p = 0.5 alone: its bound ≈ 0.589 reaches 0.5, not 0.6.
 * blockReaches('dice', 0, 0, 0, 0, 1, 0.5, 0.25, 0.5, 0.5, 0.5, 0.25, 0, 0.5); // true
 */
export function blockReaches(
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
  const whole = binUpperBound(metric, tauE, c1e, c2e, wE, n, binSum, binSq, lo, hi, mean, variance, smooth);
  if (whole < floor) return false;
  if (n <= SPLIT_BLOCKS_ABOVE) return true;
  return splitBlockReaches(
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
    floor,
  );
}
