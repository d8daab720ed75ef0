/**
 * One pass of temperature fitting over one (prediction, labels) pair: the negative log-likelihood
 * at β = 1/T and its first two derivatives in β, and optionally the confidence histogram of the
 * ECE. Hot loops over the typed arrays, nothing allocated per pixel.
 *
 * @module
 */

import type { ScoreView } from './scoreView';

/** Sums over the scored values, per group (one group, or one per class with `perClass`). */
export interface PassSums {
  /** Σ −log p_y at β. */
  nll: Float64Array;
  /** Σ ∂/∂β of it. */
  grad: Float64Array;
  /** Σ ∂²/∂β² of it (≥ 0: the NLL is convex in β). */
  curv: Float64Array;
  /** Values scored. */
  count: Float64Array;
}

/** Per confidence bin: predictions, Σ confidence, Σ correct. */
export interface ConfidenceHistogram {
  count: Float64Array;
  confidence: Float64Array;
  correct: Float64Array;
}

/** Where a pass stopped on a value it cannot use: `index` −1 when none. */
export interface BadValue {
  tensor: 'prediction' | 'label';
  index: number;
}

/** Fresh zero sums for `groups` groups. */
export function emptySums(groups: number): PassSums {
  return {
    nll: new Float64Array(groups),
    grad: new Float64Array(groups),
    curv: new Float64Array(groups),
    count: new Float64Array(groups),
  };
}

/** A fresh empty histogram of `bins` bins. */
export function emptyHistogram(bins: number): ConfidenceHistogram {
  return {
    count: new Float64Array(bins),
    confidence: new Float64Array(bins),
    correct: new Float64Array(bins),
  };
}

/**
 * Softmax: per labelled pixel with scores z_c (z = log p from probabilities) and d_c = z_c − max z,
 * w_c = e^{β d_c}, Z = Σ w_c:
 *   NLL = log Z − β d_y,  ∂/∂β = E_β[d] − d_y,  ∂²/∂β² = Var_β[d],
 * with E_β and Var_β under the tempered softmax (the shift by max z changes none of them). The
 * histogram gets the top-class confidence 1/Z (w = 1 at the maximum) and whether the argmax (the
 * lowest index among equal maxima) is the label. O(C) per pixel, one exp per class.
 *
 * Labels `[B, D]` flat: integers in [0, C), or `ignore`. Stops at the first prediction that is not
 * a probability (or not a finite logit) and at the first bad label, reporting it in `bad`.
 *
 * @param scratch - at least C entries, overwritten.
 */
export function softmaxPass(
  view: ScoreView,
  labels: ArrayLike<number>,
  beta: number,
  ignore: number,
  sums: PassSums,
  histogram: ConfidenceHistogram | null,
  scratch: Float64Array,
  bad: BadValue,
): void {
  const { data, batch, classes: C, pixels: D, classStride, pixelStride, fromProbabilities, low } = view;
  const bins = histogram === null ? 0 : histogram.count.length;
  let nll = 0;
  let grad = 0;
  let curv = 0;
  let count = 0;
  for (let b = 0; b < batch; b++) {
    const image = b * C * D;
    for (let i = 0; i < D; i++) {
      const y = labels[b * D + i]!;
      if (y === ignore) continue;
      if (!(Number.isInteger(y) && y >= 0 && y < C)) {
        bad.tensor = 'label';
        bad.index = b * D + i;
        return;
      }
      const at = image + i * pixelStride;
      let max = Number.NEGATIVE_INFINITY;
      let top = 0;
      for (let c = 0; c < C; c++) {
        const v = data[at + c * classStride]!;
        let z: number;
        if (fromProbabilities) {
          if (!(v >= 0 && v <= 1)) {
            bad.tensor = 'prediction';
            bad.index = at + c * classStride;
            return;
          }
          z = Math.log(Math.max(v, low));
        } else {
          if (!Number.isFinite(v)) {
            bad.tensor = 'prediction';
            bad.index = at + c * classStride;
            return;
          }
          z = v;
        }
        scratch[c] = z;
        if (z > max) {
          max = z;
          top = c;
        }
      }
      let sum = 0;
      let first = 0;
      let second = 0;
      for (let c = 0; c < C; c++) {
        const d = scratch[c]! - max;
        const w = Math.exp(beta * d);
        sum += w;
        first += w * d;
        second += w * d * d;
      }
      const mean = first / sum;
      const dy = scratch[y]! - max;
      nll += Math.log(sum) - beta * dy;
      grad += mean - dy;
      // Var = E[d²] − E[d]², ≥ 0 up to rounding
      curv += Math.max(0, second / sum - mean * mean);
      count++;
      if (bins > 0) {
        const confidence = 1 / sum;
        const k = Math.min(bins - 1, Math.floor(confidence * bins));
        histogram!.count[k]! += 1;
        histogram!.confidence[k]! += confidence;
        if (top === y) histogram!.correct[k]! += 1;
      }
    }
  }
  sums.nll[0]! += nll;
  sums.grad[0]! += grad;
  sums.curv[0]! += curv;
  sums.count[0]! += count;
}

