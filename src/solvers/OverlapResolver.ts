import type { SliceRanking } from '../kernels/SliceRanking';
import type { FloatArray, TopSet } from '../kernels/types';
import type { OverlapMetric, UnassignedPolicy } from './catalog';

/** How pixels that no class selected are labelled (DESIGN §3.5). */
export interface UnassignedRule {
  policy: UnassignedPolicy;
  voidIndex: number;
}

/** Per-image inputs of the overlap resolution: one top-τ selection per class. */
export interface ImageSelections {
  /** Probabilities `[C, D]` of this image start at `offset` in `data`. */
  data: FloatArray;
  offset: number;
  classes: number;
  pixels: number;
  /** One per class; pruned classes select nothing. */
  tops: readonly TopSet[];
  /** μ_c = Σp of each class. */
  means: Float64Array;
  /** Unpruned classes (largest probability above pruningProb). */
  active: Uint8Array;
}

const UNASSIGNED = -1;
const CONTESTED = -2;

/**
 * Resolves per-class top-τ selections into one label per pixel (RankSEG-RMA's pixel score,
 * DESIGN §3.5): a pixel chosen by one class takes it; a pixel chosen by several goes to the one
 * whose RMA objective gains most from it; a pixel chosen by none goes to the best-scoring active
 * class (all classes if none is active) under `'max_score'`, or to `voidIndex` under `'void'`.
 * Ties go to the lowest class index.
 *
 * The gain of giving pixel p to class c, with S_c its solely-chosen pixels, m = Σ_{S_c} p,
 * t = |S_c|, μ = Σp over the image:
 * Dice, D = t + μ + 1 + s: 2(p·D − m)/(D(D + 1)) − s/((D − 1)D) (the change of D̃);
 * IoU, U = t + μ − m: (m + p + s)/(U + s − p + 1) − (m + s)/(U + s), 0/0 := 0.
 *
 * Per image: `begin`, one `claim` per class while its ranking is loaded, then `resolve`.
 * O(kept pixels) for the claims, O(D) for the labels, O(C) per contested or unassigned pixel.
 *
 * @example
 * const resolver = new OverlapResolver();
 * resolver.begin(pixels, classes);
 * // for each class c: solve with `ranking`, then
 * resolver.claim(ranking, top, c);
 * resolver.resolve(image, 'dice', 0, { policy: 'max_score', voidIndex: 255 }, labels, 0);
 */
export class OverlapResolver {
  private owner = new Int32Array(0);
  private soloSum = new Float64Array(0);
  private soloCount = new Float64Array(0);
  private alpha = new Float64Array(0);
  private beta = new Float64Array(0);

  /** Starts an image: no pixel is owned. */
  begin(pixels: number, classes: number): void {
    if (this.owner.length < pixels) this.owner = new Int32Array(pixels);
    if (this.soloSum.length < classes) {
      this.soloSum = new Float64Array(classes);
      this.soloCount = new Float64Array(classes);
      this.alpha = new Float64Array(classes);
      this.beta = new Float64Array(classes);
    }
    this.owner.fill(UNASSIGNED, 0, pixels);
  }

  /** Records the pixels class c selects, from its loaded ranking's kept pixels. */
  claim(ranking: SliceRanking, top: TopSet, c: number): void {
    if (top.volume === 0) return;
    const { threshold, lastTie } = top;
    const owner = this.owner;
    const values = ranking.keptValues;
    const indices = ranking.keptIndices;
    for (let j = 0; j < ranking.kept; j++) {
      const p = values[j]!;
      const i = indices[j]!;
      if (p > threshold || (p === threshold && i <= lastTie))
        owner[i] = owner[i] === UNASSIGNED ? c : CONTESTED;
    }
  }

  /** Writes the labels of the image to `out[outOffset + i]`. */
  resolve(
    image: ImageSelections,
    metric: OverlapMetric,
    smooth: number,
    rule: UnassignedRule,
    out: Uint8Array | Uint16Array | Uint32Array,
    outOffset: number,
  ): void {
    const { data, offset, classes, pixels, tops, means, active } = image;
    const { owner, soloSum, soloCount, alpha, beta } = this;
    soloSum.fill(0, 0, classes);
    soloCount.fill(0, 0, classes);
    let unresolved = 0;
    for (let i = 0; i < pixels; i++) {
      const c = owner[i]!;
      if (c >= 0) {
        soloSum[c]! += data[offset + c * pixels + i]!;
        soloCount[c]!++;
        out[outOffset + i] = c;
      } else unresolved++;
    }
    if (unresolved === 0) return;

    let anyActive = false;
    for (let c = 0; c < classes; c++) anyActive ||= active[c] === 1;
    // Dice gain = alpha·(p·D − m) − beta. IoU: alpha = U + s, beta = (m + s)/(U + s).
    for (let c = 0; c < classes; c++) {
      const m = soloSum[c]!;
      if (metric === 'dice') {
        const D = soloCount[c]! + means[c]! + 1 + smooth;
        alpha[c] = 2 / (D * (D + 1));
        beta[c] = smooth > 0 ? smooth / ((D - 1) * D) : 0;
      } else {
        const U = soloCount[c]! + means[c]! - m + smooth;
        alpha[c] = U;
        beta[c] = U === 0 ? 0 : (m + smooth) / U;
      }
    }

    for (let i = 0; i < pixels; i++) {
      const state = owner[i]!;
      if (state >= 0) continue;
      if (state === UNASSIGNED && rule.policy === 'void') {
        out[outOffset + i] = rule.voidIndex;
        continue;
      }
      let bestClass = -1;
      let bestGain = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) {
        const p = data[offset + c * pixels + i]!;
        if (state === CONTESTED) {
          const top = tops[c]!;
          if (!(p > top.threshold || (p === top.threshold && i <= top.lastTie))) continue;
        } else if (anyActive && active[c] !== 1) continue;
        const m = soloSum[c]!;
        const gain =
          metric === 'dice'
            ? alpha[c]! * (p * (soloCount[c]! + means[c]! + 1 + smooth) - m) - beta[c]!
            : (m + p + smooth) / (alpha[c]! - p + 1) - beta[c]!;
        if (bestClass < 0 || gain > bestGain) {
          bestGain = gain;
          bestClass = c;
        }
      }
      out[outOffset + i] = bestClass;
    }
  }
}
