import type { OverlapMetric } from '../catalog';
import { blockReaches } from './binRangeUpperBound';
import { jensenBound } from './jensenBounds';
import { HISTOGRAM_BINS } from './probabilityHistogram';

/** Relative slack when comparing bounds, far above float64 rounding of the bin sums. */
const BOUND_SLACK = 1e-12;

/** What selectBand found. */
export interface BandSelection {
  /** Lowest and highest bin whose volumes may hold the optimum (binLo ≤ binHi). */
  binLo: number;
  binHi: number;
  /** Best Jensen lower bound over the bin edges. */
  lowerBound: number;
  /** μ = Σp and σ² = Σp(1 − p) of the slice. */
  mean: number;
  variance: number;
}

/**
 * Rules out most volumes from the histogram alone. At each bin edge (τ = pixels in higher bins)
 * C₁, C₂ and Σp(1 − p) are exact, so jensenBound's lower bound is exact there; its best value
 * is a lower bound of the optimum. A bin whose binUpperBound stays below it holds no optimal τ.
 * The surviving bins form the band [binLo, binHi] (their hull), the only pixels to sort.
 *
 * O(BINS).
 *
 * @param hist - count, Σp, Σp(1 − p) per bin (probabilityHistogram).
 * @param length - d ≥ 1.
 * @param metric - 'dice' or 'iou'.
 * @param smooth - s ≥ 0.
 * @param out - receives the selection.
 * @example
 * // See solveExactClass.
 */
export function selectBand(
  hist: Float64Array,
  length: number,
  metric: OverlapMetric,
  smooth: number,
  out: BandSelection,
): void {
  const s = smooth;
  let mean = 0;
  let variance = 0;
  for (let b = 0; b < HISTOGRAM_BINS; b++) {
    mean += hist[3 * b + 1]!;
    variance += hist[3 * b + 2]!;
  }
  let lb = Number.NEGATIVE_INFINITY;
  let tauE = 0;
  let c1 = 0;
  let c2 = 0;
  let we = 0;
  for (let b = HISTOGRAM_BINS - 1; b >= 0; b--) {
    const n = hist[3 * b]!;
    if (n === 0) continue;
    if (tauE > 0 || s > 0) {
      const v = metric === 'dice' ? variance : variance - we;
      lb = Math.max(lb, jensenBound(metric, tauE, c1, c2, mean, v, s, false));
    }
    tauE += n;
    c1 += hist[3 * b + 1]!;
    c2 += hist[3 * b + 1]! - hist[3 * b + 2]!;
    we += hist[3 * b + 2]!;
  }
  {
    const v = metric === 'dice' ? variance : variance - we;
    lb = Math.max(lb, jensenBound(metric, length, c1, c2, mean, v, s, false));
  }
  const floor = lb - BOUND_SLACK * Math.abs(lb);
  let binLo = -1;
  let binHi = -1;
  tauE = 0;
  c1 = 0;
  c2 = 0;
  we = 0;
  for (let b = HISTOGRAM_BINS - 1; b >= 0; b--) {
    const n = hist[3 * b]!;
    if (n === 0) continue;
    const sum = hist[3 * b + 1]!;
    const wsum = hist[3 * b + 2]!;
    const hi = Math.min(1, (b + 1) / HISTOGRAM_BINS);
    // A large block kept whole by its bound is looked at piece by piece.
    const lo = b / HISTOGRAM_BINS;
    const reaches = blockReaches(
      metric,
      tauE,
      c1,
      c2,
      we,
      n,
      sum,
      sum - wsum,
      lo,
      hi,
      mean,
      variance,
      s,
      floor,
    );
    if (reaches) {
      if (binHi < 0) binHi = b;
      binLo = b;
    }
    tauE += n;
    c1 += sum;
    c2 += sum - wsum;
    we += wsum;
  }
  if (binHi < 0) {
    // Unreachable with consistent bounds; keep everything.
    binLo = 0;
    binHi = HISTOGRAM_BINS - 1;
  }
  out.binLo = binLo;
  out.binHi = binHi;
  out.lowerBound = lb;
  out.mean = mean;
  out.variance = variance;
}
