import type { OverlapMetric } from '../catalog';
import { bernsteinDeviation, TAIL_EXPONENT } from './budget';
import { type FoldSums, foldedPmf } from './foldedPmf';
import { convolveBernoulli, deconvolveBernoulli } from './poissonBinomialPmf';

/** Growable float64 buffers for {@link pmfTierScores}. */
export class PmfScratch {
  f = new Float64Array(256);
  g = new Float64Array(256);
  w = new Float64Array(256);
  scale = new Float64Array(256);

  /** Makes every buffer hold at least n entries. */
  ensure(n: number): void {
    if (this.f.length >= n) return;
    const size = Math.max(n, 2 * this.f.length);
    this.f = new Float64Array(size);
    this.g = new Float64Array(size);
    this.w = new Float64Array(size);
    this.scale = new Float64Array(size);
  }
}

/**
 * Exact top-τ objectives at a few candidate volumes from the law of Γ (the small-object path).
 *
 * Pixels are split into an explicit "body" sorted descending (it holds every pixel a candidate
 * mask can take) and a folded remainder of small probabilities (see foldedPmf). Γ's law is
 * kept on 0…top with P(Γ > top) ≤ e^{−46} (Bernstein), built by forward convolution from the
 * folded law. Then, as in expectedScoreCurve,
 * - Dice: D(τ) = 2Σₖ w_τ(k)/(τ + 1 + s + k) + sΣₖ f(k)/(τ + s + k), w_τ = Σ_{j≤τ} p₍ⱼ₎·law(Γ₋ⱼ),
 *   one stable deconvolution per τ up to the largest candidate;
 * - IoU: I(τ) = (C(τ) + s)Σₖ f_{B_τ}(k)/(τ + s + k), B_τ's law built from the folded pixels and
 *   the body below the largest candidate, then walked down by forward convolution only.
 * Truncation at `top` costs ≤ e^{−46}·(τ + 1) per value; folding ≤ 2δ (FoldSums.truncationBound).
 *
 * O(n_body·top + τ_max·top + candidates·top), top = ⌈μ + x⌉ + 1 with
 * x = 46/3 + √((46/3)² + 92σ²) (bernsteinDeviation): about μ + 10σ + 31.
 *
 * @param scratch - reusable buffers.
 * @param body - explicit probabilities sorted descending (body[0] the largest).
 * @param bodyLength - how many; every candidate τ ≤ bodyLength.
 * @param fold - the folded remainder (all below body's smallest).
 * @param candidates - ascending volumes to score.
 * @param count - number of candidates.
 * @param metric - 'dice' or 'iou'.
 * @param smooth - s ≥ 0.
 * @param values - values[i] receives the objective at candidates[i].
 * @returns a bound on the absolute error of every value.
 * @example
 * const fold = new FoldSums();
 * const v = new Float64Array(1);
 * pmfTierScores(new PmfScratch(), new Float64Array([0.8]), 1, fold, new Int32Array([1]), 1, 'dice', 0, v);
 * // v[0] = 0.8
 */
export function pmfTierScores(
  scratch: PmfScratch,
  body: Float64Array,
  bodyLength: number,
  fold: FoldSums,
  candidates: Int32Array,
  count: number,
  metric: OverlapMetric,
  smooth: number,
  values: Float64Array,
): number {
  const s = smooth;
  let mean = fold.sum;
  let variance = fold.variance;
  for (let i = 0; i < bodyLength; i++) {
    const p = body[i]!;
    mean += p;
    variance += p * (1 - p);
  }
  const dev = bernsteinDeviation(variance, TAIL_EXPONENT);
  const top = Math.min(bodyLength + fold.count, Math.ceil(mean + dev) + 1);
  scratch.ensure(top + 1);
  const { f, g, w } = scratch;
  foldedPmf(fold, top, f, scratch.scale);
  const tauMax = candidates[count - 1]!;
  const tail = Math.exp(-TAIL_EXPONENT);
  const errorBound = 2 * fold.truncationBound() + 2 * tail * (tauMax + 2);

  if (metric === 'dice') {
    for (let i = 0; i < bodyLength; i++) convolveBernoulli(f, top, body[i]!);
    w.fill(0, 0, top + 1);
    let ci = 0;
    for (let tau = 0; tau <= tauMax; tau++) {
      if (tau > 0) {
        const pj = body[tau - 1]!;
        deconvolveBernoulli(f, top, pj, g);
        for (let k = 0; k <= top; k++) w[k] = w[k]! + pj * g[k]!;
      }
      if (tau !== candidates[ci]) continue;
      let t1 = 0;
      let t0 = 0;
      if (tau > 0) for (let k = 0; k <= top; k++) t1 += w[k]! / (tau + 1 + s + k);
      if (s > 0) for (let k = 0; k <= top; k++) t0 += f[k]! / (tau + s + k);
      values[ci++] = 2 * t1 + s * t0;
    }
    return errorBound;
  }

  for (let i = tauMax; i < bodyLength; i++) convolveBernoulli(f, top, body[i]!);
  // C(τ) by ascending sums (exactly 0 at τ = 0: a running difference would leave rounding
  // residue there, which matters when s is tiny), parked in `values` until overwritten.
  let cum = 0;
  for (let i = 0, tau = 0; i < count; i++) {
    const target = candidates[i]!;
    while (tau < target) cum += body[tau++]!;
    values[i] = cum;
  }
  let ci = count - 1;
  for (let tau = tauMax; ci >= 0; tau--) {
    if (tau === candidates[ci]) {
      const c = values[ci]!;
      let acc = 0;
      if (tau + s > 0 && c + s > 0) for (let k = 0; k <= top; k++) acc += f[k]! / (tau + s + k);
      values[ci--] = (c + s) * acc;
    }
    if (tau > 0) convolveBernoulli(f, top, body[tau - 1]!);
  }
  return errorBound;
}
