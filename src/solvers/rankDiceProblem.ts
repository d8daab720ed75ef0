import { BINS, type SliceRanking } from '../kernels/SliceRanking';
import type { FloatArray } from '../kernels/types';
import { fillRefinedNormalPmf } from '../stats/fillRefinedNormalPmf';
import { type PoissonBinomialMoments, poissonBinomialMoments } from '../stats/poissonBinomialMoments';
import { refinedNormalInterval } from '../stats/refinedNormalInterval';
import type { SliceFigures } from './rma';

/** Reusable buffers of the distribution solvers (BA, TRNA), grown on demand. */
export class RankDiceWorkspace {
  pmf = new Float64Array(256);
  cum = new Float64Array(1024);

  reserve(width: number, tauUp: number): void {
    if (this.pmf.length < width) this.pmf = new Float64Array(width * 2);
    if (this.cum.length < tauUp + 1) this.cum = new Float64Array((tauUp + 1) * 2);
  }
}

/**
 * What BA and TRNA share for one image-class slice (DESIGN §3.3): the Poisson-binomial moments of
 * Γ, its refined-normal pmf on the truncated support k = lower … lower + width − 1 (renormalized),
 * the top pixels sorted with their prefix sums C(τ), and τ_up (JMLR Lemma 3).
 */
export interface RankDiceProblem {
  moments: PoissonBinomialMoments;
  /** Pixels in the slice (d). */
  size: number;
  lower: number;
  width: number;
  /** pmf[0 … width) of Γ over the support k = lower … lower + width − 1, summing to 1. */
  pmf: Float64Array;
  /** The kept pixels, sorted descending (at least the top τ_up + 1 when τ_up < d). */
  sorted: Float64Array;
  /** cum[τ] = C(τ), τ = 0 … tauUp. */
  cum: Float64Array;
  /** Largest τ worth evaluating. */
  tauUp: number;
}

/**
 * Builds the shared pieces. The ranking keeps only pixels with p ≥ C₀/(2d + s), where (τ₀, C₀)
 * is the mask {p > ½} (or the top pixel): at τ = kept the next pixel p < C₀/(2d + s) ≤
 * C(τ)/(τ + s + d), so Lemma 3's condition already holds and τ_up ≤ kept — no pixel below the
 * floor is ever needed. O(d) plus a sort of the kept pixels.
 *
 * The pmf covers the inclusive support k = lq … uq of DESIGN §3.3. A support that holds no mass
 * (the normal approximation collapsed) is replaced by a point mass at μ rounded into the support.
 */
export function prepareRankDice(
  data: FloatArray,
  offset: number,
  length: number,
  figures: SliceFigures,
  smooth: number,
  eps: number,
  ranking: SliceRanking,
  ws: RankDiceWorkspace,
): RankDiceProblem {
  const moments = poissonBinomialMoments(data, offset, length);
  // DESIGN §3.3 keeps the inclusive support [lq, uq]; fillRefinedNormalPmf takes one past it.
  const { lower, upper: last } = refinedNormalInterval(eps, moments.mean, moments.sd, moments.skew, length);
  const upper = last + 1;
  const width = Math.max(1, upper - lower);

  const top = figures.halfCount > 0 ? figures.halfSum : figures.max;
  ranking.load(data, offset, length, top / (2 * length + smooth));
  const sorted = ranking.gather(0, BINS - 1);
  const kept = sorted.length;
  // τ_up: the first τ in 1 … d − 1 with C(τ) ≥ (τ + s + d)·p₍τ+1₎, else d.
  let cum = 0;
  let tauUp = Math.min(kept, length);
  for (let tau = 1; tau < Math.min(kept, length); tau++) {
    cum += sorted[tau - 1]!;
    if (cum >= (tau + smooth + length) * sorted[tau]!) {
      tauUp = tau;
      break;
    }
  }

  ws.reserve(width, tauUp);
  const pmf = ws.pmf.subarray(0, width);
  const mass =
    upper > lower ? fillRefinedNormalPmf(pmf, lower, upper, moments.mean, moments.sd, moments.skew) : 0;
  if (!(mass > 0)) {
    pmf.fill(0);
    pmf[Math.min(width - 1, Math.max(0, Math.round(moments.mean) - lower))] = 1;
  }
  const prefix = ws.cum.subarray(0, tauUp + 1);
  prefix[0] = 0;
  for (let tau = 1; tau <= tauUp; tau++) prefix[tau] = prefix[tau - 1]! + sorted[tau - 1]!;
  return { moments, size: length, lower, width, pmf, sorted, cum: prefix, tauUp };
}

/**
 * Whether `value` beats `best` once both are rounded to single precision. BA and TRNA scan τ
 * upwards and keep the first maximizer of their objective at float32 resolution (~6e-8 relative):
 * differences below it are far inside the approximation error of the refined normal, and the
 * reference package, which scores in float32, sees such scores as equal and keeps the smaller τ.
 *
 * @example
 * beatsAtSinglePrecision(0.5 + 1e-9, 0.5); // false: both round to 0.5
 * beatsAtSinglePrecision(0.5 + 2 ** -24, 0.5); // true: one float32 ulp above
 */
export function beatsAtSinglePrecision(value: number, best: number): boolean {
  return Math.fround(value) > Math.fround(best);
}
