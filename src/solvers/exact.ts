/**
 * The exact solver and the exact expected score of any mask: the two adapters of the expectation
 * engine (`src/solvers/expectation/`), validating their arguments before handing them over.
 *
 * @module
 */

import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from './catalog';
import { expectedMaskScore, sharedExactWorkspace, solveSlice } from './expectation/index';

// The exact solver's steps, for its per-class driver (api/exactClassSolver.ts; DESIGN §8).
export {
  ExactWorkspace,
  type HistogramTotals,
  scanProbabilityHistogram,
  solveHistogrammed,
  solveTiny,
  TINY_SLICE,
} from './expectation/index';

/*
 * Design of the exact solver (why this algorithm; DESIGN §3.1)
 *
 * The objective needs E[1/(c + Γ)]-type expectations of a Poisson-binomial Γ at every candidate
 * volume. Options considered, for d = 262 144 and a budget of a few passes over the slice:
 * - the O(d²) dynamic programme (expectation/expectedScoreCurve.ts): the oracle, 10¹⁰ operations;
 * - Gauss–Legendre on t-panels with per-node prefix sums: ~300 nodes × the uncertain pixels,
 *   each a division, and a quadrature error that is estimated, not bounded;
 * - FFT products of the pmf: O(d log²d) and float noise in the tails;
 * - chosen: central-moment expansion in (Γ − μ)/(τ + s + μ) (diceMomentExpansion,
 *   iouMomentExpansion). For large objects Γ is concentrated relative to τ + μ (σ/a ≈ 1e-3), so
 *   six terms give ~1e-18, from power sums Σwᵏ, Σ(1 − 2p)wᵏ (w = p(1 − p), k ≤ 5: cumulants to
 *   order 11, up to ten terms) that one pass gathers in registers; the remainder of the
 *   geometric identity 1/(a + U) = Σ_{n<N}(−U)ⁿ/aⁿ⁺¹ +
 *   (U/a)ᴺ/(a + U) is bounded exactly by E[Uᴺ]/(aᴺ·min(b + Γ)) (even N), so the error is a
 *   computed bound, not an estimate; a rounding allowance from absolute-value moments catches
 *   the cancellation of high cumulants when few pixels are uncertain. It fails, by its own
 *   bound, only when σ/a ≳ 0.02 (0.05 after an escalation to order 21: objects of μ ≲ 100…500),
 *   and exactly there Γ's law is
 *   short: the pmf path (pmfTierScores) builds it on [0, μ + 10σ + 31] by forward convolution
 *   of the pixels ≥ 0.05 started from the folded law of all smaller ones (foldedPmf: Newton's
 *   identities on power sums of the odds, truncation bounded in total variation), with
 *   P(Γ beyond) ≤ e^{−46} by Bernstein.
 * Candidates: a 4096-bin histogram makes C(τ), ΣC², Σw exact at bin edges, where Jensen's
 * enclosure 1/(c + m) ≤ E[1/(c + X)] ≤ 1/(c + m) + v/(c(c + m)²) (jensenBound) gives a lower
 * bound of the optimum; bins whose upper bound (binUpperBound) stays below it are dropped
 * without sorting; inside the surviving band (a few hundred pixels on realistic slices) the same
 * enclosure per τ keeps a few dozen volumes for exact scoring. Ties in p are interchangeable.
 *
 * Cost per slice, realistic 512×512 (bench/exact-slices.ts): two O(d) passes (histogram; band
 * copy + power sums) + a radix sort of the band + O(candidates·N²): 2–3 ms, about 5× a plain
 * p > ½ pass; small objects take the folding pass instead of the band pass, plus O(n_body·top)
 * (2–4 ms). Rare cases add one O(d) pass (escalation to order-10 power sums); all-equal slices
 * sort the whole slice (radix, O(d)). Error: every returned value is within 1e-13 of itself
 * (relative, truncation bounds computed at run time) plus float64 rounding (~1e-15 relative in
 * the tests).
 */

