import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromTfjs, fromTfjsAsync } from '../../src/adapters/tfjs';
import { rankseg, solve } from '../../src/index';
import { normalFrom, seededRandom } from '../helpers/random';

const list = (x: ArrayLike<number>) => Array.from(x);

function logits(seed: number, length: number): Float32Array {
  const normal = normalFrom(seededRandom(seed));
  return Float32Array.from({ length }, () => 3 * normal());
}

describe('rankseg/tfjs: fromTfjs on real TF.js tensors (CPU backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("gives TF.js's own transpose to channels-first, and the masks the core gives channels-last", () => {
    const probs = tf.softmax(tf.tensor4d(logits(1, 2 * 6 * 5 * 3), [2, 6, 5, 3])); // [B, H, W, C]
    const converted = fromTfjs(probs);
    expect(converted.shape).toEqual([2, 3, 6, 5]);
    expect(list(converted.data)).toEqual(list(tf.transpose(probs, [0, 3, 1, 2]).dataSync()));
    for (const options of [{}, { metric: 'iou' }, { outputMode: 'multilabel' }] as const) {
      const core = solve(
        { data: probs.dataSync() as Float32Array, shape: probs.shape },
        { ...options, layout: 'channels-last' },
      );
      const ours = solve(converted, options);
      expect(list(ours.mask.data)).toEqual(list(core.mask.data));
      expect(list(ours.expected)).toEqual(list(core.expected));
    }
  });

  it('reads a rank-3 [H, W, C] tensor as one image', () => {
    const probs = tf.softmax(tf.tensor3d(logits(2, 4 * 7 * 2), [4, 7, 2]));
    const converted = fromTfjs(probs);
    expect(converted.shape).toEqual([1, 2, 4, 7]);
    expect(rankseg(converted).shape).toEqual([1, 4, 7]);
  });

  it("returns the tensor's own array for one channel [B, H, W, 1] (zero-copy on the CPU backend)", () => {
    const probs = tf.sigmoid(tf.tensor4d(logits(3, 2 * 8 * 8), [2, 8, 8, 1]));
    const converted = fromTfjs(probs);
    expect(converted.data).toBe(probs.dataSync());
    expect(converted.shape).toEqual([2, 1, 8, 8]);
    const mask = rankseg(converted, { outputMode: 'multilabel' });
    const core = rankseg(
      { data: probs.dataSync() as Float32Array, shape: [2, 1, 8, 8] },
      { outputMode: 'multilabel' },
    );
    expect(list(mask.data)).toEqual(list(core.data));
  });

  it('fromTfjsAsync (await tensor.data()) gives what fromTfjs gives', async () => {
    const probs = tf.softmax(tf.tensor4d(logits(4, 3 * 3 * 4), [1, 3, 3, 4]));
    const [a, b] = [fromTfjs(probs), await fromTfjsAsync(probs)];
    expect(b.shape).toEqual(a.shape);
    expect(list(b.data)).toEqual(list(a.data));
  });

  it('never writes the tensor', () => {
    const values = logits(5, 2 * 2 * 3);
    const t = tf.tensor4d(values.slice(), [1, 2, 2, 3]);
    fromTfjs(t);
    expect(list(t.dataSync())).toEqual(list(values));
  });

  it('refuses non-float tensors, disposed tensors and ranks below 3', () => {
    expect(() => fromTfjs(tf.tensor4d([1, 0, 0, 1], [1, 2, 2, 1], 'int32'))).toThrow(
      /dtype must be 'float32'.*"int32"/,
    );
    const gone = tf.tensor4d([0.5, 0.5], [1, 1, 1, 2]);
    gone.dispose();
    expect(() => fromTfjs(gone)).toThrow(/disposed/);
    expect(() => fromTfjs(tf.tensor2d([0.1, 0.9], [1, 2]))).toThrow(RangeError);
    expect(() => fromTfjs({} as never)).toThrow(TypeError);
  });
});
