import type { ClassSelection, PassScope } from '../kernels/ClassSelection';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from './catalog';
import { rmaBinUpperBound, rmaObjective } from './rmaObjective';

/** Most hull pixels recorded for one class (12 bytes each, plus a sorted copy): 1 Mi. */
export const HULL_LIMIT = 1 << 20;

/** Sub-bins per refinement. */
const SUB_BINS = 4096;

/** Relative slack on bounds, as in solveRma. */
const BOUND_SLACK = 1e-12;

/**
 * Keeps RMA's hull small whatever the data: when the bins that may hold the optimum hold more
 * than HULL_LIMIT pixels (many pixels sharing a few values — a constant region, quantized
 * probabilities), their value range is histogrammed again, finer (4096 sub-bins with their exact
 * minimum and maximum), the bounds of solveRma are applied to the sub-bins, and the range
 * narrows; repeated until the hull fits. Sub-bins of a single value need no ranking at all: when
 * every surviving sub-bin is one value, the objective is scanned along them directly and the
 * choice becomes "p above the value, and the first ties at it" (index order), settled before
 * the output pass. (A round that rules nothing out — a flat objective over the range — stops
 * the refinement, and the hull is recorded as it is.) Memory: four SUB_BINS-long arrays.
 *
 * @example
 * // the API's RMA: solveRma, then refine when sel.hullCapacity > HULL_LIMIT
 */
export class HullRefiner {
  private readonly counts = new Float64Array(SUB_BINS);
  private readonly sums = new Float64Array(SUB_BINS);
  private readonly mins = new Float64Array(SUB_BINS);
  private readonly maxs = new Float64Array(SUB_BINS);

  /**
   * Narrows `sel`'s hull over `data[offset, offset + length)` (the pixels in `scope`) until it
   * holds at most `limit` pixels or is settled. μ = `mean`. One pass over the scope per round.
   */
  refine(
    data: FloatArray,
    offset: number,
    length: number,
    scope: PassScope,
    sel: ClassSelection,
    mean: number,
    metric: OverlapMetric,
    smooth: number,
    limit: number,
  ): void {
    const { counts, sums, mins, maxs } = this;
    while (sel.pending && sel.hullCapacity > limit) {
      const lo = sel.hullFrom;
      const hi = sel.sureFrom;
      const before = sel.hullCapacity;
      // Monotone sub-bin of p in [lo, hi): equal values share one, order is kept.
      const scale = SUB_BINS / ((Number.isFinite(hi) ? hi : 1) - lo);
      counts.fill(0);
      sums.fill(0);
      mins.fill(Number.POSITIVE_INFINITY);
      maxs.fill(Number.NEGATIVE_INFINITY);
      const { indices, count } = scope;
      const n = indices ? count : length;
      for (let j = 0; j < n; j++) {
        const p = data[offset + (indices ? indices[j]! : j)]!;
        if (p < lo || p >= hi) continue;
        const k = Math.min(SUB_BINS - 1, Math.floor((p - lo) * scale));
        counts[k]!++;
        sums[k]! += p;
        if (p < mins[k]!) mins[k] = p;
        if (p > maxs[k]!) maxs[k] = p;
      }
      this.narrow(sel, mean, metric, smooth);
      // A round that neither drops pixels nor narrows the range (no bin can be ruled out: a flat
      // objective) ends the refinement; the hull is recorded as it is. Otherwise the range
      // shrinks to the values actually in it, so the next round's sub-bins split them.
      if (sel.pending && sel.hullCapacity === before && sel.hullFrom === lo && sel.sureFrom === hi) break;
    }
  }

