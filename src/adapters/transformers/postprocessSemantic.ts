import { formatValue } from '../../api/formatValue';
import { solve } from '../../api/predict';
import { readTensor } from '../../api/tensor';
import { adapterOptions, optionsObject } from './adapterOptions';
import { readSizeList } from './readSizes';
import { resizeLikeTransformers } from './resizeLikeTransformers';
import type { SemanticOptions, SemanticOutputs, SemanticSegmentation } from './types';

/**
 * RankSEG in place of transformers.js's `post_process_semantic_segmentation` (SegFormer, DPT,
 * MobileViT, Sapiens…): from the model's `logits` `[B, C, h, w]`, per image, the label map that
 * maximizes the expected Dice (or IoU) instead of the argmax.
 *
 * Per image: (1) with `targetSizes`, the logits are resized bilinearly exactly as transformers.js
 * does it (`interpolate(logits[i], size, 'bilinear', false)`: half-pixel centres, float64 weights,
 * stored in the logits' own float type; see `resizeLikeTransformers`); (2) softmax over the
 * classes (`activation` may override it, e.g. `'sigmoid'`); (3) {@link solve} with the given
 * RankSEG options in multiclass output. The result has the shape of transformers.js's:
 * `{segmentation, labels}` per image, `segmentation` an int32 tensor-like `{type, data, dims:
 * [height, width]}` (wrap it with `new Tensor(s.type, s.data, s.dims)` if a Tensor is needed),
 * `labels` the classes present, ascending (a `voidIndex` label is not listed); plus `expected`,
 * the solver's objective per class.
 *
 * The logits are never written. (transformers.js's own function, without a target size, keeps
 * its running maximum in channel 0 of the logits tensor: it overwrites the caller's logits.)
 * float16 logits are decoded to float32 first. Memory: the resized logits (float32) and their
 * softmax (float64) of one image at a time. Time: O(C·H·W) per image plus the solver's.
 *
 * @param outputs - the model's outputs; only `outputs.logits` is read (a transformers.js or
 *   onnxruntime tensor, or `{data, dims}`), with `in` and property access (Proxy getters work).
 * @param options - see {@link SemanticOptions}: RankSEG's options and `targetSizes`; unknown names
 *   are a RangeError.
 * @returns one {@link SemanticSegmentation} per image.
 * @throws TypeError when `outputs.logits` is not a tensor on the CPU, or an option has the wrong kind.
 * @throws RangeError when the logits are not 4-D with a non-zero size, `targetSizes` does not give
 *   one positive `[height, width]` per image, `layout` is not channels-first, `outputMode` is not
 *   multiclass, a logit is not finite, or a RankSEG option is invalid.
 * @example
 * ```ts
 * import { AutoModel, AutoProcessor, RawImage } from '@huggingface/transformers';
 * import { postprocessSemantic } from 'rankseg/transformers';
 *
 * const id = 'Xenova/segformer-b0-finetuned-ade-512-512';
 * const [model, processor] = await Promise.all([AutoModel.from_pretrained(id), AutoProcessor.from_pretrained(id)]);
 * const image = await RawImage.read('photo.jpg');
 * const outputs = await model(await processor(image));
 * const [{ segmentation, labels }] = postprocessSemantic(outputs, {
 *   targetSizes: [[image.height, image.width]],
 *   metric: 'iou',
 * });
 * ```
 */
export function postprocessSemantic(
  outputs: SemanticOutputs,
  options: SemanticOptions = {},
): SemanticSegmentation[] {
  if (typeof outputs !== 'object' || outputs === null || !('logits' in outputs)) {
    throw new TypeError(
      `postprocessSemantic: outputs must be the model's outputs with \`logits\`; got ${formatValue(outputs)}`,
    );
  }
  const logits = readTensor(outputs.logits, 'outputs.logits');
  if (logits.shape.length !== 4 || logits.data.length === 0) {
    throw new RangeError(
      `outputs.logits must have shape [B, C, height, width] with no zero dimension; got [${logits.shape.join(', ')}]`,
    );
  }
  const [batch = 0, classes = 0, height = 0, width = 0] = logits.shape;
  const { targetSizes, ...rest } = optionsObject(options, ['targetSizes'], 'postprocessSemantic');
  const coreOptions = adapterOptions(rest, 'softmax', 'multiclass', 'postprocessSemantic');
  const sizes = targetSizes == null ? null : readSizeList(targetSizes, batch, 'targetSizes');
  const policy = coreOptions.unassignedPolicy;
  // The core validates the policy and index; here they only keep the void label out of `labels`.
  const voidIndex =
    typeof policy === 'string' && policy.trim().toLowerCase() === 'void'
      ? (coreOptions.voidIndex ?? 255)
      : -1;

  const plane = classes * height * width;
  const results: SemanticSegmentation[] = [];
  for (let b = 0; b < batch; b++) {
    let data = logits.data.subarray(b * plane, (b + 1) * plane);
    let [outHeight, outWidth] = [height, width];
    const size = sizes?.[b];
    if (size) {
      [outHeight, outWidth] = size;
      const resized =
        data instanceof Float32Array
          ? new Float32Array(classes * outHeight * outWidth)
          : new Float64Array(classes * outHeight * outWidth);
      resizeLikeTransformers(data, classes, height, width, outHeight, outWidth, resized);
      data = resized;
    }
    const solution = solve({ data, shape: [1, classes, outHeight, outWidth] }, coreOptions);
    const labelMap = Int32Array.from(solution.mask.data);
    results.push({
      segmentation: { type: 'int32', data: labelMap, dims: [outHeight, outWidth] },
      labels: presentLabels(labelMap, classes, voidIndex),
      expected: solution.expected,
    });
  }
  return results;
}

/** The distinct labels in `[0, classes)` that occur, ascending; O(pixels + classes). */
function presentLabels(labels: Int32Array, classes: number, voidIndex: number): number[] {
  const seen = new Uint8Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label !== voidIndex) seen[label] = 1;
  }
  const present: number[] = [];
  for (let c = 0; c < classes; c++) if (seen[c]) present.push(c);
  return present;
}
