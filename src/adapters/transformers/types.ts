/**
 * Types of the transformers.js adapter (`rankseg/transformers`). Structural only: nothing here
 * refers to `@huggingface/transformers`, so the adapter has no dependency on it.
 *
 * @module
 */
import type { RanksegOptions } from '../../api/types';

/**
 * What the adapter reads from a transformers.js `Tensor` (or an onnxruntime tensor): its values,
 * dimensions and element type. Read with `in` and property access only.
 *
 * @example
 * ```ts
 * import type { TensorLike } from 'rankseg/transformers';
 * const logits: TensorLike = { data: new Float32Array(4), dims: [1, 1, 2, 2], type: 'float32' };
 * ```
 */
export interface TensorLike {
  readonly data: ArrayLike<number>;
  readonly dims: readonly number[];
  readonly type?: string;
  readonly location?: string;
}

/**
 * `[height, width]` of one image.
 *
 * @example
 * ```ts
 * import type { HeightWidth } from 'rankseg/transformers';
 * const size: HeightWidth = [480, 640];
 * ```
 */
export type HeightWidth = readonly [number, number];

/**
 * Outputs of a semantic segmentation model (SegFormer, DPT, MobileViT…): `logits` `[B, C, h, w]`.
 *
 * @example
 * ```ts
 * import type { SemanticOutputs } from 'rankseg/transformers';
 * const outputs: SemanticOutputs = { logits: { data: new Float32Array(8), dims: [1, 2, 2, 2] } };
 * ```
 */
export interface SemanticOutputs {
  readonly logits: TensorLike;
}

/**
 * Options of {@link postprocessSemantic}: RankSEG's options, plus the resize target.
 *
 * @example
 * ```ts
 * import type { SemanticOptions } from 'rankseg/transformers';
 * const options: SemanticOptions = { metric: 'iou', targetSizes: [[480, 640]] };
 * ```
 */
export interface SemanticOptions extends RanksegOptions {
  /**
   * `[[height, width], ...]`, one per image: resize the logits bilinearly to this size first, as
   * transformers.js's `target_sizes`. Omitted or null: keep the logits' own size.
   */
  targetSizes?: readonly HeightWidth[] | null;
}

/**
 * A tensor-like result in transformers.js's field names (`new Tensor(t.type, t.data, t.dims)` wraps it).
 *
 * @example
 * ```ts
 * import type { TensorResult } from 'rankseg/transformers';
 * const t: TensorResult<Int32Array, 'int32'> = { type: 'int32', data: new Int32Array(4), dims: [2, 2] };
 * ```
 */
export interface TensorResult<T extends Int32Array | Uint8Array, K extends string> {
  readonly type: K;
  readonly data: T;
  readonly dims: number[];
}

/**
 * One image of {@link postprocessSemantic}'s result.
 *
 * @example
 * ```ts
 * import { postprocessSemantic, type SemanticSegmentation } from 'rankseg/transformers';
 * const logits = { data: new Float32Array([2, -1, 0, 3, -2, 1, 1, -3]), dims: [1, 2, 2, 2] };
 * const [first]: SemanticSegmentation[] = postprocessSemantic({ logits });
 * first.segmentation.dims; // [2, 2]
 * ```
 */
export interface SemanticSegmentation {
  /** Class label per pixel, `[height, width]`, int32 (as transformers.js returns). */
  segmentation: TensorResult<Int32Array, 'int32'>;
  /** The class labels present in `segmentation`, ascending (a void label is not listed). */
  labels: number[];
  /** `[C]` the solver's objective per class at its choice (expected Dice or IoU under RMA). */
  expected: Float64Array;
}

/**
 * Outputs of a SAM-family model: `pred_masks` logits `[B, P, M, h, w]` (P prompts, M masks each).
 *
 * @example
 * ```ts
 * import type { SamOutputs } from 'rankseg/transformers';
 * const outputs: SamOutputs = { pred_masks: { data: new Float32Array(3 * 256 * 256), dims: [1, 1, 3, 256, 256] } };
 * ```
 */
export interface SamOutputs {
  readonly pred_masks: TensorLike;
}

/**
 * The processor's sizes, as its output names them (the processor's result object works as is).
 *
 * @example
 * ```ts
 * import type { SamSizes } from 'rankseg/transformers';
 * const sizes: SamSizes = { original_sizes: [[480, 640]], reshaped_input_sizes: [[768, 1024]] };
 * ```
 */
export interface SamSizes {
  /** `[[height, width], ...]` of each original image. */
  readonly original_sizes: readonly HeightWidth[];
  /** `[[height, width], ...]` of each image after resizing, before padding. */
  readonly reshaped_input_sizes: readonly HeightWidth[];
}

/**
 * Options of {@link postprocessSam}: RankSEG's options, plus the size the model input was padded to.
 *
 * @example
 * ```ts
 * import type { SamOptions } from 'rankseg/transformers';
 * const options: SamOptions = { metric: 'dice', padSize: { height: 1024, width: 1024 } };
 * ```
 */
export interface SamOptions extends RanksegOptions {
  /**
   * The padded input size, as transformers.js's `pad_size` option. Default `{height: 1024, width:
   * 1024}` (SAM's `pad_size`, SAM2's `size`); `processor.image_processor.pad_size ??
   * processor.image_processor.size` gives the processor's own.
   */
  padSize?: { readonly height: number; readonly width: number } | null;
}

/**
 * One image of {@link postprocessSam}'s result.
 *
 * @example
 * ```ts
 * import type { SamMasks } from 'rankseg/transformers';
 * const result: SamMasks = { masks: { type: 'bool', data: new Uint8Array(4), dims: [1, 1, 2, 2] }, expected: new Float64Array(1) };
 * ```
 */
export interface SamMasks {
  /** 0/1 masks `[P, M, height, width]` as transformers.js's binarized output (`type: 'bool'`). */
  masks: TensorResult<Uint8Array, 'bool'>;
  /** `[P·M]` the solver's objective per mask at its choice (expected Dice or IoU under RMA). */
  expected: Float64Array;
}
