import type { FloatArray } from '../../kernels/types';
import type { OverlapMetric } from '../catalog';
import { bernoulliCumulantMagnitudes, bernoulliCumulants, MAX_W_POWER } from './bernoulliCumulants';
import { binUpperBound } from './binUpperBound';
import { EXACT_TOLERANCE } from './budget';
import { centralMoments } from './centralMoments';
import { diceMomentExpansion } from './diceMomentExpansion';
import type { ExactWorkspace } from './ExactWorkspace';
import { FOLD_BELOW, type FoldSums } from './foldedPmf';
import { gatherBody } from './gatherBody';
import { iouMomentExpansion } from './iouMomentExpansion';
import { jensenBound } from './jensenBounds';
import { pmfTierScores } from './pmfTierScores';
import { sortDescending } from './sortDescending';
import { splitPowerSums } from './splitPowerSums';

/** Relative slack when comparing bounds, far above float64 rounding of the sums involved. */
const BOUND_SLACK = 1e-12;

/** A ranked slice: the sorted band where the optimum lies, and summaries of what is around it. */
export interface RankedSlice {
  /** The whole slice (re-read only by the rare escalation and pmf paths). */
  data: FloatArray;
  offset: number;
  length: number;
  /** Band values sorted descending, at band[0…bandLength). Non-empty. */
  band: Float64Array;
  bandLength: number;
  /** The pixels ranked above the band (all ≥ band[0]). */
  head: ExactWorkspace['head'];
  /** The pixels ranked below the band (all ≤ band[bandLength − 1]). */
  tail: ExactWorkspace['tail'];
  /**
   * True when the caller has proved that no τ beyond the band can be optimal (the histogram
   * stage does); otherwise the tail is checked as one block and null returned if it might be.
   */
  restPruned: boolean;
  /** A known lower bound of the optimum (−Infinity if none). */
  lowerBound: number;
  /** The smallest value a head pixel can have (a histogram edge; +∞ or absent when unknown). */
  headFrom?: number;
  /**
   * Set when the band is the whole explicit body of the pmf path and `fold` holds every other
   * pixel (head empty; the tail summary only carries count, Σp and Σp(1 − p)): the moment path
   * is skipped.
   */
  fold?: FoldSums;
}

/** The exact solver's choice for one slice. */
export interface ExactChoice {
  /** τ*, the first maximizer among the candidates. */
  volume: number;
  /** Exact expected score at τ*. */
  expected: number;
  /**
   * p₍τ*₎, the smallest selected probability, when it lies in the band; NaN when τ* = 0 or τ* is
   * the head's count (the head is summarized, its values are not kept).
   */
  cutoff: number;
  /**
   * Pixels with p > cutoff when the cutoff is known (the τ* − above last selected pixels equal
   * the cutoff, the first ones in index order); otherwise τ* (the head, or nothing).
   */
  above: number;
  /** When the cutoff is not known and τ* > 0: "p ≥ headFrom" selects exactly the τ* pixels. */
  headFrom: number;
  /** Bound on |expected − exact| from truncations (≤ EXACT_TOLERANCE·expected). */
  error: number;
  /**
   * How the candidates were scored: 'moments' (cumulants up to order 7 or 11 from the caller's
   * summaries), 'moments-escalated' (summaries recomputed to order 21), 'pmf' (Γ's law) or
   * 'programme' (short slices: the O(d²) programme, solveTiny).
   */
  path: 'moments' | 'moments-escalated' | 'pmf' | 'programme';
  /** Volumes scored exactly. */
  candidates: number;
  /** Highest cumulant order used by the moment path (7, 11 or 21); 0 on the pmf path. */
  cumulantOrder: number;
}

/**
 * The core of the exact solver (DESIGN §3.1) on a ranked slice: τ ranges over
 * [headCount, headCount + bandLength] (plus nothing else: the caller vouches for the rest, or
 * `restPruned` is false and the rest is bounded here).
 *
 * 1. Jensen enclosures (jensenBound) at every τ of the band from exact prefix sums; only τ whose
 *    upper bound reaches the best lower bound stay candidates (typically a few dozen).
 * 2. Candidates are scored by the central-moment expansions (diceMomentExpansion,
 *    iouMomentExpansion) from the cumulants the summaries allow (order 2K + 1 for power sums of
 *    order K). Remainders are rigorous; if one exceeds EXACT_TOLERANCE the summaries are
 *    recomputed to order 10 (cumulants to 21, one more pass) and scoring retried.
 * 3. If that fails too (small objects: σ/(τ + μ) ≳ 0.06) the candidates are scored from Γ's
 *    exact law (pmfTierScores): pixels ≥ min(0.05, band minimum) explicit, the rest folded.
 *
 * Cost: O(bandLength + candidates·N²) here in the common case (the caller sorted the band);
 * one O(d) pass for an escalation; the pmf path O(d + n_body·(log n_body + top)).
 * An escalation recomputes `head` and `tail` in place (at order 10).
 *
 * @param ws - workspace (band and summaries are read from `slice`, which may point into it).
 * @param slice - the ranked slice.
 * @param metric - 'dice' or 'iou'.
 * @param smooth - s ≥ 0.
 * @returns the choice, or null when `restPruned` is false and the rest might hold the optimum.
 * @example
 * // Used by solveExactClass; see its example.
 */