  /** One round: bounds over the sub-bins; a narrower hull, or the settled choice. */
  private narrow(sel: ClassSelection, mean: number, metric: OverlapMetric, smooth: number): void {
    const { counts, sums, mins, maxs } = this;
    const top = sel.hullAbove;
    const topSum = sel.hullAboveSum;
    // The best edge of the range, first in τ (τ = top is its upper edge, a candidate when > 0
    // or s > 0; kEdge = SUB_BINS − 1 stands for it).
    let edgeValue =
      top > 0 || smooth > 0 ? rmaObjective(metric, top, topSum, mean, smooth) : Number.NEGATIVE_INFINITY;
    let kEdge = SUB_BINS - 1;
    let above = top;
    let aboveSum = topSum;
    for (let k = SUB_BINS - 1; k >= 0; k--) {
      if (counts[k] === 0) continue;
      above += counts[k]!;
      aboveSum += sums[k]!;
      const value = rmaObjective(metric, above, aboveSum, mean, smooth);
      if (value > edgeValue) {
        edgeValue = value;
        kEdge = k - 1;
      }
    }
    const floor = edgeValue - BOUND_SLACK * Math.abs(edgeValue);
    let kLo = -1;
    let kHi = -1;
    above = top;
    aboveSum = topSum;
    for (let k = SUB_BINS - 1; k >= 0; k--) {
      const n = counts[k]!;
      if (n === 0) continue;
      if (rmaBinUpperBound(metric, above, aboveSum, n, sums[k]!, mins[k]!, maxs[k]!, mean, smooth) >= floor) {
        if (kHi < 0) kHi = k;
        kLo = k;
      }
      above += n;
      aboveSum += sums[k]!;
    }
    if (kHi < 0) {
      kLo = kEdge + 1;
      kHi = kEdge;
    } else {
      kLo = Math.min(kLo, kEdge + 1);
      kHi = Math.max(kHi, kEdge);
    }
    // The narrowed range: sub-bins kLo … kHi, pixels above them, their bounds as values.
    let hullAbove = top;
    let hullAboveSum = topSum;
    let sureFrom = sel.sureFrom;
    for (let k = SUB_BINS - 1; k > kHi; k--) {
      if (counts[k] === 0) continue;
      hullAbove += counts[k]!;
      hullAboveSum += sums[k]!;
      sureFrom = mins[k]!;
    }
    let capacity = 0;
    let hullFrom = sureFrom;
    let singleValued = true;
    for (let k = Math.max(0, kLo); k <= kHi; k++) {
      if (counts[k] === 0) continue;
      capacity += counts[k]!;
      hullFrom = Math.min(hullFrom, mins[k]!);
      singleValued &&= mins[k] === maxs[k];
    }
    if (capacity === 0) {
      sel.setFrom(sureFrom, hullAbove, rmaObjective(metric, hullAbove, hullAboveSum, mean, smooth));
      return;
    }
    if (!singleValued) {
      sel.setHull(sureFrom, hullFrom, hullAbove, hullAboveSum, capacity);
      return;
    }
    // Every candidate sub-bin is one value: scan τ along them (the first maximizer).
    let bestTau = -1;
    let best = Number.NEGATIVE_INFINITY;
    if (hullAbove > 0 || smooth > 0) {
      bestTau = hullAbove;
      best = rmaObjective(metric, hullAbove, hullAboveSum, mean, smooth);
    }
    let tau = hullAbove;
    let cum = hullAboveSum;
    let bestValue = Number.NaN;
    let bestAbove = hullAbove;
    for (let k = kHi; k >= Math.max(0, kLo); k--) {
      const n = counts[k]!;
      if (n === 0) continue;
      const v = mins[k]!;
      const before = tau;
      for (let j = 0; j < n; j++) {
        cum += v;
        tau++;
        const value = rmaObjective(metric, tau, cum, mean, smooth);
        if (value > best) {
          best = value;
          bestTau = tau;
          bestValue = v;
          bestAbove = before;
        }
      }
    }
    if (bestTau <= hullAbove) sel.setFrom(sureFrom, bestTau, best);
    else sel.setTies(bestValue, bestAbove, bestTau, best);
  }
}
