import { describe, expect, it } from 'vitest';
import * as api from '../../src/index';

describe('public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'RankSEG',
      'SegmentationMeter',
      'applyTemperature',
      'diceScore',
      'expectedScore',
      'fitTemperature',
      'iouScore',
      'rankseg',
      'ranksegAsync',
      'solve',
      'solveAsync',
    ]);
  });

  it('runs the README example', () => {
    const probs = { data: new Float32Array([0.9, 0.6, 0.3, 0.2, 0.1, 0.4, 0.7, 0.8]), shape: [1, 2, 2, 2] };
    const mask = api.rankseg(probs, { metric: 'dice' });
    expect(mask.shape).toEqual([1, 2, 2]);
    expect(Array.from(mask.data)).toEqual([0, 0, 1, 1]);
  });

  it('runs the README worked example: a faint 4-pixel object argmax misses', () => {
    const data = new Float64Array(100).fill(0.01);
    data.set([0.45, 0.45, 0.45, 0.45], 44);
    const { volume, expected } = api.solve(
      { data, shape: [1, 1, 10, 10] },
      { outputMode: 'multilabel', pruningProb: 0 },
    );
    expect(Array.from(volume)).toEqual([4]);
    // D̃(4) = 2·1.8/(4 + 2.76 + 1)
    expect(expected[0]).toBeCloseTo(3.6 / 7.76, 12);
    // Its exact expected Dice, 0.508 in the README, and the empty mask's 0.
    const mask = api.rankseg({ data, shape: [1, 1, 10, 10] }, { outputMode: 'multilabel', pruningProb: 0 });
    expect(api.expectedScore({ data, shape: [1, 1, 10, 10] }, mask)[0]).toBeCloseTo(0.5081972842556206, 12);
    const exact = api.solve(
      { data, shape: [1, 1, 10, 10] },
      { outputMode: 'multilabel', pruningProb: 0, solver: 'exact' },
    );
    expect(Array.from(exact.volume)).toEqual([4]);
    expect(exact.expected[0]).toBeCloseTo(0.5081972842556206, 12);
  });

  it('runs the solve() example', () => {
    const probs = { data: new Float32Array([0.9, 0.6, 0.2, 0.05]), shape: [1, 1, 4] };
    const { mask, volume, cutoff, expected } = api.solve(probs, { outputMode: 'multilabel' });
    expect(Array.from(mask.data)).toEqual([1, 1, 0, 0]);
    expect(Array.from(volume)).toEqual([2]);
    expect(cutoff[0]).toBeCloseTo(0.6, 6);
    // D̃(2) = 2·1.5/(2 + 1.75 + 1) = 3/4.75
    expect(expected[0]).toBeCloseTo(3 / 4.75, 6);
  });
});
