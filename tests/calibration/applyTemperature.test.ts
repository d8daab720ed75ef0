import { describe, expect, it } from 'vitest';
import { applyTemperature, rankseg } from '../../src/index';
import { normalFrom, seededRandom } from '../helpers/random';

/** softmax over the class axis of `[C, D]` values, in float64 (the test's own). */
function softmax(z: ArrayLike<number>, C: number, scale = 1): Float64Array {
  const D = z.length / C;
  const out = new Float64Array(z.length);
  for (let i = 0; i < D; i++) {
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, scale * z[c * D + i]!);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(scale * z[c * D + i]! - max);
    for (let c = 0; c < C; c++) out[c * D + i] = Math.exp(scale * z[c * D + i]! - max) / sum;
  }
  return out;
}

function randomLogits(seed: number, n: number): Float64Array {
  const normal = normalFrom(seededRandom(seed));
  return Float64Array.from({ length: n }, () => 2 * normal());
}

describe('applyTemperature by hand', () => {
  it('softmax from probabilities: T = 2 takes square roots, [0.9, 0.1] → [3/4, 1/4]', () => {
    const out = applyTemperature({ data: new Float64Array([0.9, 0.6, 0.1, 0.4]), shape: [1, 2, 2] }, 2);
    expect(out.data[0]).toBeCloseTo(0.75, 15);
    expect(out.data[2]).toBeCloseTo(0.25, 15);
    const r = Math.sqrt(0.6) / (Math.sqrt(0.6) + Math.sqrt(0.4));
    expect(out.data[1]).toBeCloseTo(r, 15);
    expect(out.shape).toEqual([1, 2, 2]);
  });

  it('sigmoid from a probability: p = 0.8, T = 2 → σ(ln 4 / 2) = 2/3', () => {
    const out = applyTemperature({ data: [0.8], shape: [1, 1, 1] }, 2);
    expect(out.data[0]).toBeCloseTo(2 / 3, 15);
  });

  it('a stored 1 or 0 in float32 is read as 1 − 2⁻²⁵ or 2⁻¹⁵⁰, so a temperature moves it by a known amount', () => {
    const out = applyTemperature({ data: new Float32Array([1, 0]), shape: [1, 1, 2] }, 2);
    // logit(1 − 2⁻²⁵) ≈ 25 ln 2; halved: σ = 1/(1 + 2^−12.5)
    expect(out.data[0]).toBeCloseTo(1 / (1 + 2 ** -12.5), 7);
    // logit(2⁻¹⁵⁰) = −150 ln 2 (1 − 2⁻¹⁵⁰ = 1): halved, σ = 2⁻⁷⁵ to float32 precision
    expect(out.data[1]! / 2 ** -75).toBeCloseTo(1, 6);
  });
});

describe('applyTemperature invariants', () => {
  const logits = randomLogits(1, 3 * 50);
  const probs = Float32Array.from(softmax(logits, 3));
  const tensor = { data: probs, shape: [1, 3, 5, 10] };

  it('T = 1 returns the probabilities exactly, in a new array', () => {
    const out = applyTemperature(tensor, 1);
    expect(out.data).toEqual(probs);
    expect(out.data).not.toBe(probs);
    expect(out.data).toBeInstanceOf(Float32Array);
  });

  it('T = 1 on logits is the softmax (or sigmoid) of the logits', () => {
    const out = applyTemperature({ data: logits, shape: [1, 3, 50] }, 1, { activation: 'softmax' });
    const expected = softmax(logits, 3);
    for (let k = 0; k < logits.length; k++) expect(out.data[k]).toBeCloseTo(expected[k]!, 15);
    const sig = applyTemperature({ data: logits, shape: [1, 3, 50] }, 1, { activation: 'sigmoid' });
    for (let k = 0; k < logits.length; k++)
      expect(sig.data[k]).toBeCloseTo(1 / (1 + Math.exp(-logits[k]!)), 15);
  });

  it('never writes to its input', () => {
    const copy = Float32Array.from(probs);
    applyTemperature(tensor, 3);
    applyTemperature({ data: logits, shape: [1, 3, 50] }, 0.5, { activation: 'softmax' });
    expect(probs).toEqual(copy);
    expect(logits).toEqual(randomLogits(1, 150));
  });

  it('T = 3 on softmax(3z) gives softmax(z), to float32 precision', () => {
    const sharp = Float32Array.from(softmax(logits, 3, 3));
    const out = applyTemperature({ data: sharp, shape: [1, 3, 50] }, 3);
    const truth = softmax(logits, 3);
    for (let k = 0; k < truth.length; k++) expect(Math.abs(out.data[k]! - truth[k]!)).toBeLessThan(2e-7);
  });

  it('keeps each pixel’s argmax and each class’s ranking, so argmax masks are unchanged', () => {
    const softer = applyTemperature(tensor, 4);
    const sharper = applyTemperature(tensor, 0.25);
    const argmax = rankseg(tensor, { metric: 'accuracy' });
    expect(rankseg(softer, { metric: 'accuracy' }).data).toEqual(argmax.data);
    expect(rankseg(sharper, { metric: 'accuracy' }).data).toEqual(argmax.data);
  });

  it('channels-last in, channels-last out: the same as transposing around a channels-first call', () => {
    const C = 3;
    const D = 50;
    const last = new Float32Array(C * D);
    for (let c = 0; c < C; c++) for (let i = 0; i < D; i++) last[i * C + c] = probs[c * D + i]!;
    const out = applyTemperature({ data: last, shape: [1, 5, 10, C] }, 2, { layout: 'channels-last' });
    const first = applyTemperature(tensor, 2);
    expect(out.shape).toEqual([1, 5, 10, C]);
    for (let c = 0; c < C; c++)
      for (let i = 0; i < D; i++) expect(out.data[i * C + c]).toBe(first.data[c * D + i]);
  });

  it('one temperature per class in sigmoid mode; float64 and number[] inputs give Float64Array', () => {
    const z = [0.5, -1, 2, 0.25];
    const out = applyTemperature({ data: z, shape: [1, 2, 2] }, [2, 0.5], { activation: 'sigmoid' });
    expect(out.data).toBeInstanceOf(Float64Array);
    const expected = [0.25, -0.5, 4, 0.5].map((x) => 1 / (1 + Math.exp(-x)));
    for (let k = 0; k < 4; k++) expect(out.data[k]).toBeCloseTo(expected[k]!, 15);
    // a multilabel model stored as probabilities: mode 'sigmoid' says so
    const p = Float64Array.from(z, (x) => 1 / (1 + Math.exp(-x)));
    const fromProbs = applyTemperature({ data: p, shape: [1, 2, 2] }, [2, 0.5], { mode: 'sigmoid' });
    for (let k = 0; k < 4; k++) expect(fromProbs.data[k]).toBeCloseTo(expected[k]!, 14);
  });

  it('reads float16 tensors (onnxruntime), with float16’s own floor for a stored 0, and returns float32', () => {
    // binary16 0x3800 = 0.5, 0x3c00 = 1, 0x0000 = 0; pixel 0 = [0.5, 0.5], pixel 1 = [1, 0]
    const data = new Uint16Array([0x3800, 0x3c00, 0x3800, 0x0000]);
    const out = applyTemperature({ data, shape: [1, 2, 2], type: 'float16' }, 2);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.data[0]).toBeCloseTo(0.5, 7);
    // the 0 stands for 2⁻²⁵ (half float16's smallest step): T = 2 gives 2^−12.5 / (1 + 2^−12.5)
    expect(out.data[3]! / (2 ** -12.5 / (1 + 2 ** -12.5))).toBeCloseTo(1, 6);
  });
});

