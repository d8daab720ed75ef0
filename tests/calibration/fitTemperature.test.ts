import { describe, expect, it } from 'vitest';
import { applyTemperature, fitTemperature, type TemperatureFit } from '../../src/index';
import { directSoftmaxNll, sigmoidData, softmaxData } from '../helpers/calibrationData';

/** Every fit must lower (or keep) the NLL: checked on every fit of this file. */
function expectImproves(fit: TemperatureFit<number | number[]>): void {
  expect(fit.nll.after).toBeLessThanOrEqual(fit.nll.before);
  expect(Number.isFinite(fit.nll.after)).toBe(true);
}

const tensors = <T>(data: T[], shape: number[]) => data.map((d) => ({ data: d, shape }));

describe('fitTemperature recovers a known temperature', () => {
  it('softmax probabilities sharpened by T = 2.5: T within 5% at 20 images of 32×32, NLL and ECE fall', () => {
    const d = softmaxData(1, 20, 4, 32, 2.5);
    const fit = fitTemperature(tensors(d.probs, d.shape), tensors(d.labels, d.labelShape));
    expect(fit.mode).toBe('softmax');
    expect(fit.count).toBe(20 * 32 * 32);
    expect(Math.abs(fit.temperature / 2.5 - 1)).toBeLessThan(0.05);
    expectImproves(fit);
    expect(fit.ece.after).toBeLessThan(fit.ece.before / 4);
    expect(fit.passes).toBeLessThanOrEqual(12);
  });

  it('softmax logits of an under-confident model (T = 0.6), channels-last: T within 5%', () => {
    const d = softmaxData(2, 20, 3, 32, 0.6);
    const C = 3;
    const D = 32 * 32;
    // [1, C, H, W] → [1, H, W, C]
    const last = d.logits.map((z) => {
      const out = new Float64Array(z.length);
      for (let c = 0; c < C; c++) for (let i = 0; i < D; i++) out[i * C + c] = z[c * D + i]!;
      return out;
    });
    const fit = fitTemperature(tensors(last, [1, 32, 32, C]), tensors(d.labels, d.labelShape), {
      activation: 'softmax',
      layout: 'channels-last',
    });
    expect(Math.abs(fit.temperature / 0.6 - 1)).toBeLessThan(0.05);
    expectImproves(fit);
  });

  it('a calibrated softmax model gets T ≈ 1 (within 5%)', () => {
    const d = softmaxData(3, 20, 4, 32, 1);
    const fit = fitTemperature(tensors(d.probs, d.shape), tensors(d.labels, d.labelShape));
    expect(Math.abs(fit.temperature - 1)).toBeLessThan(0.05);
    expectImproves(fit);
  });

  it('a binary sigmoid model (one channel, labels [B, H, W]) sharpened by T = 3: T within 5%', () => {
    const d = sigmoidData(4, 20, 32, [3]);
    const fit = fitTemperature(tensors(d.probs, d.shape), tensors(d.masks, [1, 32, 32]));
    expect(fit.mode).toBe('sigmoid');
    expect(Math.abs(fit.temperature / 3 - 1)).toBeLessThan(0.05);
    expectImproves(fit);
    expect(fit.ece.after).toBeLessThan(fit.ece.before);
  });

  it('perClass: two sigmoid classes sharpened by 3 and softened to 0.5 get one T each, within 5%', () => {
    const d = sigmoidData(5, 20, 32, [3, 0.5]);
    const fit = fitTemperature(tensors(d.logits, d.shape), tensors(d.masks, d.shape), {
      activation: 'sigmoid',
      perClass: true,
    });
    expect(fit.temperature).toHaveLength(2);
    expect(Math.abs(fit.temperature[0]! / 3 - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.temperature[1]! / 0.5 - 1)).toBeLessThan(0.05);
    expectImproves(fit);
    // one shared T cannot fit both classes as well
    const shared = fitTemperature(tensors(d.logits, d.shape), tensors(d.masks, d.shape), {
      activation: 'sigmoid',
    });
    expectImproves(shared);
    expect(fit.nll.after).toBeLessThan(shared.nll.after);
  });
});

