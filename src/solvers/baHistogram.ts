import type { ClassSelection } from '../kernels/ClassSelection';
import type { Correlator } from '../kernels/Correlator';
import { KEPT_LIMIT, type SliceHistogram } from '../kernels/SliceHistogram';
import { BINS } from '../kernels/SliceRanking';
import type { MomentScan } from '../kernels/scanMoments';
import type { FloatArray } from '../kernels/types';
import { fillRefinedNormalPmf } from '../stats/fillRefinedNormalPmf';
import { poissonBinomialSd, poissonBinomialSkew } from '../stats/poissonBinomialMoments';
import { refinedNormalInterval } from '../stats/refinedNormalInterval';
import { jensenHigh, jensenLow, reciprocalMean } from './ba';
import { beatsAtSinglePrecision } from './rankDiceProblem';
import { settleSorted } from './rma';

/** Relative slack on bounds: far above float64 rounding, far below float32 resolution. */
const SLACK = 1e-12;

/** State of one BA solve between {@link chooseBa} and {@link finishBa}, and reusable buffers. */
export class BaHistogramWorkspace {
  pmf = new Float64Array(256);
  reciprocal = new Float64Array(1024);
  overlap = new Float64Array(1024);
  smoothing = new Float64Array(1024);
  cum = new Float64Array(1024);
  lower = 0;
  width = 0;
  /** Mean and variance of the truncated pmf (Jensen bounds). */
  pmfMean = Number.NaN;
  pmfVariance = Number.NaN;
  /** D_BA(0) = s·Σₖ π(k)/(k + s) (0 when s = 0). */
  value0 = Number.NaN;
  /** Best Jensen lower bound from the histogram edges (volumes known to be ≤ τ_up). */
  bestLower = Number.NaN;
  length = 0;
  /** τ_up lies in [tauUpLo, tauUpHi]; `exactTauUp`: the hull holds the ranks to settle it. */
  tauUpLo = 0;
  tauUpHi = 0;
  exactTauUp = false;

  reservePmf(width: number): Float64Array {
    if (this.pmf.length < width) this.pmf = new Float64Array(2 * width);
    return this.pmf.subarray(0, width);
  }

  reserve(n: number): void {
    if (this.reciprocal.length < n) {
      this.reciprocal = new Float64Array(2 * n);
      this.overlap = new Float64Array(2 * n);
      this.smoothing = new Float64Array(2 * n);
      this.cum = new Float64Array(2 * n);
    }
  }
}

/**
 * BA (DESIGN §3.3) for one image-class slice, without sorting it: the first maximizer at single
 * precision of D_BA(τ) = 2C(τ)·Σₖ π(k)/(k + τ + 1 + s) + s·Σₖ π(k)/(k + τ + s) over
 * τ = 0 … τ_up, the same choice as {@link solveBa} on a full ranking.
 *
 * From the moments (`scan`) the refined-normal pmf π; one histogram pass over the pixels with
 * p ≥ C₀/(2d + s) (no other pixel can rank within τ_up, see prepareRankDice). With X = k + a
 * over π (mean m, variance v), 1/(a + m) ≤ E[1/X] ≤ (1 + v/((a + m)(a + lq)))/(a + m), where the
 * bracket falls with a; at histogram edges C(τ) is exact, inside a bin it is at most the
 * broken line of rmaBinUpperBound. So each bin gets an upper bound on D_BA, the edges a lower
 * bound of the optimum, and only bins that can reach it (in float32) are kept: their hull is
 * recorded by the output pass and ranked by {@link finishBa}. τ_up (JMLR Lemma 3: the first
 * τ with C(τ) ≥ (τ + s + d)·p₍τ+1₎) is bracketed from the histogram the same way, and settled
 * from the hull when the candidates reach it.
 *
 * O(d) for the pass, O(BINS) here.
 *
 * @param hist - workspace histogram (scanned here).
 * @example
 * // the API's 'ba' solver: scanMoments, chooseBa, the output pass, finishBa
 */
