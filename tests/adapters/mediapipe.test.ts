import { ImageSegmenterResult, MPMask } from '@mediapipe/tasks-vision';
import { describe, expect, it } from 'vitest';
import { fromMediaPipe } from '../../src/adapters/mediapipe';
import { rankseg, solve } from '../../src/index';
import { realisticProbs } from '../helpers/random';

/**
 * The real MPMask class of @mediapipe/tasks-vision, built on a CPU Float32Array. Its constructor
 * is internal (private in the typings): (containers, interpolateValues, ownsWebGLTexture, canvas,
 * shaderContext, width, height) in version 1.1.0. Running an ImageSegmenter itself needs a
 * browser (WebGL canvas), so the masks are built directly; everything else is the library's code.
 */
const MaskClass = MPMask as unknown as new (
  containers: Float32Array[],
  interpolateValues: boolean,
  ownsWebGLTexture: boolean,
  canvas: undefined,
  shaderContext: undefined,
  width: number,
  height: number,
) => MPMask;

function segmenterResult(probs: Float32Array, classes: number, height: number, width: number) {
  const pixels = height * width;
  const masks = Array.from(
    { length: classes },
    (_, c) =>
      new MaskClass(
        [probs.slice(c * pixels, (c + 1) * pixels)],
        true,
        false,
        undefined,
        undefined,
        width,
        height,
      ),
  );
  return new ImageSegmenterResult(masks, undefined, []);
}

const list = (x: ArrayLike<number>) => Array.from(x);

describe('rankseg/mediapipe: fromMediaPipe on real MPMask / ImageSegmenterResult objects', () => {
  const [C, H, W] = [6, 12, 16]; // the shape of the 6-class selfie model's output, smaller
  const probs = realisticProbs(9, 1, C, [H, W], { cell: 4 });

  it('stacks the confidence masks into [1, C, H, W] and gives the masks the core gives', () => {
    const result = segmenterResult(probs, C, H, W);
    const converted = fromMediaPipe(result);
    expect(converted.shape).toEqual([1, C, H, W]);
    expect(list(converted.data)).toEqual(list(probs));
    for (const options of [{}, { metric: 'iou' }, { outputMode: 'multilabel' }] as const) {
      const ours = solve(converted, options);
      const core = solve({ data: probs, shape: [1, C, H, W] }, options);
      expect(list(ours.mask.data)).toEqual(list(core.mask.data));
      expect(list(ours.expected)).toEqual(list(core.expected));
    }
    result.close();
  });

  it('accepts the confidenceMasks array itself, and one mask as a binary task', () => {
    const one = realisticProbs(10, 1, 1, [H, W], { cell: 4 });
    const result = segmenterResult(one, 1, H, W);
    const converted = fromMediaPipe(result.confidenceMasks!);
    expect(converted.shape).toEqual([1, 1, H, W]);
    expect(list(rankseg(converted, { outputMode: 'multilabel' }).data)).toEqual(
      list(rankseg({ data: one, shape: [1, 1, H, W] }, { outputMode: 'multilabel' }).data),
    );
  });

  it("copies the values: the result stays valid after MediaPipe's masks are changed or closed", () => {
    const result = segmenterResult(probs, C, H, W);
    const converted = fromMediaPipe(result);
    result.confidenceMasks![0]!.getAsFloat32Array().fill(0);
    result.close();
    expect(list(converted.data)).toEqual(list(probs));
  });

  it('refuses a result without confidence masks, and masks of different sizes', () => {
    expect(() => fromMediaPipe(new ImageSegmenterResult(undefined, undefined, []))).toThrow(
      /outputConfidenceMasks: true/,
    );
    const a = new MaskClass([new Float32Array(6)], true, false, undefined, undefined, 3, 2);
    const b = new MaskClass([new Float32Array(6)], true, false, undefined, undefined, 2, 3);
    expect(() => fromMediaPipe([a, b])).toThrow(
      /confidenceMasks\[1\] is 2 × 3; confidenceMasks\[0\] is 3 × 2/,
    );
    expect(() => fromMediaPipe([{ width: 1, height: 1 } as never])).toThrow(TypeError);
  });
});
