/**
 * Many small probabilities folded into a few power sums, and the exact law of their sum.
 *
 * For pixels with odds rᵢ = pᵢ/(1 − pᵢ) ≤ ρ < 1, the generating function of L = ΣYᵢ is
 *   E[x^L] = Π(1 − pᵢ)·Π(1 + rᵢx),  log Π(1 + rᵢx) = Σⱼ (−1)ʲ⁻¹ Rⱼ xʲ/j,  Rⱼ = Σᵢ rᵢʲ,
 * so L's law needs only R₁…R_J, not the pixels: f(0) = Π(1 − pᵢ) = exp(−Σⱼ (−1)ʲ⁻¹ Rⱼ/j) and
 * (Newton's identities on the elementary symmetric polynomials of the odds)
 *   k·f(k) = Σ_{j=1}^{min(k,J)} (−1)ʲ⁻¹ Rⱼ·f(k − j).
 * Relative to the leading term R₁f(k − 1), the j = 2 correction is about ρ·k/R₁ (f(k − 2)/f(k − 1)
 * ≈ k/R₁), small for the k that carry mass when ρ ≤ 0.05; far in the tail, where it is not,
 * the values themselves are negligible, and every error mode of the recursion is damped by the
 * 1/k factor. (Checked against the exact pmf in tests/solvers/expectation/components.test.ts.)
 *
 * Truncation: dropping j > J changes log E[x^L] by Δ(x) with coefficient ℓ₁-norm
 * ‖Δ‖ ≤ δ = 2R₁ρᴶ/((J + 1)(1 − ρ)); in the (sub-multiplicative) ℓ₁ norm of coefficient
 * sequences the pmf then moves by at most e^δ(e^δ − 1) ≈ δ in total variation. Two groups are
 * kept (p < 1e-4 with J = 6, and the rest of the folded pixels with J = 16), so the bound below
 * stays under 1e-19·R₁ whenever ρ ≤ 0.0527 (p ≤ 0.05).
 */

/** Pixels below this probability are folded by the pmf paths (the rest stay explicit). */
export const FOLD_BELOW = 0.05;

/** Below this a pixel goes to the "tiny" group (ρ ≤ 1.0001e-4, 6 terms: ρ⁶ ≈ 1e-24). */
export const TINY_PROBABILITY = 1e-4;
/** Terms kept for the tiny group. */
export const TINY_TERMS = 6;
/** Terms kept for the other folded pixels (p < 0.05: ρ¹⁶ ≈ 3.6e-21). */
export const SMALL_TERMS = 16;

/** Power sums of the odds of the folded pixels, in two groups. */
export class FoldSums {
  /** Folded pixels. */
  count = 0;
  /** Σp over them. */
  sum = 0;
  /** Σp(1 − p) over them. */
  variance = 0;
  /** tiny[j] = Σ rʲ over pixels with p < TINY_PROBABILITY, j = 1…TINY_TERMS. */
  readonly tiny = new Float64Array(TINY_TERMS + 1);
  /** small[j] = Σ rʲ over the other folded pixels, j = 1…SMALL_TERMS. */
  readonly small = new Float64Array(SMALL_TERMS + 1);
  /** Largest odds in the small group. */
  smallMaxOdds = 0;
  /** Scratch of foldedPmf: the signed power sums (−1)ʲ⁻¹Rⱼ. */
  readonly coefficients = new Float64Array(SMALL_TERMS + 1);

  /** Empties the sums. */
  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.variance = 0;
    this.tiny.fill(0);
    this.small.fill(0);
    this.smallMaxOdds = 0;
  }

  /** Adds one pixel, p < 0.05 (any p < 1 is accepted; the error bound reports the cost). O(J). */
  add(p: number): void {
    this.count++;
    this.sum += p;
    this.variance += p * (1 - p);
    if (p === 0) return;
    const r = p / (1 - p);
    if (p < TINY_PROBABILITY) {
      const t = this.tiny;
      let rj = r;
      for (let j = 1; j <= TINY_TERMS; j++) {
        t[j] = t[j]! + rj;
        rj *= r;
      }
      return;
    }
    if (r > this.smallMaxOdds) this.smallMaxOdds = r;
    const t = this.small;
    let rj = r;
    for (let j = 1; j <= SMALL_TERMS; j++) {
      t[j] = t[j]! + rj;
      rj *= r;
    }
  }

  /** δ: a bound on the total-variation error of {@link foldedPmf} from the dropped terms. */
  truncationBound(): number {
    const rt = TINY_PROBABILITY / (1 - TINY_PROBABILITY);
    const rs = this.smallMaxOdds;
    const dt = (2 * this.tiny[1]! * rt ** TINY_TERMS) / ((TINY_TERMS + 1) * (1 - rt));
    const ds = rs < 1 ? (2 * this.small[1]! * rs ** SMALL_TERMS) / ((SMALL_TERMS + 1) * (1 - rs)) : Infinity;
    const d = dt + ds;
    return Math.exp(d) * Math.expm1(d);
  }
}

/** ln(1e200): the rescaling step of the recursion. */
const LOG_STEP = 200 * Math.LN10;

/**
 * The law of the folded pixels' sum on 0…top from their odds power sums (see the file comment).
 *
 * Values are kept scaled (a factor per index, changed by 1e200 steps over the J-entry window the
 * recursion reads) so that f(0) = Π(1 − p) may underflow while the mass near the mean does not.
 *
 * O(top·J). Writes into caller-owned arrays.
 *
 * @param fold - the power sums.
 * @param top - highest count wanted.
 * @param out - f(0…top), overwritten; length ≥ top + 1.
 * @param logScale - scratch, length ≥ top + 1.
 * @example
 * const fold = new FoldSums();
 * fold.add(0.01); fold.add(0.02);
 * const f = new Float64Array(3);
 * foldedPmf(fold, 2, f, new Float64Array(3)); // ≈ [0.9702, 0.0296, 0.0002]
 */
export function foldedPmf(fold: FoldSums, top: number, out: Float64Array, logScale: Float64Array): void {
  const J = SMALL_TERMS;
  const coef = fold.coefficients; // (−1)^(j−1) Rⱼ
  let logQ0 = 0;
  for (let j = 1; j <= J; j++) {
    const rj = fold.small[j]! + (j <= TINY_TERMS ? fold.tiny[j]! : 0);
    coef[j] = j & 1 ? rj : -rj;
    logQ0 -= coef[j]! / j;
  }
  let level = 0;
  out[0] = 1;
  logScale[0] = 0;
  for (let k = 1; k <= top; k++) {
    let acc = 0;
    const jTop = Math.min(k, J);
    for (let j = 1; j <= jTop; j++) acc += coef[j]! * out[k - j]!;
    const v = acc / k;
    out[k] = v;
    logScale[k] = level;
    if (Math.abs(v) > 1e200) {
      level += LOG_STEP;
      for (let i = Math.max(0, k - J + 1); i <= k; i++) {
        out[i] = out[i]! * 1e-200;
        logScale[i] = level;
      }
    }
  }
  for (let k = 0; k <= top; k++) out[k] = out[k]! * Math.exp(logQ0 + logScale[k]!);
}
