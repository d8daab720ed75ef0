import { BINS, type SliceRanking } from '../kernels/SliceRanking';
import type { FloatArray, TopSet } from '../kernels/types';
import type { OverlapMetric } from './catalog';
import { rmaBinUpperBound, rmaObjective } from './rmaObjective';

/** What a Dice/IoU solver chose for one image-class slice. */
export interface ClassChoice {
  top: TopSet;
  /** The solver's objective at its choice. */
  expected: number;
}

/** Per-slice figures from {@link summarizeSlices}. */
export interface SliceFigures {
  sum: number;
  max: number;
  halfCount: number;
  halfSum: number;
}

/** Relative slack on bin bounds, far above the float64 rounding of the bin sums. */
const BOUND_SLACK = 1e-12;

/**
 * RankSEG-RMA for one image-class slice (DESIGN §3.2): the top-τ mask that maximizes the RMA
 * objective, the first maximizer over τ = 1…d (and τ = 0 when smooth > 0).
 *
 * O(d + BINS) without a full sort. With s = 0 both objectives are threshold rules (select p > λ*),
 * and any feasible τ gives a λ ≤ λ*: pixels below it cannot be selected, so they are only
 * counted. The objective is exact at every histogram edge, a bound per bin rules out the bins
 * that cannot beat the best edge, and only the surviving bins' pixels (a handful near the
 * optimum, in practice) are sorted. Should the bound fail to rule out the pixels below the floor
 * (possible only with smooth > 0), the slice is ranked again with no floor.
 *
 * @param ranking - reusable ranking workspace; holds this slice's kept pixels afterwards.
 * @example
 * const p = new Float32Array([0.9, 0.6, 0.2]);
 * const figures = { sum: 1.7, max: 0.9, halfCount: 2, halfSum: 1.5 };
 * solveRma(p, 0, 3, figures, 'dice', 0, new SliceRanking()).top.volume;
 * // 2: D̃ = 3/4.7 beats 1.8/3.7 and 3.4/5.7
 */
export function solveRma(
  data: FloatArray,
  offset: number,
  length: number,
  figures: SliceFigures,
  metric: OverlapMetric,
  smooth: number,
  ranking: SliceRanking,
): ClassChoice {
  ranking.load(data, offset, length, rmaFloor(figures, metric, smooth));
  const choice = searchLoaded(ranking, figures.sum, metric, smooth);
  if (choice) return choice;
  ranking.load(data, offset, length, 0);
  return searchLoaded(ranking, figures.sum, metric, smooth)!;
}

/**
 * A probability below which no pixel should be selected: the threshold of the feasible mask
 * {p > ½} (or the top pixel). Dice: C₀/(τ₀ + μ + 1 + s); IoU: Ĩ₀/(1 + Ĩ₀). Exact lower bounds of
 * λ* when s = 0 (and for IoU with any s); a heuristic for Dice with s > 0, where the bounds check.
 */
function rmaFloor(figures: SliceFigures, metric: OverlapMetric, smooth: number): number {
  const tau = figures.halfCount > 0 ? figures.halfCount : 1;
  const cum = figures.halfCount > 0 ? figures.halfSum : figures.max;
  if (metric === 'dice') return cum / (tau + figures.sum + 1 + smooth);
  const iou = rmaObjective('iou', tau, cum, figures.sum, smooth);
  return iou / (1 + iou);
}