describe('applyTemperature refuses bad input with typed, named errors', () => {
  const t = { data: new Float32Array([0.7, 0.3]), shape: [1, 2, 1] };
  it.each([
    ['T = 0', () => applyTemperature(t, 0), RangeError, /temperature must be a finite number > 0; got 0/],
    [
      'T = NaN',
      () => applyTemperature(t, Number.NaN),
      RangeError,
      /temperature must be a finite number > 0; got NaN/,
    ],
    ['T = Infinity', () => applyTemperature(t, Number.POSITIVE_INFINITY), RangeError, /got Infinity/],
    [
      'T a string',
      () => applyTemperature(t, '2' as never),
      TypeError,
      /temperature must be a number or an array of numbers/,
    ],
    ['an array under softmax', () => applyTemperature(t, [1, 2]), RangeError, /needs mode sigmoid/],
    [
      'an array of the wrong length',
      () => applyTemperature(t, [1, 2, 3], { mode: 'sigmoid' }),
      RangeError,
      /temperature has 3 entries; probs has 2 classes/,
    ],
    [
      'a negative entry',
      () => applyTemperature(t, [1, -2], { mode: 'sigmoid' }),
      RangeError,
      /temperature\[1\] must be a finite number > 0; got -2/,
    ],
    [
      'a probability above 1',
      () => applyTemperature({ data: [0.5, 1.2], shape: [1, 2, 1] }, 2),
      RangeError,
      /probs\.data\[1\] is 1\.2, outside \[0, 1\]/,
    ],
    [
      'a probability above 1 even at T = 1',
      () => applyTemperature({ data: [0.5, 1.2], shape: [1, 2, 1] }, 1),
      RangeError,
      /probs\.data\[1\] is 1\.2/,
    ],
    [
      'an infinite logit',
      () => applyTemperature({ data: [0, Infinity], shape: [1, 2, 1] }, 2, { activation: 'softmax' }),
      RangeError,
      /probs\.data\[1\] is Infinity; logits/,
    ],
    [
      'a softmax over one channel',
      () => applyTemperature({ data: [0.4], shape: [1, 1, 1] }, 2, { mode: 'softmax' }),
      RangeError,
      /one class channel/,
    ],
    [
      'two dimensions',
      () => applyTemperature({ data: [0.4, 0.6], shape: [1, 2] }, 2),
      RangeError,
      /at least 3 dimensions/,
    ],
    ['not a tensor', () => applyTemperature(null as never, 2), TypeError, /probs must be an object/],
    [
      'an unknown mode',
      () => applyTemperature(t, 2, { mode: 'tanh' }),
      RangeError,
      /unknown options\.mode "tanh"; valid: softmax, sigmoid/,
    ],
    [
      'an unknown option',
      () => applyTemperature(t, 2, { perClass: true } as never),
      RangeError,
      /unknown option "perClass"/,
    ],
  ] as const)('%s', (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