describe('fitTemperature solves the convex problem exactly', () => {
  it('its T beats every T of a fine grid on an NLL computed directly, and its NLLs are that direct NLL', () => {
    const d = softmaxData(6, 20, 3, 16, 1.8);
    const fit = fitTemperature(tensors(d.probs, d.shape), tensors(d.labels, d.labelShape));
    expectImproves(fit);
    const T = fit.temperature;
    expect(fit.nll.before).toBeCloseTo(directSoftmaxNll(d.probs, d.labels, 3, 1), 12);
    const atFit = directSoftmaxNll(d.probs, d.labels, 3, T);
    expect(fit.nll.after).toBeCloseTo(atFit, 12);
    for (let k = 0; k <= 200; k++) {
      const t = T * 2 ** (k / 100 - 1); // T/2 … 2T
      expect(atFit).toBeLessThanOrEqual(directSoftmaxNll(d.probs, d.labels, 3, t) + 1e-14);
    }
    // and a stationary point: the NLL rises on both sides at ±1e-4
    expect(directSoftmaxNll(d.probs, d.labels, 3, T * (1 + 1e-4))).toBeGreaterThan(atFit);
    expect(directSoftmaxNll(d.probs, d.labels, 3, T * (1 - 1e-4))).toBeGreaterThan(atFit);
  });

  it('labels the scores separate perfectly drive T toward 0 (to the bound 1e-4, or where the NLL underflows)', () => {
    const data = new Float32Array([0.9, 0.8, 0.3, 0.1]);
    const fit = fitTemperature({ data, shape: [1, 1, 4] }, { data: [1, 1, 0, 0], shape: [1, 1, 4] });
    expect(fit.temperature).toBeGreaterThanOrEqual(1e-4);
    expect(fit.temperature).toBeLessThan(1e-3);
    expect(fit.passes).toBeLessThan(20);
    expectImproves(fit);
    expect(fit.nll.after).toBeLessThan(1e-12);
  });

  it('scores that say nothing (every class equally likely) keep T = 1', () => {
    const fit = fitTemperature(
      { data: new Float64Array(8).fill(0.5), shape: [1, 2, 4] },
      { data: [0, 1, 1, 0], shape: [1, 4] },
    );
    expect(fit.temperature).toBe(1);
    expect(fit.nll.before).toBeCloseTo(Math.LN2, 15);
    expectImproves(fit);
  });
});

describe('fitTemperature reads sources of every kind alike', () => {
  const d = softmaxData(7, 6, 3, 8, 2);
  const shape = d.shape;
  const labelShape = d.labelShape;

  it('one batched tensor, an array, a sync function and an async generator give the same fit', async () => {
    const batched = new Float32Array(d.probs.length * d.probs[0]!.length);
    for (const [b, p] of d.probs.entries()) batched.set(p, b * p.length);
    const labels = new Uint8Array(d.labels.length * d.labels[0]!.length);
    for (const [b, y] of d.labels.entries()) labels.set(y, b * y.length);
    const one = fitTemperature({ data: batched, shape: [6, 3, 8, 8] }, { data: labels, shape: [6, 8, 8] });
    const list = fitTemperature(tensors(d.probs, shape), tensors(d.labels, labelShape));
    const sync = fitTemperature(
      () => tensors(d.probs, shape).values(),
      function* () {
        yield* tensors(d.labels, labelShape);
      },
    );
    const promise = fitTemperature(
      async function* () {
        for (const t of tensors(d.probs, shape)) yield await Promise.resolve(t);
      },
      () => tensors(d.labels, labelShape),
    );
    expect(promise).toBeInstanceOf(Promise);
    const streamed = await promise;
    for (const fit of [one, sync, streamed]) {
      expect(fit.temperature).toBeCloseTo(list.temperature, 12);
      expect(fit.nll.after).toBeCloseTo(list.nll.after, 12);
      expect(fit.ece.after).toBeCloseTo(list.ece.after, 12);
      expect(fit.passes).toBe(list.passes);
      expectImproves(fit);
    }
    expectImproves(list);
  });

  it('calls a function source once per pass, holding one pair at a time', async () => {
    let calls = 0;
    let alive = 0;
    let most = 0;
    const fit = await fitTemperature(
      async function* () {
        calls++;
        for (const t of tensors(d.probs, shape)) {
          alive++;
          most = Math.max(most, alive);
          yield t;
          alive--;
        }
      },
      () => tensors(d.labels, labelShape),
    );
    expect(calls).toBe(fit.passes);
    expect(most).toBe(1);
    expectImproves(fit);
  });

  it('ignoreIndex: labelled 255 pixels count nowhere, whatever their predictions', () => {
    const labels = d.labels.map((y) => y.map((v, i) => (i % 5 === 0 ? 255 : v)));
    const a = fitTemperature(tensors(d.probs, shape), tensors(labels, labelShape), { ignoreIndex: 255 });
    // scramble the predictions at the ignored pixels: nothing changes
    const scrambled = d.probs.map((p) => {
      const q = Float32Array.from(p);
      const D = 64;
      for (let i = 0; i < D; i += 5) {
        q[i] = 1;
        q[D + i] = 0;
        q[2 * D + i] = 0;
      }
      return q;
    });
    const b = fitTemperature(tensors(scrambled, shape), tensors(labels, labelShape), { ignoreIndex: 255 });
    expect(a.count).toBe(6 * (64 - 13));
    expect(b.temperature).toBe(a.temperature);
    expect(b.nll).toEqual(a.nll);
    expectImproves(a);
  });

  it('never writes to the inputs', () => {
    const probs = d.probs.map((p) => Float32Array.from(p));
    const labels = d.labels.map((y) => Uint8Array.from(y));
    const fit = fitTemperature(tensors(probs, shape), tensors(labels, labelShape));
    expect(probs).toEqual(d.probs);
    expect(labels).toEqual(d.labels);
    expectImproves(fit);
  });
});

