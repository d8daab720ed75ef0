/** Person-segmentation probabilities from MediaPipe's selfie segmentation models, run with LiteRT.js. */
import type { CompiledModel } from '@litertjs/core';
import { centreCrop, type Image8, resizeArea, toRgb } from './image';
import { describe, runFloat32 } from './litert-node';

/** What one model run gives. */
export interface SelfieResult {
  /** The photo as the model saw it (centre-cropped, resampled), gray kept gray. */
  image: Image8;
  /** P(person) per pixel, row-major, `height × width`. */
  probs: Float32Array;
  width: number;
  height: number;
}

/**
 * Prepares `photo` as MediaPipe's SelfieSegmentation graph does and runs `model`.
 *
 * MediaPipe (selfie_segmentation_cpu.pbtxt) feeds the model RGB floats in [0, 1]
 * (`output_tensor_float_range {min: 0 max: 1}`), the frame stretched to the input size
 * (`keep_aspect_ratio: false`), and reads the output with `activation: NONE`: the model's last
 * layer is already a sigmoid, so the output is P(person). We differ in two places, both to keep a
 * photo and its map aligned and undistorted: we centre-crop to the model's aspect ratio instead
 * of stretching, and resample by area averaging to 8 bits first, so the model input is exactly
 * the shipped PNG divided by 255. A gray photo is replicated into R = G = B.
 *
 * @throws Error when the model is not [1, H, W, 3] → [1, H, W, 1] float32, or when an output lies
 *   outside [0, 1] (it would then be a logit, not a probability).
 */
export async function segmentSelfie(model: CompiledModel, photo: Image8): Promise<SelfieResult> {
  const { inputs, outputs } = describe(model);
  const inShape = inputs[0]?.shape ?? [];
  const outShape = outputs[0]?.shape ?? [];
  const [, height = 0, width = 0] = inShape;
  const expected = `[1,${height},${width},1]`;
  if (inputs.length !== 1 || inShape.length !== 4 || inShape[0] !== 1 || inShape[3] !== 3) {
    throw new Error(`unexpected model input ${JSON.stringify(inputs)}`);
  }
  if (outputs.length !== 1 || JSON.stringify(outShape) !== expected || outputs[0]?.dtype !== 'float32') {
    throw new Error(`unexpected model output ${JSON.stringify(outputs)}, expected ${expected} float32`);
  }
  const image = resizeArea(centreCrop(photo, width / height), width, height);
  const rgb = toRgb(image).data;
  const input = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) input[i] = rgb[i]! / 255;
  const probs = await runFloat32(model, input, inShape);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (!(p >= 0 && p <= 1)) throw new Error(`model output ${p} at ${i} is not a probability`);
  }
  return { image, probs, width, height };
}
