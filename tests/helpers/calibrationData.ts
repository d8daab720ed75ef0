/**
 * Synthetic calibration data: a calibrated model (labels drawn from its own probabilities) whose
 * outputs are then sharpened (T > 1 recovers it) or softened (T < 1) by a known temperature.
 */
import { normalFrom, seededRandom } from './random';

/** One softmax image set: logits, the model's (tempered) probabilities, and drawn label maps. */
export interface SoftmaxData {
  /** Per image `[1, C, H, W]`: the tempered logits z/T_true… as the model outputs them. */
  logits: Float64Array[];
  /** softmax of `logits`, float32. */
  probs: Float32Array[];
  /** Per image `[1, H, W]` labels drawn from softmax(truth). */
  labels: Uint8Array[];
  shape: number[];
  labelShape: number[];
}

/**
 * `images` images of `side`×`side` pixels and `classes` classes: true logits z ~ N(0, scale²) per
 * class and pixel, labels y ~ softmax(z), model output softmax(T·z) with T = `sharpen` (so
 * temperature `sharpen` recovers the truth).
 */
export function softmaxData(
  seed: number,
  images: number,
  classes: number,
  side: number,
  sharpen: number,
): SoftmaxData {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const D = side * side;
  const out: SoftmaxData = {
    logits: [],
    probs: [],
    labels: [],
    shape: [1, classes, side, side],
    labelShape: [1, side, side],
  };
  const z = new Float64Array(classes);
  for (let b = 0; b < images; b++) {
    const logits = new Float64Array(classes * D);
    const probs = new Float32Array(classes * D);
    const labels = new Uint8Array(D);
    for (let i = 0; i < D; i++) {
      for (let c = 0; c < classes; c++) z[c] = 1.5 * normal();
      labels[i] = drawSoftmax(z, random());
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, sharpen * z[c]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(sharpen * z[c]! - max);
      for (let c = 0; c < classes; c++) {
        logits[c * D + i] = sharpen * z[c]!;
        probs[c * D + i] = Math.exp(sharpen * z[c]! - max) / sum;
      }
    }
    out.logits.push(logits);
    out.probs.push(probs);
    out.labels.push(labels);
  }
  return out;
}

/** The class drawn by inverse CDF from softmax(z) at uniform u. */
function drawSoftmax(z: Float64Array, u: number): number {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (const v of z) sum += Math.exp(v - max);
  let left = u * sum;
  for (let c = 0; c < z.length - 1; c++) {
    left -= Math.exp(z[c]! - max);
    if (left < 0) return c;
  }
  return z.length - 1;
}

/** One sigmoid (binary/multilabel) image set. */
export interface SigmoidData {
  /** Per image `[1, C, H, W]` logits T_c·z. */
  logits: Float64Array[];
  /** σ(logits), float32. */
  probs: Float32Array[];
  /** Per image `[1, C, H, W]` 0/1 masks drawn from σ(z). */
  masks: Uint8Array[];
  shape: number[];
}

/** Like {@link softmaxData} for independent sigmoids: class c is sharpened by `sharpen[c]`. */
export function sigmoidData(
  seed: number,
  images: number,
  side: number,
  sharpen: readonly number[],
): SigmoidData {
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const C = sharpen.length;
  const D = side * side;
  const out: SigmoidData = { logits: [], probs: [], masks: [], shape: [1, C, side, side] };
  for (let b = 0; b < images; b++) {
    const logits = new Float64Array(C * D);
    const probs = new Float32Array(C * D);
    const masks = new Uint8Array(C * D);
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < D; i++) {
        const z = 2 * normal() - 0.5;
        masks[c * D + i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        logits[c * D + i] = sharpen[c]! * z;
        probs[c * D + i] = 1 / (1 + Math.exp(-sharpen[c]! * z));
      }
    }
    out.logits.push(logits);
    out.probs.push(probs);
    out.masks.push(masks);
  }
  return out;
}

/**
 * The mean NLL of label maps under softmax(log p / T), computed directly (the test's own oracle,
 * independent of the library's kernels): −(1/N) Σ log softmax(log p / T)_y.
 */
export function directSoftmaxNll(
  probs: Float32Array[],
  labels: Uint8Array[],
  classes: number,
  T: number,
): number {
  let total = 0;
  let n = 0;
  for (let b = 0; b < probs.length; b++) {
    const D = labels[b]!.length;
    for (let i = 0; i < D; i++) {
      const s: number[] = [];
      for (let c = 0; c < classes; c++) s.push(Math.log(probs[b]![c * D + i]!) / T);
      const max = Math.max(...s);
      const lse = max + Math.log(s.reduce((a, v) => a + Math.exp(v - max), 0));
      total += lse - s[labels[b]![i]!]!;
      n++;
    }
  }
  return total / n;
}