describe('ECE and the reliability curve, by hand', () => {
  it('softmax: top-class confidence, 15 bins, ECE = Σ (n_k/N)|acc_k − conf_k|', () => {
    // pixels (p0, p1; label): (0.9, 0.1; 0) (0.8, 0.2; 1) (0.3, 0.7; 1) (0.35, 0.65; 0) (0.92, 0.08; 0)
    // confidences 0.9 0.8 0.7 0.65 0.92 → bins 13 12 10 9 13; right: yes no yes no yes
    // bin 13: |2 − 1.82| = 0.18; bin 12: |0 − 0.8|; bin 10: |1 − 0.7|; bin 9: |0 − 0.65| → 1.93/5
    const data = new Float64Array([0.9, 0.8, 0.3, 0.35, 0.92, 0.1, 0.2, 0.7, 0.65, 0.08]);
    const fit = fitTemperature({ data, shape: [1, 2, 5] }, { data: [0, 1, 1, 0, 0], shape: [1, 5] });
    expect(fit.ece.before).toBeCloseTo(1.93 / 5, 12);
    const bins = fit.reliability.before;
    expect(bins).toHaveLength(15);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 2, 0]);
    expect(bins[13]!.confidence).toBeCloseTo(0.91, 12);
    expect(bins[13]!.accuracy).toBe(1);
    expect(bins[12]!.accuracy).toBe(0);
    expect(bins[13]!.lower).toBeCloseTo(13 / 15, 15);
    expect(Number.isNaN(bins[0]!.confidence)).toBe(true);
    const nll = -(Math.log(0.9) + Math.log(0.2) + Math.log(0.7) + Math.log(0.35) + Math.log(0.92)) / 5;
    expect(fit.nll.before).toBeCloseTo(nll, 12);
    expectImproves(fit);
  });

  it('sigmoid: each pixel-class a two-way prediction, confidence max(p, 1 − p)', () => {
    // (p; y): (0.9; 1) right, conf 0.9 · (0.2; 1) wrong, 0.8 · (0.6; 0) wrong, 0.6 · (0.05; 0) right, 0.95
    // bins 13, 12, 9, 14 → (0.1 + 0.8 + 0.6 + 0.05)/4
    const fit = fitTemperature(
      { data: new Float64Array([0.9, 0.2, 0.6, 0.05]), shape: [1, 1, 4] },
      { data: [1, 1, 0, 0], shape: [1, 1, 4] },
    );
    expect(fit.ece.before).toBeCloseTo(1.55 / 4, 12);
    expect(fit.reliability.before[14]!.confidence).toBeCloseTo(0.95, 12);
    expectImproves(fit);
  });

  it('ECE after equals the same definition computed on applyTemperature’s output', () => {
    const d = softmaxData(8, 5, 3, 16, 2);
    const fit = fitTemperature(tensors(d.probs, d.shape), tensors(d.labels, d.labelShape), { bins: 10 });
    expectImproves(fit);
    const count = new Float64Array(10);
    const conf = new Float64Array(10);
    const right = new Float64Array(10);
    const D = 256;
    for (let b = 0; b < 5; b++) {
      const p = applyTemperature({ data: d.probs[b]!, shape: d.shape }, fit.temperature).data;
      for (let i = 0; i < D; i++) {
        let top = 0;
        for (let c = 1; c < 3; c++) if (p[c * D + i]! > p[top * D + i]!) top = c;
        const q = p[top * D + i]!;
        const k = Math.min(9, Math.floor(q * 10));
        count[k]! += 1;
        conf[k]! += q;
        if (top === d.labels[b]![i]) right[k]! += 1;
      }
    }
    let ece = 0;
    for (let k = 0; k < 10; k++) ece += Math.abs(right[k]! - conf[k]!);
    // applyTemperature stores float32: agreement to its rounding
    expect(fit.ece.after).toBeCloseTo(ece / (5 * D), 6);
    expect(fit.reliability.after.map((b) => b.count)).toEqual(Array.from(count));
  });
});

