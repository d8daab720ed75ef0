import { formatValue } from '../api/formatValue';
import { invalidValueError } from '../api/tensor';
import type { ProbabilityTensor } from '../api/types';
import { resolveTemperatureOptions } from './calibrationOptions';
import { readScoreView, type ScoreView } from './scoreView';
import type { CalibrationMode, TemperatureOptions } from './types';

/** Probabilities after a temperature: the input's shape and layout. */
export interface TemperedProbabilities {
  data: Float32Array | Float64Array;
  shape: number[];
}

/**
 * Applies a temperature T to a model's output and returns probabilities, ready for
 * {@link rankseg} / {@link solve} (pass them without `activation`, with the same `layout`).
 *
 * Softmax (more than one channel, or `activation: 'softmax'`): p_T = softmax(z / T) over the
 * classes, with z the logits or, for probabilities, z = log p, i.e. p_T ∝ p^{1/T}. Sigmoid (one
 * channel, or `activation: 'sigmoid'`, or `mode: 'sigmoid'`): p_T = σ(z / T) per value, z the logit
 * or logit p; `temperature` may then be an array with one T per class (as a `perClass` fit gives).
 * A stored probability of exactly 0 or 1 is read as the nearest value its float type cannot tell
 * from it (see {@link fitTemperature}). T > 1 softens, T < 1 sharpens; T = 1 returns the
 * probabilities as they are (for probabilities: an exact copy; for logits: their softmax or
 * sigmoid). Computed in float64; stored as float32 when the input is float32 or float16, else
 * float64. The argmax of each pixel (and p > ½) never changes, up to float32 rounding. One pass, O(values); the input is never written.
 *
 * @param probs - `[B, C, ...spatial]` (or `[B, ...spatial, C]` with `layout: 'channels-last'`)
 *   probabilities, or logits with `activation`; `{data, shape}` or `{data, dims}`.
 * @param temperature - T > 0 (finite), or in sigmoid mode an array of C of them.
 * @param options - {@link TemperatureOptions}: `activation`, `layout`, `mode`.
 * @returns `{ data, shape }` probabilities in the input's shape and layout.
 * @throws {TypeError} probs not a tensor; temperature neither a number nor an array of numbers;
 *   an option of the wrong kind.
 * @throws {RangeError} T not finite and > 0; a per-class array under softmax or of the wrong
 *   length; a bad shape; a probability outside [0, 1] or a non-finite logit; a bad option.
 * @example
 * ```ts
 * import { applyTemperature, rankseg } from 'rankseg';
 * const probs = { data: new Float32Array([0.9, 0.6, 0.1, 0.4]), shape: [1, 2, 2] }; // 2 classes, 2 pixels
 * const softer = applyTemperature(probs, 2); // pixel 0: [3/4, 1/4] (0.9^½ : 0.1^½ = 3 : 1)
 * const mask = rankseg(softer);
 * ```
 */
export function applyTemperature(
  probs: ProbabilityTensor,
  temperature: number | readonly number[],
  options?: TemperatureOptions,
): TemperedProbabilities {
  const resolved = resolveTemperatureOptions(options);
  const view = readScoreView(probs, resolved.activation, resolved.layout, 'probs');
  const mode: CalibrationMode = resolved.mode ?? (view.classes === 1 ? 'sigmoid' : 'softmax');
  if (mode === 'softmax' && view.classes === 1) {
    throw new RangeError(
      "probs has one class channel: a softmax over one class is constant; calibrate a binary model as a sigmoid (mode 'sigmoid')",
    );
  }
  const betas = readBetas(temperature, mode, view.classes);
  const out = view.single ? new Float32Array(view.data.length) : new Float64Array(view.data.length);
  const identity = view.fromProbabilities && betas.every((b) => b === 1);
  const invalidAt = identity
    ? copyProbabilities(view, out)
    : mode === 'softmax'
      ? temperSoftmax(view, betas[0]!, out)
      : temperSigmoid(view, betas, out);
  if (invalidAt >= 0) {
    const v = view.data[invalidAt]!;
    throw view.fromProbabilities
      ? invalidValueError('probs', invalidAt, v)
      : new RangeError(
          `probs.data[${invalidAt}] is ${v}; logits (activation '${resolved.activation}') must be finite numbers`,
        );
  }
  return { data: out, shape: view.shape };
}

