import {
  interpolate,
  interpolate_4d,
  SamImageProcessor,
  SegformerImageProcessor,
  Tensor,
} from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { postprocessSam, postprocessSemantic } from '../../src/adapters/transformers';
import { resizeLikeOnnxRuntime } from '../../src/adapters/transformers/resizeLikeOnnxRuntime';
import { resizeLikeTransformers } from '../../src/adapters/transformers/resizeLikeTransformers';
import { solve } from '../../src/index';
import { floatToHalf } from '../../src/kernels/float16';
import { normalFrom, seededRandom } from '../helpers/random';

/** Smooth-ish logits: N(0, 1) noise ×`scale`, with a per-class offset so that no class dominates. */
function randomLogits(seed: number, length: number, scale = 4): Float32Array {
  const normal = normalFrom(seededRandom(seed));
  return Float32Array.from({ length }, () => scale * normal());
}

const list = (x: ArrayLike<number>) => Array.from(x);

/** A real SamImageProcessor with the given pad_size (its config typings do not list pad_size). */
function samProcessor(pad: { height: number; width: number }): SamImageProcessor {
  return new SamImageProcessor({ pad_size: pad } as ConstructorParameters<typeof SamImageProcessor>[0]);
}

describe('rankseg/transformers: the resizes match transformers.js value for value', () => {
  it('resizeLikeTransformers gives what interpolate(x, size, "bilinear", false) gives, to the bit', () => {
    const cases: [number, number, number, number, number][] = [
      [3, 7, 9, 13, 20], // up, non-integer factors
      [2, 16, 16, 64, 64], // ×4, as SegFormer's logits
      [4, 20, 30, 7, 11], // down
      [1, 5, 5, 5, 5], // same size
      [2, 1, 6, 4, 3], // a single row
    ];
    for (const [c, h, w, oh, ow] of cases) {
      const data = randomLogits(h * w + c, c * h * w);
      const theirs = interpolate(new Tensor('float32', data, [c, h, w]), [oh, ow], 'bilinear', false);
      const ours = new Float32Array(c * oh * ow);
      resizeLikeTransformers(data, c, h, w, oh, ow, ours);
      expect(list(ours)).toEqual(list(theirs.data as Float32Array));
    }
  });

  it("resizeLikeOnnxRuntime gives what interpolate_4d (onnxruntime's Resize) gives, to the bit", async () => {
    const cases: [number, number, number, number, number][] = [
      [3, 16, 16, 64, 64],
      [2, 7, 9, 30, 41],
      [2, 50, 60, 17, 23],
      [1, 40, 30, 40, 30],
      [2, 64, 64, 256, 256], // SAM's upsampling factor (256 → 1024) at a smaller size
    ];
    for (const [c, h, w, oh, ow] of cases) {
      const data = randomLogits(7 * h + w, c * h * w, 10);
      const theirs = await interpolate_4d(new Tensor('float32', data, [1, c, h, w]), {
        size: [oh, ow],
        mode: 'bilinear',
      });
      const ours = new Float32Array(c * oh * ow);
      resizeLikeOnnxRuntime(data, c, h, w, oh, ow, ours);
      expect(list(ours)).toEqual(list(theirs.data as Float32Array));
    }
  });

  it('resizeLikeOnnxRuntime with a crop equals the full resize sliced to the top-left corner', () => {
    const data = randomLogits(5, 2 * 8 * 8);
    const full = new Float32Array(2 * 32 * 32);
    resizeLikeOnnxRuntime(data, 2, 8, 8, 32, 32, full);
    const crop = new Float32Array(2 * 20 * 27);
    resizeLikeOnnxRuntime(data, 2, 8, 8, 32, 32, crop, 20, 27);
    for (let k = 0; k < 2; k++)
      for (let y = 0; y < 20; y++)
        for (let x = 0; x < 27; x++) expect(crop[(k * 20 + y) * 27 + x]).toBe(full[(k * 32 + y) * 32 + x]);
  });

  it('both resizes interpolate a hand-worked row: [0, 1] to 4 columns gives [0, 0.25, 0.75, 1]', () => {
    const a = new Float32Array(4);
    const b = new Float32Array(4);
    resizeLikeTransformers(new Float32Array([0, 1]), 1, 1, 2, 1, 4, a);
    resizeLikeOnnxRuntime(new Float32Array([0, 1]), 1, 1, 2, 1, 4, b);
    expect(list(a)).toEqual([0, 0.25, 0.75, 1]);
    expect(list(b)).toEqual([0, 0.25, 0.75, 1]);
  });
});

