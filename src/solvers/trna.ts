import type { Correlator } from '../kernels/Correlator';
import type { SliceRanking } from '../kernels/SliceRanking';
import { fastRefinedNormalPmf } from '../stats/fastRefinedNormalPmf';
import { fillRefinedNormalPmf } from '../stats/fillRefinedNormalPmf';
import { poissonBinomialSd, poissonBinomialSkew } from '../stats/poissonBinomialMoments';
import { beatsAtSinglePrecision, type RankDiceProblem } from './rankDiceProblem';
import type { ClassChoice } from './rma';

/** Interpolated leave-one-out pmfs must match the evaluated ones this closely, per value (the
 * evaluated ones carry ~1e-12 of rounding noise). */
const INTERPOLATION_TOLERANCE = 1e-11;
/** Most Chebyshev nodes tried before falling back to one pmf per pixel. */
const MAX_NODES = 32;
/** Below this τ_up·width, one pmf per pixel costs no more than the interpolation's setup. */
const DIRECT_WORK = 1 << 20;
/** First range of τ the interpolated path evaluates (it doubles as needed). */
const FIRST_LIMIT = 1024;

/** Reusable buffers of {@link solveTrna}, grown on demand. */
export class TrnaWorkspace {
  private buffers = new Map<string, Float64Array>();

  /** A zeroed-on-request scratch array of at least n values, named by purpose. */
  get(name: string, n: number): Float64Array {
    let buffer = this.buffers.get(name);
    if (!buffer || buffer.length < n) {
      buffer = new Float64Array(Math.max(n, 2 * (buffer?.length ?? 0)));
      this.buffers.set(name, buffer);
    }
    return buffer.subarray(0, n);
  }
}

/**
 * RankDice with the truncated refined normal approximation (Dai & Li 2023, eqs. 9 and 12;
 * DESIGN §3.4). Top pixel j's leave-one-out count Γ₋ⱼ gets its own refined normal π₋ⱼ (Γ's μ,
 * σ² and third central moment minus pixel j's), evaluated on Γ's support and renormalized; with
 * w_τ = Σ_{j≤τ} p₍ⱼ₎·π₋₍ⱼ₎,
 * D(τ) = 2Σₖ w_τ(k)/(k + τ + 1 + s) + s·Σₖ π(k)/(k + τ + s), τ = 1 … τ_up, D(0) = s·Σₖ π(k)/(k + s).
 * Returns the first maximizer at single precision ({@link beatsAtSinglePrecision}).
 *
 * π₋ⱼ depends on j only through p₍ⱼ₎, smoothly (μ moves by p ≤ 1, σ² by p(1 − p) ≤ ¼). So it is
 * interpolated in p at N Chebyshev nodes, π₋ⱼ ≈ Σₙ ℓₙ(p₍ⱼ₎)·Πₙ, checked against evaluated pmfs
 * between the nodes (N doubles until every value is within 1e-11). Then
 * Σₖ w_τ(k)/(k + τ + 1 + s) = Σₙ aₙ(τ)·Qₙ(τ) with running sums aₙ(τ) = Σ_{j≤τ} p₍ⱼ₎ℓₙ(p₍ⱼ₎) and
 * Qₙ(τ) = Σₖ Πₙ(k)/(k + τ + 1 + s) for every τ from one correlation each: O(N·(width + τ_up)·log)
 * instead of O(τ_up·width). Small problems, and those where no N ≤ 32 passes the check (clipped
 * pmfs of very small σ), evaluate one pmf per pixel instead, stopping as soon as a bound shows no
 * later τ can win.
 */
export function solveTrna(
  problem: RankDiceProblem,
  smooth: number,
  ranking: SliceRanking,
  correlator: Correlator,
  ws: TrnaWorkspace,
  path: 'auto' | 'direct' | 'interpolated' = 'auto',
): ClassChoice {
  const { pmf, lower, width, tauUp, sorted } = problem;
  // smoothing[τ] = Σₖ π(k)/(lower + k + τ + s) for τ = 0 … τ_up, from one correlation.
  const smoothing = ws.get('smoothing', tauUp + 1);
  if (smooth > 0) {
    const shifted = ws.get('shifted', width + tauUp);
    for (let m = 0; m < width + tauUp; m++) shifted[m] = 1 / (lower + m + smooth);
    correlator.correlate(pmf, shifted, smoothing, tauUp + 1);
  }
  const overlap = ws.get('overlap', tauUp + 1);
  const interpolate = path === 'interpolated' || (path === 'auto' && tauUp * width > DIRECT_WORK);
  const last =
    (interpolate && interpolatedOverlaps(problem, smooth, correlator, ws, smoothing, overlap)) ||
    directOverlaps(problem, smooth, smoothing, ws, overlap);

  let best = smooth > 0 ? smooth * smoothing[0]! : 0;
  let bestTau = 0;
  for (let tau = 1; tau <= last; tau++) {
    const value = 2 * overlap[tau]! + (smooth > 0 ? smooth * smoothing[tau]! : 0);
    if (beatsAtSinglePrecision(value, best)) {
      best = value;
      bestTau = tau;
    }
  }
  return { top: ranking.topSetFromRun(bestTau, sorted, 0), expected: best };
}