export function solveRanked(
  ws: ExactWorkspace,
  slice: RankedSlice,
  metric: OverlapMetric,
  smooth: number,
): ExactChoice | null {
  const { band, bandLength: m, head, tail } = slice;
  const s = smooth;
  const hc = head.count;
  const order = Math.min(head.order, tail.order);

  const bandTotal = ws.bandTotal;
  bandTotal.reset(order);
  for (let j = 0; j < m; j++) bandTotal.addPixel(band[j]!);
  const mean = head.sum + bandTotal.sum + tail.sum;
  const variance = head.w[1]! + bandTotal.w[1]! + tail.w[1]!;

  // 1. Enclosures over the band.
  const tauLo = Math.max(hc, s > 0 ? 0 : 1);
  // A pixel with p = 0 never raises the objective (it adds 1 to every denominator and nothing
  // to the numerator), so volumes stop at the last positive p: this keeps masses of exact zeros
  // (flat objective, no pruning possible) out of the candidates.
  let positive = m;
  while (positive > 0 && band[positive - 1]! === 0) positive--;
  const tauHi = Math.max(tauLo, hc + positive);
  let lb = slice.lowerBound;
  {
    let c1 = head.sum;
    let c2 = head.sum - head.w[1]!;
    let wa = head.w[1]!;
    for (let tau = hc; tau <= tauHi; tau++) {
      if (tau > hc) {
        const p = band[tau - hc - 1]!;
        c1 += p;
        c2 += p * p;
        wa += p * (1 - p);
      }
      if (tau < tauLo) continue;
      const v = metric === 'dice' ? variance : variance - wa;
      const low = jensenBound(metric, tau, c1, c2, mean, v, s, false);
      if (low > lb) lb = low;
    }
    const floor = lb - BOUND_SLACK * Math.abs(lb);
    if (!slice.restPruned && tail.count > 0 && positive === m) {
      const restSq = tail.sum - tail.w[1]!;
      const bound = binUpperBound(
        metric,
        tauHi,
        c1,
        c2,
        wa,
        tail.count,
        tail.sum,
        restSq,
        0,
        band[m - 1]!,
        mean,
        variance,
        s,
      );
      if (bound >= floor) return null;
    }
    ws.ensureCandidates(m + 1);
    c1 = head.sum;
    c2 = head.sum - head.w[1]!;
    wa = head.w[1]!;
    let count = 0;
    for (let tau = hc; tau <= tauHi; tau++) {
      if (tau > hc) {
        const p = band[tau - hc - 1]!;
        c1 += p;
        c2 += p * p;
        wa += p * (1 - p);
      }
      if (tau < tauLo) continue;
      const v = metric === 'dice' ? variance : variance - wa;
      if (jensenBound(metric, tau, c1, c2, mean, v, s, true) >= floor) ws.candidates[count++] = tau;
    }
    if (count === 0) {
      // Unreachable with consistent bounds (the best lower bound's τ survives); kept as a guard.
      for (let tau = tauLo; tau <= tauHi; tau++) ws.candidates[count++] = tau;
    }
    ws.values.fill(0, 0, count);
    return finish(ws, slice, metric, s, count, mean, order);
  }
}

function finish(
  ws: ExactWorkspace,
  slice: RankedSlice,
  metric: OverlapMetric,
  s: number,
  count: number,
  mean: number,
  order: number,
): ExactChoice {
  // 2. Moment expansions, escalating once.
  let path: ExactChoice['path'] = 'moments';
  let used = order;
  let error = order > 0 && !slice.fold ? scoreByMoments(ws, slice, metric, s, count, mean, order) : -1;
  if (error < 0 && order > 0 && !slice.fold && order < MAX_W_POWER) {
    const { band, bandLength: m, head, tail } = slice;
    splitPowerSums(
      slice.data,
      slice.offset,
      slice.length,
      band[0]!,
      band[m - 1]!,
      head.count,
      tail.count,
      head,
      tail,
    );
    path = 'moments-escalated';
    used = MAX_W_POWER;
    error = scoreByMoments(ws, slice, metric, s, count, mean, MAX_W_POWER);
  }
  // 3. The exact law of Γ.
  if (error < 0) {
    path = 'pmf';
    used = -0.5; // cumulantOrder 0
    error = scoreByPmf(ws, slice, metric, s, count);
  }
  let best = 0;
  for (let i = 1; i < count; i++) if (ws.values[i]! > ws.values[best]!) best = i;
  const cumulantOrder = 2 * used + 1;
  const volume = ws.candidates[best]!;
  const hc = slice.head.count;
  let cutoff = Number.NaN;
  let above = volume;
  if (volume > hc) {
    const last = volume - hc - 1;
    cutoff = slice.band[last]!;
    let first = last;
    while (first > 0 && slice.band[first - 1] === cutoff) first--;
    above = hc + first;
  }
  return {
    volume,
    expected: ws.values[best]!,
    cutoff,
    above,
    headFrom: slice.headFrom ?? Number.POSITIVE_INFINITY,
    error,
    path,
    candidates: count,
    cumulantOrder,
  };
}