/**
 * RankSEG's `exact` solver for one image and one class (DESIGN §3.1): the volume τ* whose top-τ
 * mask maximizes the exact expected Dice or IoU under independent labels Yᵢ ~ Bernoulli(pᵢ),
 *   D(τ) = 2Σ_{j≤τ} p₍ⱼ₎E[1/(τ + 1 + s + Γ₋ⱼ)] + sE[1/(τ + s + Γ)],
 *   I(τ) = (C(τ) + s)E[1/(τ + s + B_τ)],
 * and the exact objective there. The best top-τ mask is the best of all 2^d masks.
 *
 * Candidates: τ = 1…d when smooth = 0 (the empty mask scores 0, never more than τ = 1; this is
 * RMA's convention, and it only ties when every p is 0, where τ = 1 is returned), τ = 0…d when
 * smooth > 0. The first maximizer is returned. An empty slice returns τ = 0 and the score of
 * the empty mask against empty labels: 1 if smooth > 0, else 0 (0/0).
 *
 * Algorithm (no full sort, O(d) in practice; see the design note above):
 * 1. one pass: a 4096-bin value histogram (count, Σp, Σp(1 − p));
 * 2. Jensen bounds at bin edges (exact there) rule out all bins but a narrow band around the
 *    optimum (selectBand);
 * 3. one pass: band pixels copied (then sorted, typically a few hundred), the pixels above and
 *    below summarized by power sums of w = p(1 − p) (collectBand);
 * 4. per-τ bounds inside the band keep a few dozen candidates; each is scored by a central-moment
 *    expansion of E[1/(a + U)] with a rigorous remainder ≤ 1e-13 of the value, escalating once
 *    to cumulants of order 21, else from the exact law of Γ (small objects). See solveSlice and
 *    solveRanked; the core takes (sorted band, summaries of the pixels above and below), the
 *    form a top-K selection kernel produces.
 * Error: every returned `expected` is within 1e-13·expected of the exact value (plus float64
 * rounding, ~1e-15 relative). Uses a module-level workspace: not re-entrant across threads
 * (JavaScript has none sharing it).
 *
 * @param data - probabilities in [0, 1] (Float32Array or Float64Array; not modified).
 * @param offset - first index of the slice.
 * @param length - d, the slice length.
 * @param metric - 'dice' or 'iou'.
 * @param smooth - s ≥ 0.
 * @returns volume τ*, the exact expected score at τ*, and p₍τ*₎ (the smallest selected
 * probability) when known, else NaN.
 * @throws TypeError if `data` is not a Float32Array/Float64Array or `smooth` not a number.
 * @throws RangeError for a bad offset/length, metric, smooth < 0 or non-finite, or a value
 * outside [0, 1] (NaN included).
 * @example
 * // d = 2, p = (0.9, 0.6), Dice, s = 0: D(1) = 0.9·E[2/(2 + Y₂)] = 0.9·(0.4 + 0.6·2/3) = 0.72,
 * // D(2) = E[2Γ/(2 + Γ)] = 0.42·2/3 + 0.54·1 = 0.82.
 * solveExactClass(new Float64Array([0.9, 0.6]), 0, 2, 'dice', 0); // { volume: 2, expected: 0.82, cutoff: 0.6 }
 */
export function solveExactClass(
  data: Float32Array | Float64Array,
  offset: number,
  length: number,
  metric: OverlapMetric,
  smooth: number,
): { volume: number; expected: number; cutoff: number } {
  checkProbs(data, 'data');
  checkSlice(offset, length, data.length, 'offset', 'length');
  checkMetric(metric);
  checkSmooth(smooth);
  if (length === 0) return { volume: 0, expected: smooth > 0 ? 1 : 0, cutoff: Number.NaN };
  const { volume, expected, cutoff } = solveSlice(
    sharedExactWorkspace(),
    data,
    offset,
    length,
    metric,
    smooth,
  );
  return { volume, expected, cutoff };
}

