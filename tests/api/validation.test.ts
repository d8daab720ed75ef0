import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_TOLERANCE } from '../../src/api/validation';
import { rankseg, solve } from '../../src/index';
import { floatToHalf } from '../../src/kernels/float16';
import { realisticProbs } from '../helpers/random';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

// 1 image, 3 classes, 4×5 pixels of softmax outputs
const SHAPE = [1, 3, 4, 5];
const PROBS = realisticProbs(2, 1, 3, [4, 5], { cell: 2 });

describe("validate: 'distribution'", () => {
  it('passes softmax outputs and gives the same mask as without the check', () => {
    for (const metric of ['dice', 'iou', 'accuracy'] as const) {
      const checked = rankseg({ data: PROBS, shape: SHAPE }, { metric, validate: 'distribution' });
      expect(Array.from(checked.data)).toEqual(
        Array.from(rankseg({ data: PROBS, shape: SHAPE }, { metric }).data),
      );
    }
  });

  it('passes float16 softmax outputs, whose sums round by up to ~1e-3 (the tolerance)', () => {
    const half = { data: Uint16Array.from(PROBS, floatToHalf), shape: SHAPE, type: 'float16' };
    expect(() => rankseg(half, { validate: 'distribution' })).not.toThrow();
    expect(DISTRIBUTION_TOLERANCE).toBe(1e-3);
  });

  it('names the first pixel (image, coordinates) whose class values do not sum to 1, and the sum', () => {
    // [C, H, W] read as [B, C, W]: pixel [0] of image 0 sums the 4 values of class 0, column 0
    const e = thrown(() => rankseg({ data: PROBS, shape: [3, 4, 5] }, { validate: 'distribution' }));
    expect(e).toBeInstanceOf(RangeError);
    let sum = 0;
    for (let h = 0; h < 4; h++) sum += PROBS[h * 5]!;
    expect(e.message).toContain(`probs: the 4 class values of image 0, pixel [0] sum to ${sum}, not 1`);
    expect(e.message).toMatch(/outputMode 'multilabel'/);
    // an exact pixel: image 0, pixel [2, 3] short by 0.01 (taken from its most probable class)
    const data = Float64Array.from(PROBS);
    const at = [0, 1, 2].map((c) => c * 20 + 2 * 5 + 3).sort((a, b) => data[b]! - data[a]!)[0]!;
    data[at] = data[at]! - 0.01;
    const one = thrown(() => solve({ data, shape: SHAPE }, { validate: 'distribution' }));
    expect(one.message).toMatch(
      /^probs: the 3 class values of image 0, pixel \[2, 3\] sum to 0\.98999\d*, not 1 /,
    );
  });

  it('reads channels-last tensors in their own layout', () => {
    const last = new Float32Array(PROBS.length);
    for (let c = 0; c < 3; c++) for (let i = 0; i < 20; i++) last[i * 3 + c] = PROBS[c * 20 + i]!;
    const mask = rankseg(
      { data: last, shape: [1, 4, 5, 3] },
      { layout: 'channels-last', validate: 'distribution' },
    );
    expect(Array.from(mask.data)).toEqual(Array.from(rankseg({ data: PROBS, shape: SHAPE }).data));
  });

  it('checks only where the values are one distribution per pixel: not multilabel, activations or one class', () => {
    const wrong = { data: PROBS, shape: [3, 4, 5] };
    expect(() => rankseg(wrong, { validate: 'distribution', outputMode: 'multilabel' })).not.toThrow();
    const logits = { data: PROBS.map((p) => Math.log(p) + 3), shape: SHAPE };
    expect(() => rankseg(logits, { validate: 'distribution', activation: 'softmax' })).not.toThrow();
    expect(() => rankseg(logits, { validate: 'distribution', activation: 'sigmoid' })).not.toThrow();
    const one = { data: PROBS.subarray(0, 20), shape: [1, 1, 4, 5] };
    expect(() => rankseg(one, { validate: 'distribution', outputMode: 'multilabel' })).not.toThrow();
  });

  it("is off by default ('none'), and an unknown value is a RangeError listing the valid ones", () => {
    expect(() => rankseg({ data: PROBS, shape: [3, 4, 5] })).not.toThrow();
    expect(thrown(() => rankseg({ data: PROBS, shape: SHAPE }, { validate: 'all' })).message).toBe(
      'unknown validate "all"; valid: none, distribution',
    );
  });

  it('reports a value outside [0, 1] as the usual range error, not as a sum, even when the sum is 1', () => {
    const data = Float64Array.from(PROBS);
    data[7] = 1.5;
    for (const metric of ['dice', 'accuracy'] as const) {
      expect(
        thrown(() => rankseg({ data, shape: SHAPE }, { metric, validate: 'distribution' })).message,
      ).toBe('probs.data[7] is 1.5, outside [0, 1]; probabilities must be finite numbers in [0, 1]');
    }
    // pixel 7's values 1.25 and -0.25 (and 0 for the third class) sum to 1: the range check still stops them
    const pair = Float64Array.from(PROBS);
    [pair[7], pair[27], pair[47]] = [1.25, -0.25, 0];
    for (const metric of ['dice', 'iou', 'accuracy'] as const) {
      expect(
        thrown(() => rankseg({ data: pair, shape: SHAPE }, { metric, validate: 'distribution' })).message,
      ).toMatch(/^probs\.data\[(7|27)\] is (1\.25|-0\.25), outside \[0, 1\]/);
    }
  });

  it('never mutates the input', () => {
    const data = Float32Array.from(PROBS);
    rankseg({ data, shape: SHAPE }, { validate: 'distribution' });
    expect(data).toEqual(PROBS);
  });
});