/**
 * Sigmoid: per labelled value with score z (z = logit p from probabilities), x = β_k z for its
 * group k:
 *   NLL = softplus(x) − y·x,  ∂/∂β = z(σ(x) − y),  ∂²/∂β² = z² σ(x)(1 − σ(x)),
 * all from one exp (e^{−|x|}), so that neither tail cancels. The histogram gets the confidence
 * max(σ, 1 − σ) of the two-way prediction "positive iff σ > ½" and whether it matches y.
 *
 * Labels are indexed like the prediction (0/1 masks in its layout): 0, 1 or `ignore`.
 *
 * @param betas - β per group: one entry, or C with `perClass`.
 */
export function sigmoidPass(
  view: ScoreView,
  labels: ArrayLike<number>,
  betas: Float64Array,
  perClass: boolean,
  ignore: number,
  sums: PassSums,
  histogram: ConfidenceHistogram | null,
  bad: BadValue,
): void {
  const { data, batch, classes: C, pixels: D, classStride, pixelStride, fromProbabilities, low, gap } = view;
  const bins = histogram === null ? 0 : histogram.count.length;
  for (let c = 0; c < C; c++) {
    const k = perClass ? c : 0;
    const beta = betas[k]!;
    let nll = 0;
    let grad = 0;
    let curv = 0;
    let count = 0;
    for (let b = 0; b < batch; b++) {
      const base = b * C * D + c * classStride;
      for (let i = 0; i < D; i++) {
        const at = base + i * pixelStride;
        const y = labels[at]!;
        if (y === ignore) continue;
        if (y !== 0 && y !== 1) {
          bad.tensor = 'label';
          bad.index = at;
          return;
        }
        const v = data[at]!;
        let z: number;
        if (fromProbabilities) {
          if (!(v >= 0 && v <= 1)) {
            bad.tensor = 'prediction';
            bad.index = at;
            return;
          }
          // logit p = log p − log(1 − p); 1 − p is exact for p ≥ ½
          const q = 1 - v;
          z = Math.log(Math.max(v, low)) - Math.log(Math.max(q, gap));
        } else {
          if (!Number.isFinite(v)) {
            bad.tensor = 'prediction';
            bad.index = at;
            return;
          }
          z = v;
        }
        const x = beta * z;
        const e = Math.exp(-Math.abs(x));
        const near = 1 / (1 + e); // σ(|x|)
        const sig = x >= 0 ? near : e * near;
        const rest = x >= 0 ? e * near : near; // 1 − σ(x), without cancellation
        nll += Math.max(x, 0) + Math.log1p(e) - y * x;
        grad += z * (sig - y);
        curv += z * z * sig * rest;
        count++;
        if (bins > 0) {
          const confidence = x > 0 ? sig : rest;
          const bin = Math.min(bins - 1, Math.floor(confidence * bins));
          histogram!.count[bin]! += 1;
          histogram!.confidence[bin]! += confidence;
          if ((x > 0 ? 1 : 0) === y) histogram!.correct[bin]! += 1;
        }
      }
    }
    sums.nll[k]! += nll;
    sums.grad[k]! += grad;
    sums.curv[k]! += curv;
    sums.count[k]! += count;
  }
}