export function chooseBa(
  data: FloatArray,
  offset: number,
  length: number,
  scan: MomentScan,
  smooth: number,
  eps: number,
  hist: SliceHistogram,
  ws: BaHistogramWorkspace,
  sel: ClassSelection,
): void {
  const d = length;
  const s = smooth;
  const sd = poissonBinomialSd(scan.variance);
  const skew = poissonBinomialSkew(scan.thirdCentral, scan.variance);
  // DESIGN §3.3 keeps the inclusive support [lq, uq]; fillRefinedNormalPmf takes one past it.
  const { lower, upper: last } = refinedNormalInterval(eps, scan.mean, sd, skew, d);
  const upper = last + 1;
  const width = Math.max(1, upper - lower);
  const pmf = ws.reservePmf(width);
  const mass = upper > lower ? fillRefinedNormalPmf(pmf, lower, upper, scan.mean, sd, skew) : 0;
  if (!(mass > 0)) {
    // The normal approximation collapsed: a point mass at μ rounded into the support.
    pmf.fill(0);
    pmf[Math.min(width - 1, Math.max(0, Math.round(scan.mean) - lower))] = 1;
  }
  let m = 0;
  for (let k = 0; k < width; k++) m += pmf[k]! * (lower + k);
  let v = 0;
  for (let k = 0; k < width; k++) v += pmf[k]! * (lower + k - m) ** 2;
  ws.lower = lower;
  ws.width = width;
  ws.pmfMean = m;
  ws.pmfVariance = v;
  ws.length = d;
  ws.value0 = s > 0 ? s * reciprocalMean(pmf, lower, width, s) : 0;

  const top = scan.halfCount > 0 ? scan.halfSum : scan.max;
  let floor = top / (2 * d + s);
  // Every p > ½ is binned (floor ≤ ½): when they alone overflow the index list, keep none.
  const keep = scan.halfCount <= KEPT_LIMIT ? KEPT_LIMIT : 0;
  for (;;) {
    hist.scan(data, offset, d, floor, keep);
    if (bracketTauUp(hist, s, ws)) break;
    floor = 0; // the pixels below the floor might rank within τ_up (float rounding): keep them all
  }
  chooseHull(hist, s, ws, sel);
}

/**
 * Brackets τ_up from the histogram: `tauUpLo` = where the condition first can hold, `tauUpHi` =
 * where it surely holds (d if nowhere). False when the floor leaves it undecided.
 */
function bracketTauUp(hist: SliceHistogram, s: number, ws: BaHistogramWorkspace): boolean {
  const { counts, sums, floorBin } = hist;
  const d = hist.length;
  let above = 0;
  let aboveSum = 0;
  let lo = -1;
  for (let k = BINS - 1; k >= floorBin; k--) {
    const n = counts[k]!;
    if (n === 0) continue;
    const binLo = k / BINS;
    const binHi = k === BINS - 1 ? 1 : (k + 1) / BINS;
    // The condition at τ = above … above + n − 1 (p₍τ+1₎ in this bin), τ in 1 … d − 1.
    if (above >= 1 && above <= d - 1 && aboveSum >= (above + s + d) * binHi * (1 + SLACK)) {
      if (lo < 0) lo = above;
      ws.tauUpLo = Math.max(1, lo);
      ws.tauUpHi = above;
      return true;
    }
    if (lo < 0 && above + n - 1 >= 1) {
      const possible = aboveSum + (n - 1) * (binHi - binLo) >= (above + s + d) * binLo * (1 - SLACK);
      if (possible) lo = above;
    }
    above += n;
    aboveSum += sums[k]!;
  }
  if (lo < 0) lo = above;
  ws.tauUpLo = Math.max(1, lo);
  if (above >= d) {
    ws.tauUpHi = d;
    return true;
  }
  // Below the binned pixels every p is < floorBin/BINS.
  if (above >= 1 && aboveSum >= (above + s + d) * (floorBin / BINS) * (1 + SLACK)) {
    ws.tauUpHi = above;
    return true;
  }
  return false;
}