/**
 * Fills `out` with π₋ⱼ at probability p (renormalized; a point mass if the support holds none),
 * evaluated exactly or, for the per-pixel loop, from tables (within 4e-11).
 */
function leaveOneOutPmf(problem: RankDiceProblem, p: number, out: Float64Array, exact: boolean): boolean {
  const { moments, lower, width } = problem;
  const pq = p * (1 - p);
  const variance = moments.variance - pq;
  const third = moments.thirdCentral - pq * (1 - 2 * p);
  const sd = poissonBinomialSd(variance);
  const fill = exact ? fillRefinedNormalPmf : fastRefinedNormalPmf;
  const mass = fill(out, lower, lower + width, moments.mean - p, sd, poissonBinomialSkew(third, variance));
  if (mass > 0) return true;
  out.fill(0);
  out[Math.min(width - 1, Math.max(0, Math.round(moments.mean - p) - lower))] = 1;
  return false;
}

/**
 * The interpolated path; writes overlap[τ] = Σₖ w_τ(k)/(k + τ + 1 + s) for τ = 1 … limit and
 * returns the limit, or 0 when interpolation does not reach the tolerance. The limit starts a
 * little past the peak of the bound of {@link cannotImprove} (the optimum lies before it) and
 * doubles until that bound rules out every later τ; the nodes span only the pixels in range.
 */
function interpolatedOverlaps(
  problem: RankDiceProblem,
  smooth: number,
  correlator: Correlator,
  ws: TrnaWorkspace,
  smoothing: Float64Array,
  overlap: Float64Array,
): number {
  const { lower, width, tauUp, sorted, cum } = problem;
  let peak = 1;
  while (peak < tauUp && sorted[peak]! > cum[peak]! / (lower + peak + 1 + smooth)) peak++;
  for (let limit = Math.min(tauUp, Math.max(FIRST_LIMIT, 2 * peak)); ; limit = Math.min(tauUp, 2 * limit)) {
    const nodes = verifiedNodes(problem, sorted[limit - 1]!, sorted[0]!, ws);
    if (!nodes) return 0;
    const { points, weights, table } = nodes;
    const count = points.length;
    const denominators = ws.get('denominators', limit);
    for (let j = 0; j < limit; j++) denominators[j] = barycentricSum(points, weights, sorted[j]!);
    const reciprocal = ws.get('reciprocal', width + limit);
    for (let m = 0; m < width + limit; m++) reciprocal[m] = 1 / (lower + m + 2 + smooth);
    const q = ws.get('q', limit);
    overlap.fill(0, 0, limit + 1);
    // overlap(τ) = Σₙ aₙ(τ)·Qₙ(τ), Qₙ(τ) = q[τ − 1] = Σₖ Πₙ(k)/(lower + k + τ + 1 + s).
    for (let n = 0; n < count; n++) {
      correlator.correlate(table.subarray(n * width, (n + 1) * width), reciprocal, q, limit);
      let running = 0;
      for (let tau = 1; tau <= limit; tau++) {
        const p = sorted[tau - 1]!;
        running += p * basisAt(points, weights, n, p, denominators[tau - 1]!);
        overlap[tau]! += running * q[tau - 1]!;
      }
    }
    if (limit === tauUp || stopsBy(problem, smooth, smoothing, overlap, limit)) return limit;
  }
}

/**
 * Chebyshev nodes on [low, high] with the leave-one-out pmf at each (`table`, node-major), the
 * fewest (4, 8, … 32) whose interpolant is within the tolerance at every midpoint between nodes;
 * null if none is.
 */
export function verifiedNodes(
  problem: RankDiceProblem,
  low: number,
  high: number,
  ws: TrnaWorkspace,
): { points: Float64Array; weights: Float64Array; table: Float64Array } | null {
  const { width } = problem;
  const probe = ws.get('probe', width);
  for (let nodes = 4; nodes <= MAX_NODES; nodes *= 2) {
    const count = high > low ? nodes : 1;
    const { points, weights } = chebyshevNodes(low, high, count);
    const table = ws.get('table', count * width);
    let ok = true;
    for (let n = 0; n < count && ok; n++) {
      ok = leaveOneOutPmf(problem, points[n]!, table.subarray(n * width, (n + 1) * width), true);
    }
    // Check between neighbouring nodes, where Chebyshev interpolation errs most.
    for (let n = 0; n + 1 < count && ok; n++) {
      const p = (points[n]! + points[n + 1]!) / 2;
      ok = leaveOneOutPmf(problem, p, probe, true);
      const basis = lagrangeBasis(points, weights, p);
      for (let k = 0; k < width && ok; k++) {
        let value = 0;
        for (let m = 0; m < count; m++) value += basis[m]! * table[m * width + k]!;
        if (Math.abs(value - probe[k]!) > INTERPOLATION_TOLERANCE) ok = false;
      }
    }
    if (ok) return { points, weights, table };
  }
  return null;
}