describe('fitTemperature refuses bad input with typed, named errors', () => {
  const p = { data: new Float32Array([0.7, 0.3, 0.4, 0.6]), shape: [1, 2, 2] };
  const y = { data: [0, 1], shape: [1, 2] };

  it.each([
    [
      'a prediction that is not a tensor',
      () => fitTemperature(42 as never, y),
      TypeError,
      /predictions must be a tensor/,
    ],
    [
      'a label tensor without data',
      () => fitTemperature(p, { shape: [1, 2] } as never),
      TypeError,
      /labels must be a tensor/,
    ],
    [
      'a probability above 1',
      () => fitTemperature([{ data: new Float32Array([0.7, 1.5, 0.4, 0.6]), shape: [1, 2, 2] }], [y]),
      RangeError,
      /predictions\[0\]\.data\[1\] is 1\.5, outside \[0, 1\]/,
    ],
    [
      'a NaN logit',
      () => fitTemperature({ data: [0, Number.NaN, 1, 2], shape: [1, 2, 2] }, y, { activation: 'softmax' }),
      RangeError,
      /predictions\.data\[1\] is NaN; logits must be finite/,
    ],
    [
      'a label outside [0, C)',
      () => fitTemperature(p, { data: [0, 2], shape: [1, 2] }),
      RangeError,
      /labels\.data\[1\] = 2 must be a class label in \[0, 2\)/,
    ],
    [
      'a mask value that is not 0/1',
      () => fitTemperature({ data: [0.5, 0.5], shape: [1, 1, 2] }, { data: [0, 3], shape: [1, 2] }),
      RangeError,
      /labels\.data\[1\] = 3 must be 0 or 1/,
    ],
    [
      'label shape that fits neither form',
      () => fitTemperature(p, { data: [0, 1, 1], shape: [1, 3] }),
      RangeError,
      /labels has shape \[1, 3\]/,
    ],
    [
      'sources of different lengths',
      () => fitTemperature([p, p], [y]),
      RangeError,
      /labels ended after 1 tensor\(s\) but predictions has more/,
    ],
    [
      'an ignoreIndex that is a class label',
      () => fitTemperature(p, y, { ignoreIndex: 0 }),
      RangeError,
      /ignoreIndex \(0\) must lie outside/,
    ],
    [
      'every label ignored',
      () => fitTemperature(p, { data: [9, 9], shape: [1, 2] }, { ignoreIndex: 9 }),
      RangeError,
      /no labelled value/,
    ],
    ['no pair at all', () => fitTemperature([], []), RangeError, /no labelled value/],
    [
      'perClass with label maps',
      () => fitTemperature(p, y, { perClass: true }),
      RangeError,
      /perClass needs mode 'sigmoid'/,
    ],
    [
      'perClass with mode softmax',
      () => fitTemperature(p, y, { perClass: true, mode: 'softmax' }),
      RangeError,
      /perClass needs mode 'sigmoid'/,
    ],
    [
      'an unknown option',
      () => fitTemperature(p, y, { temperature: 2 } as never),
      RangeError,
      /unknown option "temperature"/,
    ],
    [
      'bins 0',
      () => fitTemperature(p, y, { bins: 0 }),
      RangeError,
      /options\.bins must be an integer in 1…10000; got 0/,
    ],
    [
      'perClass a string',
      () => fitTemperature(p, y, { perClass: 'yes' } as never),
      TypeError,
      /options\.perClass must be a boolean/,
    ],
    [
      'activation contradicting mode',
      () => fitTemperature(p, y, { activation: 'sigmoid', mode: 'softmax' }),
      RangeError,
      /contradicts activation 'sigmoid'/,
    ],
    [
      'a softmax over one channel',
      () =>
        fitTemperature(
          { data: [0.2, 0.7], shape: [1, 1, 2] },
          { data: [0, 1], shape: [1, 2] },
          { mode: 'softmax' },
        ),
      RangeError,
      /one class channel/,
    ],
    [
      'class counts that change between pairs',
      () => fitTemperature([p, { data: new Float32Array(6).fill(1 / 3), shape: [1, 3, 2] }], [y, y]),
      RangeError,
      /predictions\[1\] has 3 classes; the predictions before it have 2/,
    ],
    [
      'a function that returns no iterable',
      () => fitTemperature((() => 5) as never, y),
      TypeError,
      /predictions\(\) must return an iterable or async iterable/,
    ],
  ] as const)('%s', (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('an async source with a bad tensor rejects with the same error', async () => {
    await expect(
      fitTemperature(
        async function* () {
          yield { data: new Float32Array([0.7, 0.3, 0.4, -1]), shape: [1, 2, 2] };
        },
        [y],
      ),
    ).rejects.toThrow(/predictions\[0\]\.data\[3\] is -1, outside \[0, 1\]/);
  });
});