/** Bounds per bin against the best edge; the hull to record, or the final choice. */
function chooseHull(hist: SliceHistogram, s: number, ws: BaHistogramWorkspace, sel: ClassSelection): void {
  const { counts, sums, floorBin } = hist;
  const { pmfMean: m, pmfVariance: v, lower, tauUpLo, tauUpHi } = ws;
  // Edges τ ≤ τ_upLo are valid volumes (≤ τ_up): their Jensen lower bounds are exact in C.
  let bestEdge = 0;
  let above = 0;
  let aboveSum = 0;
  for (let k = BINS - 1; k >= floorBin; k--) {
    const n = counts[k]!;
    if (n === 0) continue;
    above += n;
    aboveSum += sums[k]!;
    if (above > tauUpLo) break;
    const low = 2 * aboveSum * jensenLow(above + 1 + s, m) + s * jensenLow(above + s, m);
    if (low > bestEdge) bestEdge = low;
  }
  const bestLower = Math.max(ws.value0, bestEdge);
  ws.bestLower = bestLower;
  const reach = Math.fround(bestLower * (1 - SLACK));

  // Bins (τ = above + 1 … above + n, within τ_upHi) whose upper bound reaches the best lower.
  let kLo = -1;
  let kHi = -1;
  above = 0;
  aboveSum = 0;
  for (let k = BINS - 1; k >= floorBin; k--) {
    const n = counts[k]!;
    if (n === 0) continue;
    if (above + 1 > tauUpHi) break;
    const binSum = sums[k]!;
    const binLo = k / BINS;
    const binHi = k === BINS - 1 ? 1 : (k + 1) / BINS;
    const kink = Math.min(n, Math.max(1, (binSum - n * binLo) / (binHi - binLo)));
    const first = Math.min(aboveSum + binHi, aboveSum + binSum - (n - 1) * binLo);
    const atKink = Math.min(aboveSum + kink * binHi, aboveSum + binSum - (n - kink) * binLo);
    const a = above + 1 + s + m; // (τ + 1 + s) + m at j = 0
    const overlap = Math.max(first / (a + 1), atKink / (a + kink), (aboveSum + binSum) / (a + n));
    const y1 = a + 1;
    const factor = 1 + v / (y1 * (above + 2 + s + lower));
    const bound = 2 * overlap * factor + s * jensenHigh(above + 1 + s, m, v, lower);
    if (Math.fround(bound * (1 + SLACK)) >= reach) {
      if (kHi < 0) kHi = k;
      kLo = k;
    }
    above += n;
    aboveSum += binSum;
  }
  if (kHi < 0) {
    // No volume ≥ 1 reaches D_BA(0): the empty mask (τ = 0 comes first).
    sel.setEmpty(ws.value0);
    return;
  }
  // τ = 0 might still be the first maximizer unless an edge beats it in float32: then nothing
  // can be selected for sure.
  if (!beatsAtSinglePrecision(bestEdge, ws.value0)) kHi = BINS - 1;

  // Where τ_up matters, the hull also holds the ranks that settle it.
  let hullBottom = 0; // volumes the hull reaches: pixels in bins ≥ kLo
  for (let k = kLo; k < BINS; k++) hullBottom += counts[k]!;
  ws.exactTauUp = hullBottom >= tauUpLo;
  if (ws.exactTauUp) {
    let count = 0;
    for (let k = BINS - 1; k >= floorBin; k--) {
      const n = counts[k]!;
      if (n === 0) continue;
      // The bin holding rank τ_upLo + 1 and every bin down to rank τ_upHi.
      if (count + n >= tauUpLo + 1 && count < tauUpLo + 1) kHi = Math.max(kHi, k);
      if (count < tauUpHi) kLo = Math.min(kLo, k);
      count += n;
    }
  }
  let hullAbove = 0;
  let hullAboveSum = 0;
  for (let k = BINS - 1; k > kHi; k--) {
    hullAbove += counts[k]!;
    hullAboveSum += sums[k]!;
  }
  let capacity = 0;
  for (let k = kLo; k <= kHi; k++) capacity += counts[k]!;
  const sureFrom = kHi >= BINS - 1 ? Number.POSITIVE_INFINITY : (kHi + 1) / BINS;
  sel.setHull(sureFrom, kLo / BINS, hullAbove, hullAboveSum, capacity);
}

