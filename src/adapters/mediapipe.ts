/**
 * `rankseg/mediapipe`: MediaPipe Tasks `ImageSegmenter` results as RankSEG input. Nothing here
 * imports `@mediapipe/tasks-vision`: a mask is read through its `width`, `height` and
 * `getAsFloat32Array()`, in browsers and Node.
 *
 * @module
 */
import { formatValue } from '../api/formatValue';

/**
 * What {@link fromMediaPipe} reads from an `MPMask`.
 *
 * @example
 * ```ts
 * import type { MPMaskLike } from 'rankseg/mediapipe';
 * const mask: MPMaskLike = { width: 2, height: 1, getAsFloat32Array: () => new Float32Array([0.9, 0.1]) };
 * ```
 */
export interface MPMaskLike {
  readonly width: number;
  readonly height: number;
  getAsFloat32Array(): Float32Array;
}

/**
 * What {@link fromMediaPipe} reads from an `ImageSegmenterResult`.
 *
 * @example
 * ```ts
 * import type { ImageSegmenterResultLike } from 'rankseg/mediapipe';
 * const result: ImageSegmenterResultLike = {
 *   confidenceMasks: [{ width: 2, height: 1, getAsFloat32Array: () => new Float32Array([0.9, 0.1]) }],
 * };
 * ```
 */
export interface ImageSegmenterResultLike {
  readonly confidenceMasks?: readonly MPMaskLike[];
}

/**
 * Probabilities `[1, C, H, W]`, the form `rankseg()` reads.
 *
 * @example
 * ```ts
 * import { fromMediaPipe, type MediaPipeProbabilities } from 'rankseg/mediapipe';
 * const mask = { width: 2, height: 1, getAsFloat32Array: () => new Float32Array([0.9, 0.1]) };
 * const probs: MediaPipeProbabilities = fromMediaPipe([mask]); // shape [1, 1, 1, 2]
 * ```
 */
export interface MediaPipeProbabilities {
  data: Float32Array;
  shape: [1, number, number, number];
}

/**
 * The confidence masks of a MediaPipe `ImageSegmenter` result — one float mask per class, C
 * masks of `height × width` — as probabilities `{data, shape: [1, C, height, width]}`.
 *
 * Create the segmenter with `outputConfidenceMasks: true` (the `categoryMask`, an argmax, is not
 * read). A multiclass model (e.g. the 6-class selfie model, hair/skin/clothes…) gives masks that
 * sum to 1 per pixel: use the default multiclass output. A model with one confidence mask is a
 * binary task: use `outputMode: 'multilabel'`.
 *
 * The values are copied, once, into one array: the masks belong to MediaPipe, which frees them
 * when the callback returns (unless cloned) and may reuse their storage, so a view would not
 * outlive the callback. Call this inside the callback (or on `mask.clone()`s). On the GPU
 * delegate `getAsFloat32Array()` downloads each mask from WebGL (MediaPipe's cost, per its docs).
 * O(C·H·W).
 *
 * @param result - an `ImageSegmenterResult`, or its `confidenceMasks` array.
 * @returns `{data, shape: [1, C, H, W]}` for `rankseg(probs, options)`.
 * @throws TypeError when there are no confidence masks, or a mask lacks `getAsFloat32Array()`.
 * @throws RangeError when the masks differ in size, or a mask's array length is not width × height.
 * @example
 * ```ts
 * import { FilesetResolver, ImageSegmenter } from '@mediapipe/tasks-vision';
 * import { rankseg } from 'rankseg';
 * import { fromMediaPipe } from 'rankseg/mediapipe';
 *
 * const vision = await FilesetResolver.forVisionTasks('/wasm');
 * const segmenter = await ImageSegmenter.createFromOptions(vision, {
 *   baseOptions: { modelAssetPath: '/selfie_multiclass_256x256.tflite' },
 *   outputConfidenceMasks: true,
 * });
 * segmenter.segment(image, (result) => {
 *   const mask = rankseg(fromMediaPipe(result), { metric: 'iou' }); // labels [1, H, W]
 * });
 * ```
 */
export function fromMediaPipe(
  result: ImageSegmenterResultLike | readonly MPMaskLike[],
): MediaPipeProbabilities {
  const masks = maskList(result);
  const { width, height } = checkMask(masks[0], 0);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`confidenceMasks[0] must have a positive integer size; got ${width} × ${height}`);
  }
  const pixels = width * height;
  const data = new Float32Array(masks.length * pixels);
  masks.forEach((mask, c) => {
    checkMask(mask, c);
    if (mask.width !== width || mask.height !== height) {
      throw new RangeError(
        `confidenceMasks[${c}] is ${mask.width} × ${mask.height}; confidenceMasks[0] is ${width} × ${height}`,
      );
    }
    const values = mask.getAsFloat32Array();
    if (values.length !== pixels) {
      throw new RangeError(`confidenceMasks[${c}] holds ${values.length} values, not ${width} × ${height}`);
    }
    data.set(values, c * pixels);
  });
  return { data, shape: [1, masks.length, height, width] };
}

function maskList(result: unknown): readonly MPMaskLike[] {
  const masks = Array.isArray(result)
    ? result
    : typeof result === 'object' && result !== null && 'confidenceMasks' in result
      ? result.confidenceMasks
      : undefined;
  if (!Array.isArray(masks) || masks.length === 0) {
    throw new TypeError(
      `fromMediaPipe: the result has no confidenceMasks (create the ImageSegmenter with outputConfidenceMasks: true); got ${formatValue(result)}`,
    );
  }
  return masks;
}

function checkMask(mask: unknown, c: number): MPMaskLike {
  if (typeof mask !== 'object' || mask === null || !('getAsFloat32Array' in mask)) {
    throw new TypeError(
      `confidenceMasks[${c}] must be an MPMask (getAsFloat32Array); got ${formatValue(mask)}`,
    );
  }
  return mask as MPMaskLike;
}
