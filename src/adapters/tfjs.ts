/**
 * `rankseg/tfjs`: TensorFlow.js tensors as RankSEG input. Nothing here imports
 * `@tensorflow/tfjs-core`: a tensor is read through its `shape`, `dtype` and `dataSync()` /
 * `data()`, so any backend and any tfjs version work, in browsers and Node.
 *
 * @module
 */
import { formatValue } from '../api/formatValue';

/**
 * What {@link fromTfjs} reads from a `tf.Tensor`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { TfjsTensorLike } from 'rankseg/tfjs';
 * const tensor: TfjsTensorLike = tf.zeros([1, 4, 4, 2]);
 * ```
 */
export interface TfjsTensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  dataSync(): ArrayLike<number>;
  data?(): Promise<ArrayLike<number>>;
  readonly isDisposed?: boolean;
}

/**
 * Channels-first probabilities (or logits) `[B, C, ...spatial]`, the form `rankseg()` reads.
 *
 * @example
 * ```ts
 * import { type ChannelsFirst, fromTfjs } from 'rankseg/tfjs';
 * import * as tf from '@tensorflow/tfjs-core';
 * const probs: ChannelsFirst = fromTfjs(tf.fill([1, 4, 4, 2], 0.5)); // shape [1, 2, 4, 4]
 * ```
 */
export interface ChannelsFirst {
  data: Float32Array;
  shape: number[];
}

/**
 * A TF.js float32 tensor in channels-last layout — `[B, ...spatial, C]` (rank ≥ 4) or one image
 * `[H, W, C]` (rank 3) — as a channels-first `{data, shape: [B, C, ...spatial]}`.
 *
 * Why this returns channels-first data rather than the raw channels-last view plus a reminder to
 * pass `layout: 'channels-last'`: RankSEG works per class over contiguous pixels, so a
 * channels-last input is transposed anyway — by the core if not here — and the same one copy is
 * paid either way. Done here, the result needs no extra option, and forgetting one cannot silently
 * misread `[1, H, W, C]` as one image of H classes. When the class axis has size 1 (binary models,
 * `[B, H, W, 1]`) both layouts are the same memory, and the tensor's own array is returned without
 * a copy: `dataSync()` is zero-copy on the CPU backend (a GPU backend downloads it, blocking; use
 * {@link fromTfjsAsync} there). The tensor is never written; dispose of it as usual afterwards
 * (a returned array stays valid).
 *
 * Logits: pass `activation: 'softmax'` (or `'sigmoid'`) to `rankseg()` as for any input.
 * O(B·C·D) for the transposition, O(1) for one channel.
 *
 * @param tensor - a `tf.Tensor` of dtype float32, rank ≥ 3, channels last.
 * @returns `{data, shape}` channels-first, ready for `rankseg(probs, options)`.
 * @throws TypeError when `tensor` is not a tensor-like object, is disposed, or its dtype is not float32.
 * @throws RangeError when its rank is below 3, or its data length disagrees with its shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { rankseg } from 'rankseg';
 * import { fromTfjs } from 'rankseg/tfjs';
 *
 * const probs = tf.softmax(tf.randomNormal([1, 64, 64, 3])); // [B, H, W, C]
 * const mask = rankseg(fromTfjs(probs), { metric: 'dice' }); // labels [1, 64, 64]
 * ```
 */
export function fromTfjs(tensor: TfjsTensorLike): ChannelsFirst {
  const shape = checkTensor(tensor, 'fromTfjs');
  return toChannelsFirst(tensor.dataSync(), shape);
}

/**
 * As {@link fromTfjs}, reading the values with `await tensor.data()`: on GPU backends (WebGL,
 * WebGPU) the download does not block the thread. O(B·C·D).
 *
 * @throws TypeError, RangeError as {@link fromTfjs}, and TypeError when the tensor has no `data()`.
 * @example
 * ```ts
 * const probs = await fromTfjsAsync(model.predict(input) as tf.Tensor);
 * const mask = rankseg(probs, { outputMode: 'multilabel' });
 * ```
 */
export async function fromTfjsAsync(tensor: TfjsTensorLike): Promise<ChannelsFirst> {
  const shape = checkTensor(tensor, 'fromTfjsAsync');
  if (typeof tensor.data !== 'function') {
    throw new TypeError('fromTfjsAsync: tensor has no data() method; use fromTfjs()');
  }
  return toChannelsFirst(await tensor.data(), shape);
}

/** Validates the tensor and returns its shape as `[B, ...spatial, C]` (a batch of 1 added to rank 3). */
function checkTensor(tensor: unknown, caller: string): number[] {
  if (typeof tensor !== 'object' || tensor === null || !('shape' in tensor) || !('dataSync' in tensor)) {
    throw new TypeError(
      `${caller}: tensor must be a tf.Tensor (shape, dtype, dataSync); got ${formatValue(tensor)}`,
    );
  }
  if ('isDisposed' in tensor && tensor.isDisposed === true) {
    throw new TypeError(`${caller}: tensor is disposed`);
  }
  const dtype = 'dtype' in tensor ? tensor.dtype : undefined;
  if (dtype !== 'float32') {
    throw new TypeError(
      `${caller}: tensor dtype must be 'float32' (probabilities or logits); got ${formatValue(dtype)}`,
    );
  }
  const shape = tensor.shape;
  if (!Array.isArray(shape) || shape.some((n) => typeof n !== 'number')) {
    throw new TypeError(`${caller}: tensor.shape must be an array of numbers; got ${formatValue(shape)}`);
  }
  if (shape.length < 3) {
    throw new RangeError(
      `${caller}: tensor must have shape [H, W, C] or [B, ...spatial, C] (rank >= 3); got [${shape.join(', ')}]`,
    );
  }
  return shape.length === 3 ? [1, ...(shape as number[])] : [...(shape as number[])];
}

/** `[B, ...spatial, C]` values → channels-first; the same array when C = 1 and it is a Float32Array. */
function toChannelsFirst(values: ArrayLike<number>, lastShape: number[]): ChannelsFirst {
  const batch = lastShape[0]!;
  const classes = lastShape[lastShape.length - 1]!;
  const spatial = lastShape.slice(1, -1);
  const shape = [batch, classes, ...spatial];
  const size = lastShape.reduce((a, n) => a * n, 1);
  if (values.length !== size) {
    throw new RangeError(
      `tensor data has ${values.length} values but shape [${lastShape.join(', ')}] needs ${size}`,
    );
  }
  if (classes === 1 && values instanceof Float32Array) return { data: values, shape };
  const pixels = size / (batch * classes);
  const data = new Float32Array(size);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < pixels; i++) {
      const from = (b * pixels + i) * classes;
      for (let c = 0; c < classes; c++) data[(b * classes + c) * pixels + i] = values[from + c]!;
    }
  }
  return { data, shape };
}