/**
 * One leave-one-out pmf per pixel (equal probabilities share one), with w kept as a running sum;
 * stops once no later τ can win. Returns the last τ evaluated.
 */
function directOverlaps(
  problem: RankDiceProblem,
  smooth: number,
  smoothing: Float64Array,
  ws: TrnaWorkspace,
  overlap: Float64Array,
): number {
  const { lower, width, tauUp, sorted } = problem;
  const weights = ws.get('weights', width);
  weights.fill(0);
  const loo = ws.get('loo', width);
  const reciprocal = ws.get('reciprocal', width + tauUp + 1);
  for (let m = 0; m < width + tauUp + 1; m++) reciprocal[m] = 1 / (lower + m + 1 + smooth);
  let best = smooth > 0 ? smooth * smoothing[0]! : 0;
  let previous = Number.NaN;
  for (let tau = 1; tau <= tauUp; tau++) {
    const p = sorted[tau - 1]!;
    if (tau > 1 && cannotImprove(problem, smooth, tau, best)) return tau - 1;
    if (p !== previous) {
      previous = p;
      leaveOneOutPmf(problem, p, loo, false);
    }
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const w = weights[k]! + p * loo[k]!;
      weights[k] = w;
      sum += w * reciprocal[k + tau]!;
    }
    overlap[tau] = sum;
    const value = 2 * sum + (smooth > 0 ? smooth * smoothing[tau]! : 0);
    if (value > best) best = value;
  }
  return tauUp;
}

/**
 * Whether no τ' ≥ τ can beat `best`. Every k ≥ lower, so D(τ') ≤ 2C(τ')/(lower + τ' + 1 + s) +
 * s/(lower + τ' + s). Once the next pixel is no larger than C(τ − 1)/(lower + τ + s), that ratio
 * only falls (each added p is below the running average), so the bound at τ − 1 caps every τ' ≥ τ.
 * A later τ' below `best` cannot beat it at single precision either (rounding is monotone).
 */
function cannotImprove(problem: RankDiceProblem, smooth: number, tau: number, best: number): boolean {
  const { lower, cum, sorted } = problem;
  const overlapBound = cum[tau - 1]! / (lower + tau + smooth);
  const smoothBound = smooth > 0 ? smooth / (lower + tau - 1 + smooth) : 0;
  return sorted[tau - 1]! <= overlapBound && 2 * overlapBound + smoothBound < best;
}

/** Whether the values known for τ ≤ limit already rule out every τ > limit. */
function stopsBy(
  problem: RankDiceProblem,
  smooth: number,
  smoothing: Float64Array,
  overlap: Float64Array,
  limit: number,
): boolean {
  let best = smooth > 0 ? smooth * smoothing[0]! : 0;
  for (let tau = 1; tau <= limit; tau++) {
    if (tau > 1 && cannotImprove(problem, smooth, tau, best)) return true;
    best = Math.max(best, 2 * overlap[tau]! + (smooth > 0 ? smooth * smoothing[tau]! : 0));
  }
  return cannotImprove(problem, smooth, limit + 1, best);
}

/** Chebyshev points of the second kind on [low, high] and their barycentric weights. */
function chebyshevNodes(
  low: number,
  high: number,
  count: number,
): { points: Float64Array; weights: Float64Array } {
  const points = new Float64Array(count);
  const weights = new Float64Array(count);
  if (count === 1) {
    points[0] = (low + high) / 2;
    weights[0] = 1;
    return { points, weights };
  }
  for (let n = 0; n < count; n++) {
    points[n] = (low + high) / 2 + ((high - low) / 2) * Math.cos((Math.PI * n) / (count - 1));
    weights[n] = (n % 2 === 0 ? 1 : -1) * (n === 0 || n === count - 1 ? 0.5 : 1);
  }
  return { points, weights };
}

/** Σₘ wₘ/(p − xₘ), or Infinity when p is a node (its basis is then a unit vector). */
function barycentricSum(points: Float64Array, weights: Float64Array, p: number): number {
  let sum = 0;
  for (let m = 0; m < points.length; m++) {
    if (p === points[m]) return Number.POSITIVE_INFINITY;
    sum += weights[m]! / (p - points[m]!);
  }
  return sum;
}

/** ℓₙ(p) by the barycentric formula, given Σₘ wₘ/(p − xₘ). */
function basisAt(points: Float64Array, weights: Float64Array, n: number, p: number, sum: number): number {
  if (points.length === 1) return 1;
  if (sum === Number.POSITIVE_INFINITY) return p === points[n] ? 1 : 0;
  return weights[n]! / (p - points[n]!) / sum;
}

/** All ℓₙ(p). */
function lagrangeBasis(points: Float64Array, weights: Float64Array, p: number): Float64Array {
  const sum = barycentricSum(points, weights, p);
  return points.map((_, n) => basisAt(points, weights, n, p, sum));
}
