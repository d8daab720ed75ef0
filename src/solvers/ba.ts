import type { Correlator } from '../kernels/Correlator';
import type { SliceRanking } from '../kernels/SliceRanking';
import { beatsAtSinglePrecision, type RankDiceProblem } from './rankDiceProblem';
import type { ClassChoice } from './rma';

/** Reusable buffers of {@link solveBa}. */
export class BaWorkspace {
  reciprocal = new Float64Array(1024);
  overlap = new Float64Array(1024);
  smoothing = new Float64Array(1024);
  upper = new Float64Array(1024);

  reserve(n: number): void {
    if (this.reciprocal.length < n) {
      this.reciprocal = new Float64Array(n * 2);
      this.overlap = new Float64Array(n * 2);
      this.smoothing = new Float64Array(n * 2);
      this.upper = new Float64Array(n * 2);
    }
  }
}

/**
 * RankDice with the blind approximation (Dai & Li 2023, §4; DESIGN §3.3): Γ₋ⱼ is replaced by Γ,
 * whose refined-normal pmf π over the support gives, for 1 ≤ τ ≤ τ_up,
 * D_BA(τ) = 2C(τ)·Σₖ π(k)/(k + τ + 1 + s) + s·Σₖ π(k)/(k + τ + s), and D_BA(0) = s·Σₖ π(k)/(k + s)
 * (0 when s = 0). Returns the first maximizer at single precision ({@link beatsAtSinglePrecision}).
 *
 * Every τ at once is a correlation of π with a reciprocal sequence. Before computing it, Jensen's
 * bounds rule out most τ: for X = k + a over π (mean m, variance v, X ≥ lower + a),
 * 1/(a + m) ≤ E[1/X] ≤ 1/(a + m) + v/((a + m)²(a + lower)) (1/x lies under its tangent plus the
 * quadratic term bounded with x ≥ x_min). Only τ whose upper bound reaches the best lower bound
 * are evaluated exactly, as one correlation over their range (direct or FFT, by size).
 *
 * @example
 * // see solve(probs, { solver: 'ba' })
 */
export function solveBa(
  problem: RankDiceProblem,
  smooth: number,
  ranking: SliceRanking,
  correlator: Correlator,
  ws: BaWorkspace,
): ClassChoice {
  const { pmf, lower, width, cum, tauUp, sorted } = problem;
  let m = 0;
  for (let k = 0; k < width; k++) m += pmf[k]! * (lower + k);
  let v = 0;
  for (let k = 0; k < width; k++) v += pmf[k]! * (lower + k - m) ** 2;

  // Bounds for τ = 1 … τ_up; the best lower bound is a value some τ is known to reach.
  ws.reserve(tauUp + width + 1);
  const upper = ws.upper;
  let bestLower = smooth > 0 ? smooth * reciprocalMean(pmf, lower, width, smooth) : 0;
  for (let tau = 1; tau <= tauUp; tau++) {
    const a1 = tau + 1 + smooth;
    const a0 = tau + smooth;
    const lo = 2 * cum[tau]! * jensenLow(a1, m) + smooth * jensenLow(a0, m);
    upper[tau] = 2 * cum[tau]! * jensenHigh(a1, m, v, lower) + smooth * jensenHigh(a0, m, v, lower);
    if (lo > bestLower) bestLower = lo;
  }
  let first = 0;
  let last = -1;
  // Rounding is monotone: fround(upper) < fround(bestLower) means τ cannot even tie the best.
  const reach = Math.fround(bestLower);
  for (let tau = 1; tau <= tauUp; tau++) {
    if (Math.fround(upper[tau]!) >= reach) {
      if (first === 0) first = tau;
      last = tau;
    }
  }

  // τ = 0 always competes (scoring 0 when s = 0), as in the reference.
  let bestTau = 0;
  let best = smooth > 0 ? smooth * reciprocalMean(pmf, lower, width, smooth) : 0;
  if (first > 0) {
    const n = last - first + 1;
    // overlap[j] = Σₖ π(k)/(lower + k + first + j + 1 + s); smoothing[j] the same with + s.
    const reciprocal = ws.reciprocal;
    const base = lower + first + smooth;
    for (let i = 0; i < width + n; i++) reciprocal[i] = 1 / (base + 1 + i);
    correlator.correlate(pmf, reciprocal.subarray(0, width + n - 1), ws.overlap, n);
    if (smooth > 0) {
      for (let i = 0; i < width + n; i++) reciprocal[i] = 1 / (base + i);
      correlator.correlate(pmf, reciprocal.subarray(0, width + n - 1), ws.smoothing, n);
    }
    for (let j = 0; j < n; j++) {
      const tau = first + j;
      const value = 2 * cum[tau]! * ws.overlap[j]! + (smooth > 0 ? smooth * ws.smoothing[j]! : 0);
      if (beatsAtSinglePrecision(value, best)) {
        best = value;
        bestTau = tau;
      }
    }
  }
  return { top: ranking.topSetFromRun(bestTau, sorted, 0), expected: best };
}

/** Σₖ π(k)/(lower + k + a): E[1/(Γ + a)] from Γ's pmf on lower…lower + width − 1. */
export function reciprocalMean(pmf: Float64Array, lower: number, width: number, a: number): number {
  let sum = 0;
  for (let k = 0; k < width; k++) sum += pmf[k]! / (lower + k + a);
  return sum;
}

/** Jensen's lower bound of E[1/(Γ + a)]: 1/(a + μ). */
export function jensenLow(a: number, mean: number): number {
  return 1 / (a + mean);
}

/** An upper bound of E[1/(Γ + a)] for Γ ≥ lower with mean μ and variance σ²: 1/y + σ²/(y²(a + lower)), y = a + μ. */
export function jensenHigh(a: number, mean: number, variance: number, lower: number): number {
  const y = a + mean;
  return 1 / y + variance / (y * y * (a + lower));
}
