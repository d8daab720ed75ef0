import { describe, expect, it } from 'vitest';
import { RankSEG, rankseg, solve } from '../../src/index';
import { rmaVolume, topMask } from '../helpers/oracle';
import { realisticProbs } from '../helpers/random';

describe('edge cases', () => {
  it('handles a single pixel', () => {
    const sol = solve({ data: new Float64Array([0.7]), shape: [1, 1, 1] }, { outputMode: 'multilabel' });
    expect(Array.from(sol.mask.data)).toEqual([1]);
    expect(sol.volume[0]).toBe(1);
    expect(sol.expected[0]).toBeCloseTo(1.4 / 2.7, 15);
  });

  it('gives an all-zero class an empty mask even with pruning off (τ ≥ 1 scores 0, as does the first)', () => {
    const data = new Float32Array(5000);
    const sol = solve({ data, shape: [1, 1, 5000] }, { outputMode: 'multilabel', pruningProb: 0 });
    expect(sol.volume[0]).toBe(0);
    expect(sol.expected[0]).toBe(0);
    const kept = solve(
      { data, shape: [1, 1, 5000] },
      { outputMode: 'multilabel', pruningProb: 0, smooth: 1 },
    );
    expect(kept.volume[0]).toBe(0);
  });

  it('selects all or nothing of a slice of equal probabilities, never an arbitrary part', () => {
    for (const [p, d] of [
      [0.3, 100],
      [0.3, 5000],
      [0.9, 5000],
    ] as const) {
      const data = new Float32Array(d).fill(p);
      const sol = solve({ data, shape: [1, 1, d] }, { outputMode: 'multilabel', pruningProb: 0 });
      const expected = rmaVolume(data, 'dice', 0);
      expect(sol.volume[0]).toBe(expected);
      expect(expected === 0 || expected === d).toBe(true);
    }
  });

  it('treats probabilities of exactly 0.5 and 1 correctly', () => {
    const data = new Float32Array([1, 1, 0.5, 0.5, 0.5, 0, 0, 0]);
    for (const metric of ['dice', 'iou'] as const) {
      const sol = solve({ data, shape: [1, 1, 8] }, { metric, outputMode: 'multilabel' });
      expect(Array.from(sol.mask.data)).toEqual(Array.from(topMask(data, rmaVolume(data, metric, 0))));
    }
    // 0.5 is not above the default pruning probability; 1 is.
    const half = solve(
      { data: new Float32Array([0.5, 0.5]), shape: [1, 1, 2] },
      { outputMode: 'multilabel' },
    );
    expect(half.volume[0]).toBe(0);
    const threshold = rankseg({ data, shape: [1, 1, 8] }, { metric: 'acc', outputMode: 'multilabel' });
    expect(Array.from(threshold.data)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('solves every image of a large batch independently', () => {
    const one = realisticProbs(21, 1, 3, [12, 12], { cell: 4 });
    const batch = 200;
    const data = new Float32Array(one.length * batch);
    for (let b = 0; b < batch; b++)
      data.set(realisticProbs(100 + b, 1, 3, [12, 12], { cell: 4 }), b * one.length);
    const all = rankseg({ data, shape: [batch, 3, 12, 12] });
    for (const b of [0, 57, 199]) {
      const alone = rankseg({
        data: data.subarray(b * one.length, (b + 1) * one.length),
        shape: [1, 3, 12, 12],
      });
      expect(Array.from(all.data.subarray(b * 144, (b + 1) * 144))).toEqual(Array.from(alone.data));
    }
  });

  it('accepts 3-D volumes and 1-D signals, returning their spatial shape', () => {
    const volume = realisticProbs(4, 1, 3, [6, 7, 8], { cell: 3 });
    expect(rankseg({ data: volume, shape: [1, 3, 6, 7, 8] }).shape).toEqual([1, 6, 7, 8]);
    const signal = realisticProbs(4, 2, 2, [50], { cell: 5 });
    expect(rankseg({ data: signal, shape: [2, 2, 50] }, { outputMode: 'multilabel' }).shape).toEqual([
      2, 2, 50,
    ]);
  });

  it('gives the same answer for number[], Float32Array and Float64Array data', () => {
    const f32 = realisticProbs(8, 1, 4, [10, 10], { cell: 3 });
    const expected = Array.from(rankseg({ data: f32, shape: [1, 4, 10, 10] }).data);
    expect(Array.from(rankseg({ data: Array.from(f32), shape: [1, 4, 10, 10] }).data)).toEqual(expected);
    expect(Array.from(rankseg({ data: Float64Array.from(f32), shape: [1, 4, 10, 10] }).data)).toEqual(
      expected,
    );
  });

  it('takes `dims` like onnxruntime and transformers.js tensors, read through getters', () => {
    const data = realisticProbs(9, 1, 3, [8, 8], { cell: 4 });
    const tensor = new Proxy(
      { data, dims: [1, 3, 8, 8] },
      { ownKeys: () => [], getOwnPropertyDescriptor: () => undefined },
    );
    expect(Array.from(rankseg(tensor).data)).toEqual(Array.from(rankseg({ data, shape: [1, 3, 8, 8] }).data));
  });

  it('never modifies the input', () => {
    const data = realisticProbs(10, 2, 4, [16, 16], { cell: 4 });
    const copy = data.slice();
    const shape = [2, 4, 16, 16];
    for (const options of [
      {},
      { outputMode: 'multilabel' },
      { metric: 'iou', smooth: 1 },
      { metric: 'acc' },
    ]) {
      rankseg({ data, shape }, options);
    }
    expect(data).toEqual(copy);
    expect(shape).toEqual([2, 4, 16, 16]);
  });

  it('uses the smallest integer array for labels, including a large voidIndex', () => {
    const data = realisticProbs(12, 1, 3, [4, 4], { cell: 2 });
    expect(rankseg({ data, shape: [1, 3, 4, 4] }).data).toBeInstanceOf(Uint8Array);
    expect(
      rankseg({ data, shape: [1, 3, 4, 4] }, { unassignedPolicy: 'void', voidIndex: 300 }).data,
    ).toBeInstanceOf(Uint16Array);
    expect(
      rankseg({ data, shape: [1, 3, 4, 4] }, { unassignedPolicy: 'void', voidIndex: 70000 }).data,
    ).toBeInstanceOf(Uint32Array);
  });

  it('RankSEG holds its options and gives what rankseg and solve give', () => {
    const data = realisticProbs(13, 1, 3, [9, 9], { cell: 3 });
    const probs = { data, shape: [1, 3, 9, 9] };
    const seg = new RankSEG({ metric: 'IoU ', outputMode: 'MultiLabel' });
    expect(seg.options.metric).toBe('IoU ');
    expect(Array.from(seg.predict(probs).data)).toEqual(
      Array.from(rankseg(probs, { metric: 'iou', outputMode: 'multilabel' }).data),
    );
    expect(Array.from(seg.solve(probs).expected)).toEqual(
      Array.from(solve(probs, { metric: 'iou', outputMode: 'multilabel' }).expected),
    );
  });

  it('handles a 20-million-element input', () => {
    const classes = 5;
    const pixels = 4_000_000;
    const data = new Float32Array(classes * pixels);
    // Class c owns a band of pixels with p = 0.9; elsewhere 0.025 each.
    data.fill(0.025);
    for (let c = 0; c < classes; c++) {
      const start = (c * pixels) / classes;
      for (let i = start; i < start + pixels / classes; i++) {
        data[c * pixels + i] = 0.9;
      }
    }
    const sol = solve({ data, shape: [1, classes, 2000, 2000] });
    expect(sol.mask.shape).toEqual([1, 2000, 2000]);
    for (let c = 0; c < classes; c++) expect(sol.volume[c]).toBe(pixels / classes);
    expect(sol.mask.data[0]).toBe(0);
    expect(sol.mask.data[pixels - 1]).toBe(classes - 1);
  });
});
