import type { Activation, Layout } from '../api/activation';
import { readTensor } from '../api/tensor';
import type { FloatArray } from '../kernels/types';

/**
 * A prediction tensor as the temperature kernels read it: values in place (never copied or
 * written), with the strides of its layout, and how to turn a value into a score z.
 */
export interface ScoreView {
  data: FloatArray;
  batch: number;
  classes: number;
  /** Pixels per image and class. */
  pixels: number;
  /** The tensor's shape as given. */
  shape: number[];
  /** Shape of one image without the class axis (`[...spatial]`). */
  spatialShape: number[];
  /** Flat index of (b, c, i) = b·C·D + c·classStride + i·pixelStride. */
  classStride: number;
  pixelStride: number;
  /** True for probabilities (z = log p or logit p), false for logits (z as stored). */
  fromProbabilities: boolean;
  /** The probability a stored 0 stands for: half the smallest step the storage type can hold. */
  low: number;
  /** 1 − (the probability a stored 1 stands for). */
  gap: number;
  /** `data` holds float32-precision values (float32 or float16 input). */
  single: boolean;
}

// A stored 0 or 1 is a rounded number: read it as the nearest value its type could not tell from
// it (half an ulp away), so that log p and logit p stay finite and keep the order of the values.
const FLOORS = {
  float64: { low: Number.MIN_VALUE, gap: 2 ** -54 },
  float32: { low: 2 ** -150, gap: 2 ** -25 },
  float16: { low: 2 ** -25, gap: 2 ** -12 },
} as const;

/**
 * Reads a prediction tensor (`{data, shape}` or `{data, dims}`, float16/32/64 or `number[]`, see
 * `readTensor`) for the temperature kernels. Values are not checked here: the kernels check each
 * one as they read it.
 *
 * @param name - what error messages call the tensor (`'predictions[3]'`).
 * @throws {TypeError} as `readTensor` (not a tensor, data of the wrong kind or not on the CPU).
 * @throws {RangeError} fewer than 3 dimensions, a zero dimension, or a length that disagrees with
 *   the shape.
 * @example
 * ```ts
 * const view = readScoreView({ data: new Float32Array(8), shape: [1, 2, 2, 2] }, 'none', 'channels-first', 'probs');
 * // view.classes = 2, view.pixels = 4, view.classStride = 4, view.pixelStride = 1
 * ```
 */
export function readScoreView(
  value: unknown,
  activation: Activation,
  layout: Layout,
  name: string,
): ScoreView {
  const { data, shape } = readTensor(value, name);
  const last = layout === 'channels-last';
  if (shape.length < 3) {
    const axes = last ? '[B, ...spatial, C]' : '[B, C, ...spatial]';
    throw new RangeError(
      `${name} must have shape ${axes} (at least 3 dimensions); got shape [${shape.join(', ')}]`,
    );
  }
  if (data.length === 0) throw new RangeError(`${name} shape [${shape.join(', ')}] has a zero dimension`);
  const batch = shape[0]!;
  const classes = last ? shape[shape.length - 1]! : shape[1]!;
  const spatialShape = last ? shape.slice(1, -1) : shape.slice(2);
  const pixels = data.length / (batch * classes);
  const half = isFloat16(value);
  const floors = half ? FLOORS.float16 : data instanceof Float32Array ? FLOORS.float32 : FLOORS.float64;
  return {
    data,
    batch,
    classes,
    pixels,
    shape: [...shape],
    spatialShape,
    classStride: last ? 1 : pixels,
    pixelStride: last ? classes : 1,
    fromProbabilities: activation === 'none',
    low: floors.low,
    gap: floors.gap,
    single: data instanceof Float32Array,
  };
}

function isFloat16(value: unknown): boolean {
  const v = value as { data?: unknown; type?: unknown };
  if (v.type === 'float16' || v.data instanceof Uint16Array) return true;
  // a native Float16Array (recent browsers), which readTensor decodes into a Float32Array
  return ArrayBuffer.isView(v.data) && v.data.constructor.name === 'Float16Array';
}