/**
 * Settles the hull of {@link chooseBa}: `sorted` = the recorded hull values sorted descending
 * (ranks hullAbove + 1 … hullAbove + n). τ_up from the ranks when needed; per-τ Jensen bounds
 * with exact C(τ) narrow the candidates; one correlation scores them (DESIGN §3.3).
 * O(n + width) plus the correlation.
 *
 * @example
 * // see chooseBa
 */
export function finishBa(
  sel: ClassSelection,
  sorted: Float64Array,
  n: number,
  smooth: number,
  correlator: Correlator,
  ws: BaHistogramWorkspace,
): void {
  const s = smooth;
  const d = ws.length;
  const A = sel.hullAbove;
  ws.reserve(n + ws.width + 2);
  const cum = ws.cum; // cum[j] = C(A + j)
  cum[0] = sel.hullAboveSum;
  for (let j = 1; j <= n; j++) cum[j] = cum[j - 1]! + sorted[j - 1]!;

  let tauUp = A + n;
  if (ws.exactTauUp) {
    tauUp = ws.tauUpHi;
    const from = Math.max(1, ws.tauUpLo, A);
    const to = Math.min(ws.tauUpHi - 1, A + n - 1, d - 1);
    for (let tau = from; tau <= to; tau++) {
      if (cum[tau - A]! >= (tau + s + d) * sorted[tau - A]!) {
        tauUp = tau;
        break;
      }
    }
  }
  const tauFrom = Math.max(1, A);
  const tauTo = Math.min(A + n, tauUp);
  const { pmfMean: m, pmfVariance: v, lower, width } = ws;
  let bestLower = ws.bestLower;
  for (let tau = tauFrom; tau <= tauTo; tau++) {
    const c = cum[tau - A]!;
    const low = 2 * c * jensenLow(tau + 1 + s, m) + s * jensenLow(tau + s, m);
    if (low > bestLower) bestLower = low;
  }
  // Rounding is monotone: fround(upper) < fround(bestLower) means τ cannot even tie the best.
  const reach = Math.fround(bestLower);
  let first = 0;
  let last = -1;
  for (let tau = tauFrom; tau <= tauTo; tau++) {
    const c = cum[tau - A]!;
    const high = 2 * c * jensenHigh(tau + 1 + s, m, v, lower) + s * jensenHigh(tau + s, m, v, lower);
    if (Math.fround(high) >= reach) {
      if (first === 0) first = tau;
      last = tau;
    }
  }

  // τ = 0 always competes (scoring 0 when s = 0), as in the reference.
  let bestTau = 0;
  let best = ws.value0;
  if (first > 0) {
    const count = last - first + 1;
    const pmf = ws.pmf.subarray(0, width);
    // overlap[j] = Σₖ π(k)/(lower + k + first + j + 1 + s); smoothing[j] the same with + s.
    const reciprocal = ws.reciprocal;
    const base = lower + first + s;
    for (let i = 0; i < width + count; i++) reciprocal[i] = 1 / (base + 1 + i);
    correlator.correlate(pmf, reciprocal.subarray(0, width + count - 1), ws.overlap, count);
    if (s > 0) {
      for (let i = 0; i < width + count; i++) reciprocal[i] = 1 / (base + i);
      correlator.correlate(pmf, reciprocal.subarray(0, width + count - 1), ws.smoothing, count);
    }
    for (let j = 0; j < count; j++) {
      const tau = first + j;
      const value = 2 * cum[tau - A]! * ws.overlap[j]! + (s > 0 ? s * ws.smoothing[j]! : 0);
      if (beatsAtSinglePrecision(value, best)) {
        best = value;
        bestTau = tau;
      }
    }
  }
  settleSorted(sel, sorted, bestTau, best);
}