describe('postprocessSemantic (transformers.js semantic segmentation)', () => {
  const [B, C, h, w] = [2, 4, 8, 10];
  const logitsData = randomLogits(11, B * C * h * w);
  const targetSizes: [number, number][] = [
    [24, 30],
    [13, 17],
  ];

  it('equals the core on the softmax of the logits transformers.js resizes, per image', () => {
    const logits = new Tensor('float32', logitsData.slice(), [B, C, h, w]);
    for (const options of [{}, { metric: 'iou' }, { metric: 'dice', smooth: 1 }] as const) {
      const ours = postprocessSemantic({ logits }, { ...options, targetSizes });
      expect(ours).toHaveLength(B);
      for (let b = 0; b < B; b++) {
        const image = (logits as unknown as Record<number, Tensor>)[b]!; // the Proxy's index access
        const resized = interpolate(image, targetSizes[b]!, 'bilinear', false);
        const core = solve(
          { data: resized.data as Float32Array, dims: [1, ...resized.dims] },
          { ...options, activation: 'softmax' },
        );
        const result = ours[b]!;
        expect(result.segmentation.type).toBe('int32');
        expect(result.segmentation.data).toBeInstanceOf(Int32Array);
        expect(result.segmentation.dims).toEqual(targetSizes[b]);
        expect(list(result.segmentation.data)).toEqual(list(core.mask.data));
        expect(list(result.expected)).toEqual(list(core.expected));
        expect(result.labels).toEqual([...new Set(core.mask.data)].sort((x, y) => x - y));
      }
    }
  });

  it('with the argmax solver reproduces post_process_semantic_segmentation exactly (labels too)', () => {
    const processor = new SegformerImageProcessor({});
    const theirs = processor.post_process_semantic_segmentation(
      { logits: new Tensor('float32', logitsData.slice(), [B, C, h, w]) },
      targetSizes,
    );
    const ours = postprocessSemantic(
      { logits: new Tensor('float32', logitsData.slice(), [B, C, h, w]) },
      { metric: 'accuracy', targetSizes },
    );
    for (let b = 0; b < B; b++) {
      expect(list(ours[b]!.segmentation.data)).toEqual(list(theirs[b]!.segmentation.data));
      expect(ours[b]!.segmentation.dims).toEqual(theirs[b]!.segmentation.dims);
      expect(ours[b]!.labels).toEqual(theirs[b]!.labels);
    }
  });

  it('never writes the logits, while transformers.js without a target size overwrites channel 0', () => {
    const ours = new Tensor('float32', logitsData.slice(), [B, C, h, w]);
    const result = postprocessSemantic({ logits: ours });
    expect(list(ours.data as Float32Array)).toEqual(list(logitsData));
    expect(result[0]!.segmentation.dims).toEqual([h, w]);
    const core = solve(
      { data: logitsData.subarray(C * h * w), dims: [1, C, h, w] },
      { activation: 'softmax' },
    );
    expect(list(result[1]!.segmentation.data)).toEqual(list(core.mask.data));

    // The claim in our TSDoc: their running maximum lives in the logits' channel 0.
    const theirs = new Tensor('float32', logitsData.slice(), [B, C, h, w]);
    new SegformerImageProcessor({}).post_process_semantic_segmentation({ logits: theirs }); // target_sizes = null
    const after = theirs.data as Float32Array;
    let changed = 0;
    for (let i = 0; i < after.length; i++) if (after[i] !== logitsData[i]) changed++;
    expect(changed).toBeGreaterThan(0);
    for (let b = 0; b < B; b++) {
      const channel0 = b * C * h * w;
      for (let i = 0; i < h * w; i++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < C; c++) max = Math.max(max, logitsData[channel0 + c * h * w + i]!);
        expect(after[channel0 + i]).toBe(max);
      }
    }
  });

  it('reads float16 logits (type float16, binary16 bits) as their float32 values', () => {
    const bits = Uint16Array.from(logitsData, (x) => floatToHalf(x));
    const halves = new Tensor('float16', bits, [B, C, h, w]);
    const decoded = solve({ data: bits, dims: [B, C, h, w], type: 'float16' }, { activation: 'softmax' });
    const ours = postprocessSemantic({ logits: halves });
    const pixels = h * w;
    expect(list(ours[0]!.segmentation.data)).toEqual(list(decoded.mask.data.subarray(0, pixels)));
    expect(list(ours[1]!.segmentation.data)).toEqual(list(decoded.mask.data.subarray(pixels)));
    const resized = postprocessSemantic({ logits: halves }, { targetSizes });
    expect(resized[1]!.segmentation.dims).toEqual(targetSizes[1]);
  });

  it("does not list the void label among the labels under unassignedPolicy 'void'", () => {
    // 8 classes, 2×2 pixels. Pixel 0 is sure of class 0; elsewhere all classes get 1/8: classes
    // 1…7 are pruned (max 1/8 ≤ 0.5) and class 0 stops at pixel 0 (RMA: 1/8 < D(1)/2 ≈ 0.30).
    const data = new Float32Array(8 * 4).fill(0);
    data[0] = 10;
    const [result] = postprocessSemantic(
      { logits: { data, dims: [1, 8, 2, 2] } },
      { unassignedPolicy: 'void', pruningProb: 0.5 },
    );
    expect(list(result!.segmentation.data)).toEqual([0, 255, 255, 255]);
    expect(result!.labels.includes(255)).toBe(false);
    expect(result!.labels).toEqual([...new Set(result!.segmentation.data)].filter((x) => x !== 255).sort());
  });

  it('refuses wrong inputs with TypeError / RangeError naming the parameter', () => {
    const logits = { data: new Float32Array(2 * 3 * 4), dims: [1, 2, 3, 4] };
    expect(() => postprocessSemantic({} as never)).toThrow(TypeError);
    expect(() => postprocessSemantic({ logits: { data: new Float32Array(6), dims: [1, 2, 3] } })).toThrow(
      /outputs\.logits must have shape \[B, C, height, width\]/,
    );
    expect(() =>
      postprocessSemantic(
        { logits },
        {
          targetSizes: [
            [4, 4],
            [4, 4],
          ],
        },
      ),
    ).toThrow(/targetSizes has 2 entries but the batch has 1/);
    expect(() => postprocessSemantic({ logits }, { targetSizes: [[0, 4]] })).toThrow(RangeError);
    expect(() => postprocessSemantic({ logits }, { targetSizes: [[4]] as never })).toThrow(TypeError);
    expect(() => postprocessSemantic({ logits }, { layout: 'channels-last' })).toThrow(/layout must be/);
    expect(() => postprocessSemantic({ logits }, { outputMode: 'multilabel' })).toThrow(/outputMode must be/);
    expect(() => postprocessSemantic({ logits }, { metric: 'nope' })).toThrow(/unknown metric/);
    expect(() => postprocessSemantic({ logits }, { target_sizes: [[4, 4]] } as never)).toThrow(
      /^postprocessSemantic: unknown option "target_sizes"; valid options: metric, .*, targetSizes$/,
    );
    expect(() => postprocessSemantic({ logits: { ...logits, location: 'gpu-buffer' } })).toThrow(
      /not on the CPU/,
    );
  });
});

