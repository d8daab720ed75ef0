import type { ClassSelection } from '../kernels/ClassSelection';
import type { SliceHistogram } from '../kernels/SliceHistogram';
import { BINS } from '../kernels/SliceRanking';
import type { TopSet } from '../kernels/types';
import type { OverlapMetric } from './catalog';
import { rmaBinUpperBound, rmaObjective } from './rmaObjective';

/** What a Dice/IoU solver chose for one image-class slice (the ranking-based solvers, TRNA). */
export interface ClassChoice {
  top: TopSet;
  /** The solver's objective at its choice. */
  expected: number;
}

/** Per-slice figures: μ, the largest p, and the count and Σp of the pixels with p > ½. */
export interface SliceFigures {
  sum: number;
  max: number;
  halfCount: number;
  halfSum: number;
}

/** Relative slack on bin bounds, far above the float64 rounding of the bin sums. */
const BOUND_SLACK = 1e-12;

/**
 * RankSEG-RMA for one image-class slice (DESIGN §3.2), from its value histogram: the top-τ mask
 * that maximizes the RMA objective, the first maximizer over τ = 1…d (and τ = 0 when smooth > 0).
 *
 * O(BINS) here, after the O(d) histogram pass; no sort, no per-pixel list. The objective is
 * exact at every histogram edge; the best edge bounds the optimum from below, and a bound per
 * bin (rmaBinUpperBound) rules out the bins that cannot beat it. If nothing survives, the best
 * edge is the answer (`sel` gets "p ≥ edge"). Otherwise the surviving bins' hull (a handful of
 * pixels near the optimum, in practice) is left for the output pass to record; {@link finishRma}
 * ranks it. With s = 0 both objectives are threshold rules (select p > λ*) and the histogram's
 * floor only needs to lie below λ*: that is checked here, by bounding the lump of pixels below
 * the floor; false means the lump might hold the optimum and the slice must be scanned again
 * with a lower floor.
 *
 * @param hist - the slice's histogram (SliceHistogram.scan).
 * @param sel - receives the choice, or the hull to record.
 * @returns false when the floor was too high.
 * @example
 * const hist = new SliceHistogram();
 * hist.scan(new Float32Array([0.9, 0.6, 0.2]), 0, 3, 0, 0);
 * const sel = new ClassSelection();
 * solveRma(hist, 'dice', 0, sel); // true: D̃(2) = 3/4.7 is the best edge; 0.6's bin is left
 * // as the hull (sel.pending, sel.hullAbove = 1), settled by finishRma after the output pass
 */
export function solveRma(
  hist: SliceHistogram,
  metric: OverlapMetric,
  smooth: number,
  sel: ClassSelection,
): boolean {
  const { counts, sums, floorBin, binned: kept, binnedSum: keptSum } = hist;
  const d = hist.length;
  const mean = hist.sum;

  // The best edge, first in τ: "every pixel in a bin above kEdge" (kEdge = floorBin − 1: every
  // binned pixel; τ = 0 competes when s > 0). With τ = d it bounds the optimum from below.
  let edgeValue = smooth > 0 ? rmaObjective(metric, 0, 0, mean, smooth) : Number.NEGATIVE_INFINITY;
  let edgeTau = 0;
  let kEdge = BINS - 1;
  let above = 0;
  let aboveSum = 0;
  for (let k = BINS - 1; k >= floorBin; k--) {
    const count = counts[k]!;
    if (count === 0) continue;
    if (above > 0) {
      const value = rmaObjective(metric, above, aboveSum, mean, smooth);
      if (value > edgeValue) {
        edgeValue = value;
        edgeTau = above;
        kEdge = k;
      }
    }
    above += count;
    aboveSum += sums[k]!;
  }
  if (above > 0) {
    const value = rmaObjective(metric, above, aboveSum, mean, smooth);
    if (value > edgeValue) {
      edgeValue = value;
      edgeTau = above;
      kEdge = floorBin - 1;
    }
  }
  let best = Math.max(edgeValue, rmaObjective(metric, 0, 0, mean, smooth));
  if (kept > 0) best = Math.max(best, rmaObjective(metric, kept, keptSum, mean, smooth));
  best = Math.max(best, rmaObjective(metric, d, mean, mean, smooth));
  const floor = best - BOUND_SLACK * Math.abs(best);

  const lumpCount = d - kept;
  if (lumpCount > 0) {
    const lumpSum = Math.max(0, mean - keptSum);
    const lumpTop = floorBin / BINS;
    if (rmaBinUpperBound(metric, kept, keptSum, lumpCount, lumpSum, 0, lumpTop, mean, smooth) >= floor)
      return false;
  }

  // Bins whose interior could beat the best edge.
  let kLo = -1;
  let kHi = -1;
  above = 0;
  aboveSum = 0;
  for (let k = BINS - 1; k >= floorBin; k--) {
    const count = counts[k]!;
    if (count === 0) continue;
    const bound = rmaBinUpperBound(
      metric,
      above,
      aboveSum,
      count,
      sums[k]!,
      k / BINS,
      (k + 1) / BINS,
      mean,
      smooth,
    );
    if (bound >= floor) {
      if (kHi < 0) kHi = k;
      kLo = k;
    }
    above += count;
    aboveSum += sums[k]!;
  }

  if (kHi < 0) {
    sel.setFrom(edgeFrom(kEdge), edgeTau, edgeValue);
    return true;
  }

  // The hull [kLo, kHi] covers the τ of every surviving bin; widened to the best edge's τ (it
  // already is, unless that edge is τ = 0), so the first maximizer lies in its range.
  kLo = Math.min(kLo, kEdge + 1);
  kHi = Math.max(kHi, kEdge);
  let hullAbove = 0;
  let hullAboveSum = 0;
  for (let k = BINS - 1; k > kHi; k--) {
    hullAbove += counts[k]!;
    hullAboveSum += sums[k]!;
  }
  let capacity = 0;
  for (let k = kLo; k <= kHi; k++) capacity += counts[k]!;
  sel.setHull(edgeFrom(kHi), kLo / BINS, hullAbove, hullAboveSum, capacity);
  return true;
}