/** β = 1/T per group (one, or one per class), checked. */
function readBetas(temperature: unknown, mode: CalibrationMode, classes: number): Float64Array {
  const check = (t: unknown, name: string): number => {
    if (typeof t !== 'number') throw new TypeError(`${name} must be a number; got ${formatValue(t)}`);
    if (!(t > 0) || !Number.isFinite(t))
      throw new RangeError(`${name} must be a finite number > 0; got ${t}`);
    return 1 / t;
  };
  if (Array.isArray(temperature)) {
    if (mode === 'softmax') {
      throw new RangeError(
        'temperature is an array (one per class), which needs mode sigmoid; a softmax takes one temperature',
      );
    }
    if (temperature.length !== classes) {
      throw new RangeError(`temperature has ${temperature.length} entries; probs has ${classes} classes`);
    }
    return Float64Array.from(temperature, (t, c) => check(t, `temperature[${c}]`));
  }
  if (typeof temperature !== 'number') {
    throw new TypeError(
      `temperature must be a number or an array of numbers; got ${formatValue(temperature)}`,
    );
  }
  return Float64Array.of(check(temperature, 'temperature'));
}

/** T = 1 on probabilities: a checked copy. Returns the index of a bad value, or −1. */
function copyProbabilities(view: ScoreView, out: Float32Array | Float64Array): number {
  const { data } = view;
  for (let k = 0; k < data.length; k++) {
    const p = data[k]!;
    if (!(p >= 0 && p <= 1)) return k;
    out[k] = p;
  }
  return -1;
}

/**
 * softmax(β z) per pixel, z = log p (floored) or the logits, with the maximum subtracted: the
 * largest term is e⁰ = 1, so nothing overflows. Returns the index of a bad value, or −1.
 */
function temperSoftmax(view: ScoreView, beta: number, out: Float32Array | Float64Array): number {
  const { data, batch, classes: C, pixels: D, classStride, pixelStride, fromProbabilities, low } = view;
  const weights = new Float64Array(C);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < D; i++) {
      const at = b * C * D + i * pixelStride;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        const v = data[at + c * classStride]!;
        if (fromProbabilities ? !(v >= 0 && v <= 1) : !Number.isFinite(v)) return at + c * classStride;
        const z = fromProbabilities ? Math.log(Math.max(v, low)) : v;
        weights[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < C; c++) sum += weights[c] = Math.exp(beta * (weights[c]! - max));
      for (let c = 0; c < C; c++) out[at + c * classStride] = weights[c]! / sum;
    }
  }
  return -1;
}

/** σ(β_c z) per value, z = logit p (floored) or the logit. Returns the index of a bad value, or −1. */
function temperSigmoid(view: ScoreView, betas: Float64Array, out: Float32Array | Float64Array): number {
  const { data, batch, classes: C, pixels: D, classStride, pixelStride, fromProbabilities, low, gap } = view;
  for (let c = 0; c < C; c++) {
    const beta = betas.length === 1 ? betas[0]! : betas[c]!;
    for (let b = 0; b < batch; b++) {
      const base = b * C * D + c * classStride;
      for (let i = 0; i < D; i++) {
        const at = base + i * pixelStride;
        const v = data[at]!;
        let z: number;
        if (fromProbabilities) {
          if (!(v >= 0 && v <= 1)) return at;
          const q = 1 - v;
          z = Math.log(Math.max(v, low)) - Math.log(Math.max(q, gap));
        } else {
          if (!Number.isFinite(v)) return at;
          z = v;
        }
        out[at] = 1 / (1 + Math.exp(-beta * z));
      }
    }
  }
  return -1;
}