describe('postprocessSam (SAM, SlimSAM, SAM2 / EdgeTAM trackers)', () => {
  const [B, P, M, h, w] = [2, 2, 3, 16, 16];
  const pad = { height: 64, width: 64 };
  const sizes = {
    original_sizes: [
      [50, 37],
      [30, 47],
    ] as [number, number][],
    reshaped_input_sizes: [
      [64, 48],
      [41, 64],
    ] as [number, number][],
  };
  const data = randomLogits(21, B * P * M * h * w, 6);

  it('equals the core (sigmoid, multilabel) on post_process_masks(..., {binarize: false})', async () => {
    const predMasks = new Tensor('float32', data.slice(), [B, P, M, h, w]);
    const processor = samProcessor(pad);
    const theirs = await processor.post_process_masks(
      predMasks,
      sizes.original_sizes,
      sizes.reshaped_input_sizes,
      {
        binarize: false,
      },
    );
    for (const options of [{}, { metric: 'iou' }] as const) {
      const ours = postprocessSam({ pred_masks: predMasks }, sizes, { ...options, padSize: pad });
      for (let b = 0; b < B; b++) {
        const core = solve(
          { data: theirs[b]!.data as Float32Array, dims: theirs[b]!.dims },
          { ...options, activation: 'sigmoid', outputMode: 'multilabel' },
        );
        expect(ours[b]!.masks.type).toBe('bool');
        expect(ours[b]!.masks.dims).toEqual([P, M, ...sizes.original_sizes[b]!]);
        expect(list(ours[b]!.masks.data)).toEqual(list(core.mask.data));
        expect(list(ours[b]!.expected)).toEqual(list(core.expected));
      }
    }
    expect(list(predMasks.data as Float32Array)).toEqual(list(data)); // never written
  });

  it('pads to 1024 × 1024 by default, as the SAM and SAM2 processors', async () => {
    const one = randomLogits(3, 1 * 1 * 1 * 64 * 64, 6);
    const predMasks = new Tensor('float32', one, [1, 1, 1, 64, 64]);
    const oneSizes = {
      original_sizes: [[120, 90]] as [number, number][],
      reshaped_input_sizes: [[1024, 768]] as [number, number][],
    };
    const theirs = await samProcessor({ height: 1024, width: 1024 }).post_process_masks(
      predMasks,
      oneSizes.original_sizes,
      oneSizes.reshaped_input_sizes,
      { binarize: false },
    );
    const [ours] = postprocessSam({ pred_masks: predMasks }, oneSizes);
    const core = solve(
      { data: theirs[0]!.data as Float32Array, dims: theirs[0]!.dims },
      {
        activation: 'sigmoid',
        outputMode: 'multilabel',
      },
    );
    expect(list(ours!.masks.data)).toEqual(list(core.mask.data));
  });

  it('leaves a mask empty where transformers.js binarizes it empty (every logit ≤ 0)', async () => {
    const negative = Float32Array.from({ length: 1 * 1 * 2 * 8 * 8 }, (_, i) =>
      i < 64 ? -1 - (i % 5) : 3 - (i % 7),
    );
    const predMasks = new Tensor('float32', negative, [1, 1, 2, 8, 8]);
    const oneSizes = {
      original_sizes: [[20, 20]] as [number, number][],
      reshaped_input_sizes: [[32, 32]] as [number, number][],
    };
    const binarized = await samProcessor({ height: 32, width: 32 }).post_process_masks(
      predMasks,
      oneSizes.original_sizes,
      oneSizes.reshaped_input_sizes,
    );
    const [ours] = postprocessSam({ pred_masks: predMasks }, oneSizes, {
      padSize: { height: 32, width: 32 },
    });
    const theirs = binarized[0]!.data as Uint8Array;
    expect(theirs.subarray(0, 400).every((v) => v === 0)).toBe(true);
    expect(ours!.masks.data.subarray(0, 400).every((v) => v === 0)).toBe(true);
    expect(ours!.expected[0]).toBe(0);
    expect(ours!.masks.data.subarray(400).some((v) => v === 1)).toBe(true);
  });

  it('refuses wrong inputs with TypeError / RangeError naming the parameter', () => {
    const predMasks = { data: new Float32Array(16), dims: [1, 1, 1, 4, 4] };
    const ok = {
      original_sizes: [[8, 8]] as [number, number][],
      reshaped_input_sizes: [[8, 8]] as [number, number][],
    };
    expect(() =>
      postprocessSam({ pred_masks: { data: new Float32Array(16), dims: [1, 1, 4, 4] } }, ok),
    ).toThrow(/pred_masks must have shape \[B, prompts, masks, height, width\]/);
    expect(() => postprocessSam({} as never, ok)).toThrow(TypeError);
    expect(() => postprocessSam({ pred_masks: predMasks }, null as never)).toThrow(TypeError);
    expect(() =>
      postprocessSam(
        { pred_masks: predMasks },
        {
          ...ok,
          original_sizes: [
            [8, 8],
            [8, 8],
          ],
        },
      ),
    ).toThrow(/original_sizes has 2 entries but the batch has 1/);
    expect(() => postprocessSam({ pred_masks: predMasks }, ok, { padSize: { height: 4, width: 4 } })).toThrow(
      /exceeds padSize/,
    );
    expect(() => postprocessSam({ pred_masks: predMasks }, ok, { outputMode: 'multiclass' })).toThrow(
      /outputMode must be 'multilabel'/,
    );
    expect(() => postprocessSam({ pred_masks: predMasks }, ok, { padSize: 7 as never })).toThrow(TypeError);
  });

  it('refuses unknown option names and options that SAM masks (multilabel) do not use, naming them', () => {
    const ok = {
      original_sizes: [[8, 8]] as [number, number][],
      reshaped_input_sizes: [[8, 8]] as [number, number][],
    };
    const predMasks = { data: new Float32Array(64), dims: [1, 1, 1, 8, 8] };
    expect(() => postprocessSam({ pred_masks: predMasks }, ok, { pad_size: 64 } as never)).toThrow(
      /^postprocessSam: unknown option "pad_size"; valid options: metric, solver, .*, padSize$/,
    );
    expect(() => postprocessSam({ pred_masks: predMasks }, ok, { unassignedPolicy: 'void' })).toThrow(
      /unassignedPolicy 'void' only applies to outputMode 'multiclass'/,
    );
    expect(() => postprocessSam({ pred_masks: predMasks }, ok, { eps: 1e-3 })).toThrow(
      /solver 'rma' does not use option eps/,
    );
  });
});
