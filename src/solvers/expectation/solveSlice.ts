import { KEPT_LIMIT } from '../../kernels/SliceHistogram';
import type { FloatArray } from '../../kernels/types';
import type { OverlapMetric } from '../catalog';
import { bernsteinDeviation, expansionPredicted, TAIL_EXPONENT } from './budget';
import { collectBand } from './collectBand';
import type { ExactWorkspace } from './ExactWorkspace';
import { FOLD_BELOW } from './foldedPmf';
import { gatherBody } from './gatherBody';
import { HISTOGRAM_BINS, probabilityHistogram } from './probabilityHistogram';
import { type BandSelection, selectBand } from './selectBand';
import { type ExactChoice, solveRanked } from './solveRanked';
import { solveTiny } from './solveTiny';
import { sortDescending } from './sortDescending';
import { TINY_SLICE } from './TinyWorkspace';

const selection: BandSelection = { binLo: 0, binHi: 0, lowerBound: 0, mean: 0, variance: 0 };

/** Above this many multiply-adds the pmf path is not chosen up front (the moment path is tried). */
const PMF_BUDGET = 2e6;

/**
 * The exact solver on an unsorted slice (arguments already validated, length ≥ 1), returning
 * how it got there. See solveExactClass for the contract.
 *
 * 1. probabilityHistogram (one pass), selectBand (bounds at bin edges: the band of bins that can
 *    hold the optimum).
 * 2. Route, predicted from μ, σ and the band's smallest volume (expansionPredicted): the
 *    moment expansion's remainder at even order N behaves like (N − 1)!!·(σ/a)ᴺ·a/b
 *    (a = τ + s + μ for Dice, τ + s + μ_B for IoU, b = τ + s); power sums of order 5 (N ≤ 10)
 *    serve medium and large objects. Below that (σ/a ≳ 0.02, small objects) Γ's law is short
 *    and the pmf path is cheaper than more moments. A wrong prediction costs time, never
 *    accuracy: solveRanked escalates and falls back.
 * 3. Moment route: collectBand (one pass: band copied, the rest summarized), sort the band.
 *    Pmf route: gatherBody (one pass: p ≥ min(0.05, band floor) copied, the rest folded), sort.
 * 4. solveRanked.
 *
 * O(d + BINS + band) on the moment route (radix sort); pmf route O(d + n·top),
 * n = pixels ≥ min(0.05, band floor), top ≈ μ + 10σ + 31. Slices of d ≤ `tinyBelow` pixels
 * (default TINY_SLICE) skip all this for the O(d²) programme (solveTiny): the per-image cost of
 * a batch of tiny images is then well under a microsecond.
 *
 * @throws RangeError if a value is NaN or outside [0, 1].
 * @example
 * solveSlice(new ExactWorkspace(), new Float64Array([0.9, 0.6]), 0, 2, 'dice', 0).volume; // 2
 */
export function solveSlice(
  ws: ExactWorkspace,
  data: FloatArray,
  offset: number,
  length: number,
  metric: OverlapMetric,
  smooth: number,
  tinyBelow = TINY_SLICE,
): ExactChoice {
  if (length <= tinyBelow) return solveTiny(ws.tiny, data, offset, length, metric, smooth);
  probabilityHistogram(data, offset, length, ws.hist);
  return solveHistogrammed(ws, data, offset, length, metric, smooth);
}

/**
 * Steps 1 (after the histogram pass, already in `ws.hist`) to 4 of {@link solveSlice}.
 *
 * @example
 * // scanProbabilityHistogram(data, 0, d, ws.hist, totals); then
 * // solveHistogrammed(ws, data, 0, d, 'dice', 0)
 */
export function solveHistogrammed(
  ws: ExactWorkspace,
  data: FloatArray,
  offset: number,
  length: number,
  metric: OverlapMetric,
  smooth: number,
): ExactChoice {
  const hist = ws.hist;
  selectBand(hist, length, metric, smooth, selection);
  const { binLo, binHi, mean, variance } = selection;
  let headCount = 0;
  for (let b = binHi + 1; b < HISTOGRAM_BINS; b++) headCount += hist[3 * b]!;
  let bandCount = 0;
  let massAbove = 0; // Σp over the head and the band
  for (let b = binLo; b < HISTOGRAM_BINS; b++) {
    if (b <= binHi) bandCount += hist[3 * b]!;
    massAbove += hist[3 * b + 1]!;
  }
  // Smallest volume of the band: the largest σ/a and a/b of the expansion.
  const b = headCount + smooth;
  const a = metric === 'dice' ? b + mean : b + Math.max(0, mean - massAbove);
  const den = metric === 'dice' ? b + 1 : b > 0 ? b : 1;
  const moments = expansionPredicted(Math.sqrt(Math.max(0, variance)), a, den);
  const threshold = Math.min(FOLD_BELOW, binLo / HISTOGRAM_BINS);
  const bodyBound = countFrom(hist, threshold); // pixels ≥ threshold, at most
  if (!moments && pmfCost(bodyBound, mean, variance, headCount + bandCount) <= PMF_BUDGET) {
    ws.ensureBody(bodyBound);
    ws.keptValid = bodyBound <= KEPT_LIMIT;
    const kept = ws.keptValid ? ws.ensureKept(bodyBound) : undefined;
    const n = gatherBody(data, offset, length, threshold, ws.body, ws.fold, undefined, 0, 1, kept);
    ws.keptCount = n;
    sortDescending(ws.body, n, ws.ensureSortScratch(n));
    const { head, tail, fold } = ws;
    head.reset(1);
    tail.reset(1);
    tail.count = fold.count;
    tail.sum = fold.sum;
    tail.w[1] = fold.variance;
    const slice = { data, offset, length, band: ws.body, bandLength: n, head, tail, restPruned: true, fold };
    return solveRanked(ws, { ...slice, lowerBound: selection.lowerBound }, metric, smooth)!;
  }
  ws.ensureBand(bandCount);
  ws.keptValid = headCount + bandCount <= KEPT_LIMIT;
  ws.keptCount = headCount + bandCount;
  const kept = ws.keptValid ? ws.ensureKept(headCount + bandCount) : undefined;
  const m = collectBand(data, offset, length, hist, binLo, binHi, ws.band, ws.head, ws.tail, kept);
  sortDescending(ws.band, m, ws.ensureSortScratch(m));
  // restPruned: the bins below the band were ruled out by selectBand, so a choice always exists.
  return solveRanked(
    ws,
    {
      data,
      offset,
      length,
      band: ws.band,
      bandLength: m,
      head: ws.head,
      tail: ws.tail,
      restPruned: true,
      lowerBound: selection.lowerBound,
      headFrom: binHi >= HISTOGRAM_BINS - 1 ? Number.POSITIVE_INFINITY : (binHi + 1) / HISTOGRAM_BINS,
    },
    metric,
    smooth,
  )!;
}

/** Pixels in the bins that can hold values ≥ threshold (an upper bound of their count). */
function countFrom(hist: Float64Array, threshold: number): number {
  let n = 0;
  for (let b = Math.floor(threshold * HISTOGRAM_BINS); b < HISTOGRAM_BINS; b++) n += hist[3 * b]!;
  return n;
}

/** Multiply-adds of the pmf path: body pixels and candidate volumes times the support. */
function pmfCost(body: number, mean: number, variance: number, tauMax: number): number {
  const top = mean + bernsteinDeviation(variance, TAIL_EXPONENT) + 1;
  return (body + 2 * tauMax) * top;
}
