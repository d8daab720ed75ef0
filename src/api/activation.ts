import type { FloatArray } from '../kernels/types';

/** How stored values become probabilities: as they are, softmax over classes, sigmoid per value. */
export const ACTIVATIONS = ['none', 'softmax', 'sigmoid'] as const;
/** One of {@link ACTIVATIONS}. */
export type Activation = (typeof ACTIVATIONS)[number];
/** Where the class axis is: `[B, C, ...spatial]` or `[B, ...spatial, C]`. */
export const LAYOUTS = ['channels-first', 'channels-last'] as const;
/** One of {@link LAYOUTS}. */
export type Layout = (typeof LAYOUTS)[number];

/**
 * Where a new array's bytes come from: `ordinaryBuffer`, or a SharedArrayBuffer for an array that
 * worker threads will read (`solveAsync`).
 */
export type Allocate = (bytes: number) => ArrayBuffer;

/** A new ArrayBuffer of `bytes` zeros. */
export const ordinaryBuffer: Allocate = (bytes) => new ArrayBuffer(bytes);

/**
 * Logits or channels-last probabilities into channels-first probabilities `[B, C, D]`, in a new
 * array (the input is never written). Softmax runs over the class axis with the maximum
 * subtracted (no overflow), sigmoid per element as 1/(1 + e^−x); both in float64, into a
 * Float64Array. With no activation, a channels-last input is transposed into an array of its own
 * type. One pass over the input, O(B·C·D).
 *
 * @returns the probabilities, or the index of the first non-finite logit as `invalidAt`.
 * @example
 * prepareValues(new Float32Array([0, 0, Math.log(3), 0]), 1, 2, 2, 'softmax', 'channels-last').data;
 * // pixel 0: softmax(0, 0) = [0.5, 0.5]; pixel 1: softmax(ln 3, 0) = [0.75, 0.25]
 * // channels-first: Float64Array [0.5, 0.75, 0.5, 0.25]
 */
export function prepareValues(
  data: FloatArray,
  batch: number,
  classes: number,
  pixels: number,
  activation: Activation,
  layout: Layout,
  allocate: Allocate = ordinaryBuffer,
): { data: FloatArray; invalidAt: number } {
  const last = layout === 'channels-last';
  // Flat index of (b, c, i) in the input.
  const at = (b: number, c: number, i: number) =>
    last ? (b * pixels + i) * classes + c : (b * classes + c) * pixels + i;
  if (activation === 'none') {
    const out =
      data instanceof Float32Array
        ? new Float32Array(allocate(4 * data.length))
        : new Float64Array(allocate(8 * data.length));
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < pixels; i++) {
        for (let c = 0; c < classes; c++) out[(b * classes + c) * pixels + i] = data[at(b, c, i)]!;
      }
    }
    return { data: out, invalidAt: -1 };
  }
  const out = new Float64Array(allocate(8 * data.length));
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) return { data: out, invalidAt: k };
  }
  if (activation === 'sigmoid') {
    for (let b = 0; b < batch; b++) {
      for (let c = 0; c < classes; c++) {
        const base = (b * classes + c) * pixels;
        for (let i = 0; i < pixels; i++) out[base + i] = 1 / (1 + Math.exp(-data[at(b, c, i)]!));
      }
    }
    return { data: out, invalidAt: -1 };
  }
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < pixels; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) max = Math.max(max, data[at(b, c, i)]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(data[at(b, c, i)]! - max);
        out[(b * classes + c) * pixels + i] = e;
        sum += e;
      }
      for (let c = 0; c < classes; c++) out[(b * classes + c) * pixels + i]! /= sum;
    }
  }
  return { data: out, invalidAt: -1 };
}
