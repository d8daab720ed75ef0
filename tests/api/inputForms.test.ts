import { describe, expect, it } from 'vitest';
import { readProbabilities } from '../../src/api/tensor';
import { rankseg, solve } from '../../src/index';
import { realisticProbs, seededRandom } from '../helpers/random';

const B = 2;
const C = 3;
const H = 6;
const W = 5;
const D = H * W;
const random = seededRandom(3);
const logits = Float32Array.from({ length: B * C * D }, () => 8 * (random() - 0.5));

/** Softmax and sigmoid written out per pixel, independently of src/. */
function softmaxOf(x: Float32Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < D; i++) {
      const e = [0, 1, 2].map((c) => Math.exp(x[(b * C + c) * D + i]!));
      const sum = e[0]! + e[1]! + e[2]!;
      for (let c = 0; c < C; c++) out[(b * C + c) * D + i] = e[c]! / sum;
    }
  }
  return out;
}

/** [B, C, D] → [B, D, C]. */
function toChannelsLast<T extends Float32Array | Float64Array>(x: T): T {
  const out = x.slice() as T;
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++)
      for (let i = 0; i < D; i++) out[(b * D + i) * C + c] = x[(b * C + c) * D + i]!;
  }
  return out;
}

describe('input forms (activation, layout, float16)', () => {
  const shape = [B, C, H, W];

  it('softmax over logits gives what the probabilities give', () => {
    const probs = softmaxOf(logits);
    for (const metric of ['dice', 'iou'] as const) {
      const fromLogits = solve({ data: logits, shape }, { metric, activation: 'softmax' });
      const fromProbs = solve({ data: probs, shape }, { metric });
      expect(Array.from(fromLogits.mask.data)).toEqual(Array.from(fromProbs.mask.data));
      for (let k = 0; k < B * C; k++) expect(fromLogits.expected[k]).toBeCloseTo(fromProbs.expected[k]!, 12);
    }
  });

  it('sigmoid per value gives what 1/(1 + e^-x) gives', () => {
    const probs = Float64Array.from(logits, (x) => 1 / (1 + Math.exp(-x)));
    const options = { outputMode: 'multilabel', pruningProb: 0 } as const;
    expect(Array.from(rankseg({ data: logits, shape }, { ...options, activation: 'sigmoid' }).data)).toEqual(
      Array.from(rankseg({ data: probs, shape }, options).data),
    );
  });

  it('channels-last tensors [B, ...spatial, C] give what channels-first ones give', () => {
    const probs = realisticProbs(4, B, C, [H, W], { cell: 2 });
    const last = toChannelsLast(probs);
    for (const options of [{}, { outputMode: 'multilabel' }, { metric: 'acc' }]) {
      expect(
        Array.from(
          rankseg({ data: last, shape: [B, H, W, C] }, { ...options, layout: 'channels-last' }).data,
        ),
      ).toEqual(Array.from(rankseg({ data: probs, shape }, options).data));
    }
    const both = rankseg(
      { data: toChannelsLast(logits), shape: [B, H, W, C] },
      { layout: 'channels-last', activation: 'softmax' },
    );
    expect(Array.from(both.data)).toEqual(Array.from(rankseg({ data: softmaxOf(logits), shape }).data));
    expect(both.shape).toEqual([B, H, W]);
  });

  it('decodes float16 bits given as a Uint16Array with type float16', () => {
    // 0x3800 = 0.5, 0x3a00 = 0.75, 0x3400 = 0.25, 0x3c00 = 1, 0x0000 = 0
    const bits = new Uint16Array([0x3a00, 0x3400, 0x3c00, 0x0000, 0x3400, 0x3a00, 0x0000, 0x3c00]);
    const values = new Float32Array([0.75, 0.25, 1, 0, 0.25, 0.75, 0, 1]);
    const a = rankseg({ data: bits, dims: [1, 2, 4], type: 'float16' });
    expect(Array.from(a.data)).toEqual(Array.from(rankseg({ data: values, shape: [1, 2, 4] }).data));
    expect(() => rankseg({ data: bits, dims: [1, 2, 4] })).toThrow(/binary16 bits need `type: 'float16'`/);
  });

  it('never writes into the logits', () => {
    const copy = logits.slice();
    rankseg({ data: logits, shape }, { activation: 'softmax' });
    rankseg(
      { data: toChannelsLast(logits), shape: [B, H, W, C] },
      { activation: 'sigmoid', layout: 'channels-last', outputMode: 'multilabel' },
    );
    expect(logits).toEqual(copy);
  });

  it('rejects a non-finite logit, naming its index', () => {
    const bad = logits.slice();
    bad[7] = Number.NaN;
    expect(() => rankseg({ data: bad, shape }, { activation: 'softmax' })).toThrow(
      /probs\.data\[7\] is NaN; logits \(activation 'softmax'\) must be finite/,
    );
    bad[7] = Number.POSITIVE_INFINITY;
    expect(() => rankseg({ data: bad, shape }, { activation: 'sigmoid' })).toThrow(RangeError);
  });

  it('rejects logits passed as probabilities, pointing at the value', () => {
    expect(() => rankseg({ data: logits, shape })).toThrow(/outside \[0, 1\]/);
  });

  it('rejects tensors whose data are not on the CPU, telling how to download them', () => {
    const gpu = {
      location: 'gpu-buffer',
      dims: [1, 2, 2],
      type: 'float32',
      get data() {
        throw new Error('not on CPU');
      },
    };
    const error = (() => {
      try {
        rankseg(gpu as never);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toMatch(/lives on 'gpu-buffer', not on the CPU.*await tensor\.getData\(\)/);
  });

  it('points TF.js tensors (whose data is a method) to dataSync or fromTfjs', () => {
    const tfLike = {
      shape: [1, 2, 2],
      data: async () => new Float32Array(4),
      dataSync: () => new Float32Array(4),
    };
    expect(() => rankseg(tfLike as never)).toThrow(/a TF\.js tensor\?.*dataSync\(\).*fromTfjs/);
  });

  it('rejects unknown activations and layouts, listing the valid ones', () => {
    expect(() => rankseg({ data: logits, shape }, { activation: 'relu' })).toThrow(
      /unknown activation "relu"; valid: none, softmax, sigmoid/,
    );
    expect(() => rankseg({ data: logits, shape }, { layout: 'nhwc' })).toThrow(
      /unknown layout "nhwc"; valid: channels-first, channels-last/,
    );
  });
});

describe('readProbabilities allocate', () => {
  it('makes the activated or transposed copy in the buffer it is given; channels-first probabilities stay in place', () => {
    const shared = (bytes: number) => new SharedArrayBuffer(bytes) as unknown as ArrayBuffer;
    const logits = { data: new Float32Array([0, 1, 2, 3, 4, 5]), shape: [1, 2, 3] };
    for (const form of [
      { activation: 'softmax', layout: 'channels-first' },
      { activation: 'sigmoid', layout: 'channels-last' },
    ] as const) {
      const view = readProbabilities(logits, form, true, 'probs', shared);
      expect(view.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(view.data)).toEqual(Array.from(readProbabilities(logits, form, true).data));
    }
    const last = { data: new Float32Array([0.1, 0.9, 0.8, 0.2]), shape: [1, 2, 2] };
    const transposed = readProbabilities(
      last,
      { activation: 'none', layout: 'channels-last' },
      true,
      'probs',
      shared,
    );
    expect(transposed.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(transposed.data)).toEqual(Array.from(new Float32Array([0.1, 0.8, 0.9, 0.2])));
    const first = { data: new Float32Array([0.1, 0.9, 0.8, 0.2]), shape: [1, 2, 2] };
    const inPlace = readProbabilities(
      first,
      { activation: 'none', layout: 'channels-first' },
      true,
      'probs',
      shared,
    );
    expect(inPlace.data).toBe(first.data);
  });
});
