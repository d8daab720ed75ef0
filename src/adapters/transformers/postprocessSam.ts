import { formatValue } from '../../api/formatValue';
import { solve } from '../../api/predict';
import { readTensor } from '../../api/tensor';
import { adapterOptions, optionsObject } from './adapterOptions';
import { readHeightWidth, readSizeList } from './readSizes';
import { resizeLikeOnnxRuntime } from './resizeLikeOnnxRuntime';
import type { SamMasks, SamOptions, SamOutputs, SamSizes } from './types';

/** SAM's `pad_size` and SAM2's `size` in their shipped processor configurations. */
const DEFAULT_PAD = { height: 1024, width: 1024 } as const;

/**
 * RankSEG in place of the binarization in transformers.js's SAM `post_process_masks` (SAM,
 * SlimSAM, SAM2, EdgeTAM and SAM3 trackers share it): from the mask decoder's `pred_masks` logits
 * `[B, P, M, h, w]` (P prompts, M candidate masks each), per image, the 0/1 masks that maximize the
 * expected Dice (or IoU) instead of `logit > 0`, with the solver's expected score per mask.
 *
 * Per image, the geometry of `post_process_masks(masks, original_sizes, reshaped_input_sizes,
 * {binarize: false})`, value for value: bilinear upsampling to the padded input size
 * (`padSize`), crop to `reshaped_input_sizes[i]`, bilinear resize to `original_sizes[i]` — both
 * resizes as its `interpolate_4d`, i.e. onnxruntime's `Resize` (see `resizeLikeOnnxRuntime`);
 * only the kept corner of the padded size is computed. Then a sigmoid (`activation` may override
 * it) and {@link solve} in multilabel output: each of the P·M masks is solved on its own. With the
 * default `pruningProb` 0.5, a mask whose largest probability is ≤ ½ stays empty, as `logit > 0`
 * leaves it.
 *
 * `pred_masks` is never written; float16 is decoded to float32 first. Memory: the resized logits
 * (float32) and their sigmoid (float64) of one image. Time: O(P·M·H·W) per image plus the solver's.
 *
 * @param outputs - the model's outputs; only `outputs.pred_masks` is read (a transformers.js or
 *   onnxruntime tensor, or `{data, dims}`), with `in` and property access.
 * @param sizes - `original_sizes` and `reshaped_input_sizes`, one `[height, width]` per image (the
 *   processor's result object has both).
 * @param options - see {@link SamOptions}: RankSEG's options and `padSize`; unknown names are a
 *   RangeError.
 * @returns one {@link SamMasks} per image: `masks`, a `'bool'` tensor-like `[P, M, H, W]` in the
 *   form of transformers.js's binarized output, and `expected` `[P·M]`.
 * @throws TypeError when `pred_masks` is not a tensor on the CPU, a size is not `[height, width]`,
 *   or an option has the wrong kind.
 * @throws RangeError when `pred_masks` is not 5-D with a non-zero size, the size lists do not have
 *   one entry per image, a reshaped size exceeds `padSize`, `outputMode` is not multilabel, a logit
 *   is not finite, or a RankSEG option is invalid.
 * @example
 * ```ts
 * import { AutoProcessor, RawImage, SamModel } from '@huggingface/transformers';
 * import { postprocessSam } from 'rankseg/transformers';
 *
 * const id = 'Xenova/slimsam-77-uniform';
 * const [model, processor] = await Promise.all([SamModel.from_pretrained(id), AutoProcessor.from_pretrained(id)]);
 * const image = await RawImage.read('photo.jpg');
 * const inputs = await processor(image, { input_points: [[[340, 250]]] });
 * const outputs = await model(inputs);
 * const [{ masks, expected }] = postprocessSam(outputs, inputs, { metric: 'dice' });
 * // masks.dims = [1, 3, image.height, image.width]; expected[k]: expected Dice of mask k
 * ```
 */
export function postprocessSam(outputs: SamOutputs, sizes: SamSizes, options: SamOptions = {}): SamMasks[] {
  if (typeof outputs !== 'object' || outputs === null || !('pred_masks' in outputs)) {
    throw new TypeError(
      `postprocessSam: outputs must be the model's outputs with \`pred_masks\`; got ${formatValue(outputs)}`,
    );
  }
  if (typeof sizes !== 'object' || sizes === null) {
    throw new TypeError(
      `postprocessSam: sizes must hold original_sizes and reshaped_input_sizes; got ${formatValue(sizes)}`,
    );
  }
  const logits = readTensor(outputs.pred_masks, 'outputs.pred_masks');
  if (logits.shape.length !== 5 || logits.data.length === 0) {
    throw new RangeError(
      `outputs.pred_masks must have shape [B, prompts, masks, height, width] with no zero dimension; got [${logits.shape.join(', ')}]`,
    );
  }
  const [batch = 0, prompts = 0, candidates = 0, height = 0, width = 0] = logits.shape;
  const original = readSizeList(
    'original_sizes' in sizes ? sizes.original_sizes : undefined,
    batch,
    'sizes.original_sizes',
  );
  const reshaped = readSizeList(
    'reshaped_input_sizes' in sizes ? sizes.reshaped_input_sizes : undefined,
    batch,
    'sizes.reshaped_input_sizes',
  );
  const { padSize, ...rest } = optionsObject(options, ['padSize'], 'postprocessSam');
  const pad = readPadSize(padSize);
  const coreOptions = adapterOptions(rest, 'sigmoid', 'multilabel', 'postprocessSam');

  const planes = prompts * candidates;
  const results: SamMasks[] = [];
  for (let b = 0; b < batch; b++) {
    const [cropHeight, cropWidth] = reshaped[b]!;
    const [outHeight, outWidth] = original[b]!;
    if (cropHeight > pad.height || cropWidth > pad.width) {
      throw new RangeError(
        `sizes.reshaped_input_sizes[${b}] [${cropHeight}, ${cropWidth}] exceeds padSize [${pad.height}, ${pad.width}]`,
      );
    }
    const src = logits.data.subarray(b * planes * height * width, (b + 1) * planes * height * width);
    const single = src instanceof Float32Array;
    const make = (n: number) => (single ? new Float32Array(n) : new Float64Array(n));
    const cropped = make(planes * cropHeight * cropWidth);
    resizeLikeOnnxRuntime(src, planes, height, width, pad.height, pad.width, cropped, cropHeight, cropWidth);
    const resized = make(planes * outHeight * outWidth);
    resizeLikeOnnxRuntime(cropped, planes, cropHeight, cropWidth, outHeight, outWidth, resized);
    const solution = solve({ data: resized, shape: [prompts, candidates, outHeight, outWidth] }, coreOptions);
    results.push({
      masks: {
        type: 'bool',
        data: solution.mask.data as Uint8Array,
        dims: [prompts, candidates, outHeight, outWidth],
      },
      expected: solution.expected,
    });
  }
  return results;
}

function readPadSize(padSize: SamOptions['padSize']): { height: number; width: number } {
  if (padSize === undefined || padSize === null) return DEFAULT_PAD;
  if (typeof padSize !== 'object') {
    throw new TypeError(`padSize must be {height, width}; got ${formatValue(padSize)}`);
  }
  const [height, width] = readHeightWidth([padSize.height, padSize.width], 'padSize [height, width]');
  return { height, width };
}