/** The choice on a loaded ranking, or null if the pixels below the floor might hold it. */
function searchLoaded(
  ranking: SliceRanking,
  mean: number,
  metric: OverlapMetric,
  smooth: number,
): ClassChoice | null {
  if (ranking.direct) return scanRun(ranking, ranking.gather(0, BINS - 1), 0, 0, mean, metric, smooth);
  const { counts, sums, floorBin, kept, keptSum } = ranking;
  const d = ranking.size;

  // Best objective over the histogram edges and τ = d: a lower bound of the optimum.
  let best = rmaObjective(metric, 0, 0, mean, smooth);
  let above = 0;
  let aboveSum = 0;
  for (let k = BINS - 1; k >= floorBin; k--) {
    const count = counts[k]!;
    if (count === 0) continue;
    if (above > 0) best = Math.max(best, rmaObjective(metric, above, aboveSum, mean, smooth));
    above += count;
    aboveSum += sums[k]!;
  }
  if (kept > 0) best = Math.max(best, rmaObjective(metric, kept, keptSum, mean, smooth));
  best = Math.max(best, rmaObjective(metric, d, mean, mean, smooth));
  const floor = best - BOUND_SLACK * Math.abs(best);

  const lumpCount = d - kept;
  if (lumpCount > 0) {
    const lumpSum = Math.max(0, mean - keptSum);
    const lumpTop = floorBin / BINS;
    if (rmaBinUpperBound(metric, kept, keptSum, lumpCount, lumpSum, 0, lumpTop, mean, smooth) >= floor)
      return null;
  }

  // Bins whose interior could beat the best edge: their hull [kLo, kHi] is gathered and scanned.
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
  if (kHi < 0) return bestEdge(ranking, mean, metric, smooth, BINS, BINS);

  let hullAbove = 0;
  let hullAboveSum = 0;
  for (let k = BINS - 1; k > kHi; k--) {
    hullAbove += counts[k]!;
    hullAboveSum += sums[k]!;
  }
  const run = ranking.gather(kLo, kHi);
  const inRun = scanRun(ranking, run, hullAbove, hullAboveSum, mean, metric, smooth);
  const edge = bestEdge(ranking, mean, metric, smooth, kLo, kHi);
  // The first maximizer: the edge wins a tie only if it comes first in τ.
  if (
    edge.expected > inRun.expected ||
    (edge.expected === inRun.expected && edge.top.volume < inRun.top.volume)
  ) {
    return edge;
  }
  return inRun;
}

/** Scans a sorted run of ranks (τ = above + 1 … above + run.length), plus τ = 0 if it competes. */
function scanRun(
  ranking: SliceRanking,
  run: Float64Array,
  above: number,
  aboveSum: number,
  mean: number,
  metric: OverlapMetric,
  smooth: number,
): ClassChoice {
  let bestTau = -1;
  let best = Number.NEGATIVE_INFINITY;
  if (above === 0 && smooth > 0) {
    bestTau = 0;
    best = rmaObjective(metric, 0, 0, mean, smooth);
  }
  let cum = aboveSum;
  for (let j = 0; j < run.length; j++) {
    cum += run[j]!;
    const value = rmaObjective(metric, above + j + 1, cum, mean, smooth);
    if (value > best) {
      best = value;
      bestTau = above + j + 1;
    }
  }
  return { top: ranking.topSetFromRun(bestTau, run, above), expected: best };
}

/**
 * The best histogram edge, first in τ: the tops of the binned bins (except those strictly inside
 * the scanned hull kLo…kHi) and the top of the lump below the floor, which is τ = d when the lump
 * is empty. τ = 0 competes only when smooth > 0.
 */
function bestEdge(
  ranking: SliceRanking,
  mean: number,
  metric: OverlapMetric,
  smooth: number,
  kLo: number,
  kHi: number,
): ClassChoice {
  const { counts, sums, floorBin } = ranking;
  let best = smooth > 0 ? rmaObjective(metric, 0, 0, mean, smooth) : Number.NEGATIVE_INFINITY;
  let bestTau = 0;
  let bestBin = BINS - 1;
  let above = 0;
  let aboveSum = 0;
  for (let k = BINS - 1; k >= floorBin - 1; k--) {
    const count = k >= floorBin ? counts[k]! : 0;
    if (count === 0 && k >= floorBin) continue;
    if (above > 0 && (k > kHi || k < kLo || k === kHi)) {
      const value = rmaObjective(metric, above, aboveSum, mean, smooth);
      if (value > best) {
        best = value;
        bestTau = above;
        bestBin = k;
      }
    }
    above += count;
    if (count > 0) aboveSum += sums[k]!;
  }
  return { top: ranking.topSetAboveBin(bestBin, bestTau), expected: best };
}