/** The smallest value of the bins above k (+∞ above the top bin). */
function edgeFrom(k: number): number {
  return k >= BINS - 1 ? Number.POSITIVE_INFINITY : (k + 1) / BINS;
}

/**
 * Settles a hull left by {@link solveRma}: `sorted` holds the recorded hull values sorted
 * descending (ranks hullAbove + 1 … hullAbove + n). Scans τ = hullAbove … hullAbove + n (the
 * first maximizer; τ = hullAbove is the hull's top edge, a candidate when it is > 0 or s > 0).
 * O(n).
 *
 * @example
 * // see solveRma; the API calls it after the output pass
 */
export function finishRma(
  sel: ClassSelection,
  sorted: Float64Array,
  n: number,
  mean: number,
  metric: OverlapMetric,
  smooth: number,
): void {
  const above = sel.hullAbove;
  let bestTau = -1;
  let best = Number.NEGATIVE_INFINITY;
  if (above > 0 || smooth > 0) {
    bestTau = above;
    best = rmaObjective(metric, above, sel.hullAboveSum, mean, smooth);
  }
  let cum = sel.hullAboveSum;
  for (let j = 0; j < n; j++) {
    cum += sorted[j]!;
    const value = rmaObjective(metric, above + j + 1, cum, mean, smooth);
    if (value > best) {
      best = value;
      bestTau = above + j + 1;
    }
  }
  settleSorted(sel, sorted, bestTau, best);
}

/**
 * Settles a hull for the choice τ, given the hull's values sorted descending: the hull pixels
 * above p₍τ₎ and the first ties at p₍τ₎ (index order) are taken. O(ties).
 */
export function settleSorted(sel: ClassSelection, sorted: Float64Array, tau: number, value: number): void {
  const above = sel.hullAbove;
  if (tau <= above) {
    sel.settleHull(Number.POSITIVE_INFINITY, 0, tau, value);
    return;
  }
  const last = tau - above - 1;
  const v = sorted[last]!;
  let first = last;
  while (first > 0 && sorted[first - 1] === v) first--;
  sel.settleHull(v, last - first + 1, tau, value);
}

/**
 * RMA on a short slice whose values are already sorted descending: the first maximizer over
 * τ = 1…d (and 0 when s > 0), set as "p > p₍τ₎ and the first ties at p₍τ₎". O(d).
 *
 * @example
 * const sel = new ClassSelection();
 * solveRmaSorted(new Float64Array([0.9, 0.6, 0.2]), 3, 1.7, 'dice', 0, sel); // sel.volume = 2
 */
export function solveRmaSorted(
  sorted: Float64Array,
  d: number,
  mean: number,
  metric: OverlapMetric,
  smooth: number,
  sel: ClassSelection,
): void {
  let bestTau = -1;
  let best = Number.NEGATIVE_INFINITY;
  if (smooth > 0) {
    bestTau = 0;
    best = rmaObjective(metric, 0, 0, mean, smooth);
  }
  let cum = 0;
  for (let j = 0; j < d; j++) {
    cum += sorted[j]!;
    const value = rmaObjective(metric, j + 1, cum, mean, smooth);
    if (value > best) {
      best = value;
      bestTau = j + 1;
    }
  }
  setSortedChoice(sel, sorted, bestTau, best);
}

/** "p > p₍τ₎ and the first ties at p₍τ₎" for a choice τ on fully sorted values. */
export function setSortedChoice(sel: ClassSelection, sorted: Float64Array, tau: number, value: number): void {
  if (tau === 0) {
    sel.setEmpty(value);
    return;
  }
  const v = sorted[tau - 1]!;
  let first = tau - 1;
  while (first > 0 && sorted[first - 1] === v) first--;
  sel.setTies(v, first, tau, value);
}