/**
 * The exact expected Dice or IoU of any 0/1 mask A (not only top-τ), labels Yᵢ ~ Bernoulli(pᵢ)
 * independent: with X = Σ_{i∈A} Yᵢ, Z = Σ_{i∉A} Yᵢ (independent),
 *   Dice = E[(2X + s)/(|A| + X + Z + s)],  IoU = E[(X + s)/(|A| + Z + s)],  0/0 counted as 0.
 *
 * O(d) for large masks or objects (moment expansions with a rigorous remainder ≤ 1e-13 of the
 * value), else from the exact laws of X and Z on truncated supports (see expectedMaskScore).
 *
 * @param probs - probabilities in [0, 1] (not modified).
 * @param probsOffset - first probability read.
 * @param mask - entries 0 or 1 (not modified).
 * @param maskOffset - first mask entry read.
 * @param length - d.
 * @param metric - 'dice' or 'iou'.
 * @param smooth - s ≥ 0.
 * @returns the expected score.
 * @throws TypeError if `probs` is not a Float32Array/Float64Array or `mask` not array-like.
 * @throws RangeError for bad offsets/length, metric, smooth, a probability outside [0, 1] or a
 * mask entry other than 0/1.
 * @example
 * expectedScoreOfMask(new Float64Array([0.8, 0.1]), 0, [1, 0], 0, 2, 'iou', 0); // 0.8·E[1/(1 + Y₂)] = 0.76
 */
export function expectedScoreOfMask(
  probs: Float32Array | Float64Array,
  probsOffset: number,
  mask: ArrayLike<number>,
  maskOffset: number,
  length: number,
  metric: OverlapMetric,
  smooth: number,
): number {
  checkProbs(probs, 'probs');
  if (
    mask === null ||
    typeof mask !== 'object' ||
    typeof (mask as { length?: unknown }).length !== 'number'
  ) {
    throw new TypeError(`mask: expected an array-like of 0/1 numbers, got ${kindOf(mask)}`);
  }
  checkSlice(probsOffset, length, probs.length, 'probsOffset', 'length');
  checkSlice(maskOffset, length, mask.length, 'maskOffset', 'length');
  checkMetric(metric);
  checkSmooth(smooth);
  if (length === 0) return smooth > 0 ? 1 : 0;
  return expectedMaskScore(
    sharedExactWorkspace(),
    probs,
    probsOffset,
    mask,
    maskOffset,
    length,
    metric,
    smooth,
  );
}

function checkProbs(data: unknown, name: string): asserts data is FloatArray {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new TypeError(`${name}: expected a Float32Array or Float64Array, got ${kindOf(data)}`);
  }
}

function checkSlice(
  offset: number,
  length: number,
  size: number,
  offsetName: string,
  lengthName: string,
): void {
  if (!Number.isInteger(offset) || offset < 0)
    throw new RangeError(`${offsetName}: expected an integer ≥ 0, got ${offset}`);
  if (!Number.isInteger(length) || length < 0)
    throw new RangeError(`${lengthName}: expected an integer ≥ 0, got ${length}`);
  if (offset + length > size) {
    throw new RangeError(
      `${lengthName}: ${offsetName} + ${lengthName} = ${offset + length} exceeds the array length ${size}`,
    );
  }
}

function checkMetric(metric: unknown): asserts metric is OverlapMetric {
  if (metric !== 'dice' && metric !== 'iou') {
    throw new RangeError(`metric: expected 'dice' or 'iou', got ${kindOf(metric)}`);
  }
}

function checkSmooth(smooth: unknown): asserts smooth is number {
  if (typeof smooth !== 'number') throw new TypeError(`smooth: expected a number, got ${kindOf(smooth)}`);
  if (!(smooth >= 0) || !Number.isFinite(smooth)) {
    throw new RangeError(`smooth: expected a finite number ≥ 0, got ${smooth}`);
  }
}

function kindOf(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'string') return `'${x}'`;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return String(x);
}