/** Scores every candidate by the moment expansions; returns the largest error bound, or −1 on failure. */
function scoreByMoments(
  ws: ExactWorkspace,
  slice: RankedSlice,
  metric: OverlapMetric,
  s: number,
  count: number,
  mean: number,
  order: number,
): number {
  const { band, head, tail } = slice;
  const { bandTotal, prefix, setA, setB, magnitude, kappa, kappaA, kappaMag, kappaAMag, result } = ws;
  const { moments, momentsB, momentsMag, momentsBMag } = ws;
  const maxN = 2 * order;
  if (bandTotal.order !== order) {
    bandTotal.reset(order);
    for (let j = 0; j < slice.bandLength; j++) bandTotal.addPixel(band[j]!);
  }
  if (metric === 'dice') {
    setA.setSum(head, bandTotal);
    setA.add(tail);
    bernoulliCumulants(mean, setA.w, setA.v, order, kappa);
    centralMoments(kappa, maxN, moments);
    bernoulliCumulantMagnitudes(mean, setA.w, order, kappaMag);
    centralMoments(kappaMag, maxN, momentsMag);
  } else {
    // |W_B|, |V_B| ≤ W_tail + W_band: also the scale of the band − prefix cancellation.
    magnitude.setSum(tail, bandTotal);
    bernoulliCumulantMagnitudes(magnitude.sum, magnitude.w, order, kappaMag);
    centralMoments(kappaMag, maxN, momentsBMag);
  }
  prefix.reset(order);
  let j = 0;
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const tau = ws.candidates[i]!;
    while (head.count + j < tau) prefix.addPixel(band[j++]!);
    setA.setSum(head, prefix);
    let ok: boolean;
    if (metric === 'dice') {
      bernoulliCumulants(setA.sum, setA.w, setA.v, order, kappaA);
      bernoulliCumulantMagnitudes(setA.sum, setA.w, order, kappaAMag);
      ok = diceMomentExpansion(
        tau,
        s,
        mean,
        moments,
        momentsMag,
        kappaA,
        kappaAMag,
        maxN,
        EXACT_TOLERANCE,
        result,
      );
    } else {
      setB.copy(bandTotal);
      setB.subtract(prefix);
      setB.add(tail);
      bernoulliCumulants(setB.sum, setB.w, setB.v, order, kappa);
      centralMoments(kappa, maxN, momentsB);
      const meanB = Math.max(0, setB.sum);
      ok = iouMomentExpansion(tau, s, setA.sum, meanB, momentsB, momentsBMag, maxN, EXACT_TOLERANCE, result);
    }
    if (!ok) return -1;
    ws.values[i] = result.value;
    if (result.error > worst) worst = result.error;
  }
  return worst;
}

/** Scores every candidate from Γ's law; returns the error bound. */
function scoreByPmf(
  ws: ExactWorkspace,
  slice: RankedSlice,
  metric: OverlapMetric,
  s: number,
  count: number,
): number {
  const { band, head } = slice;
  if (slice.fold)
    return pmfTierScores(
      ws.pmf,
      band,
      slice.bandLength,
      slice.fold,
      ws.candidates,
      count,
      metric,
      s,
      ws.values,
    );
  // Only the pixels a candidate mask can take (the τ_max largest) must stay explicit.
  const tauMax = ws.candidates[count - 1]!;
  const last = tauMax > head.count ? band[tauMax - head.count - 1]! : band[0]!;
  const threshold = tauMax > 0 ? Math.min(FOLD_BELOW, last) : FOLD_BELOW;
  ws.ensureBody(slice.length);
  const n = gatherBody(slice.data, slice.offset, slice.length, threshold, ws.body, ws.fold);
  sortDescending(ws.body, n, ws.ensureSortScratch(n));
  return pmfTierScores(ws.pmf, ws.body, n, ws.fold, ws.candidates, count, metric, s, ws.values);
}
