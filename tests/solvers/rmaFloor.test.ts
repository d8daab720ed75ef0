import { describe, expect, it } from 'vitest';
import { solve } from '../../src/index';
import { ClassSelection } from '../../src/kernels/ClassSelection';
import { SliceHistogram } from '../../src/kernels/SliceHistogram';
import { solveRma } from '../../src/solvers/rma';
import { floorSampleIndex, floorSampleSize, guessRmaFloor } from '../../src/solvers/rmaFloor';
import { rmaVolume, topMask } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';

type Metric = 'dice' | 'iou';

/*
 * RMA's first pass on large slices: the histogram above a sampled floor, the bounded index list.
 * Slices here are ≥ 65 536 pixels where the floor guess applies.
 */

function maxOf(p: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p.length; i++) m = Math.max(m, p[i]!);
  return m;
}

/** One class as a multilabel problem: our volume and mask against the sorted-scan oracle. */
function expectRmaOracle(data: Float32Array, metric: Metric, smooth: number, pruningProb: number): void {
  const sol = solve(
    { data, shape: [1, 1, data.length] },
    { metric, smooth, pruningProb, outputMode: 'multilabel' },
  );
  const volume = maxOf(data) > pruningProb ? rmaVolume(data, metric, smooth) : 0;
  expect(sol.volume[0]).toBe(volume);
  expect(Array.from(sol.mask.data)).toEqual(Array.from(topMask(data, volume)));
}

describe('RMA on large slices (histogram above a sampled floor)', () => {
  const random = seededRandom(31);
  const d = 300 * 300;
  const slices: [string, Float32Array][] = [
    ['a realistic blob', realisticProbs(12, 1, 1, [300, 300])],
    [
      'a small confident object',
      Float32Array.from({ length: d }, (_, i) => (i % 300 < 12 && i < 3600 ? 0.97 : 1e-6 * random())),
    ],
    ['uniform values', Float32Array.from({ length: d }, random)],
    [
      'quantized values (many ties, bin edges)',
      Float32Array.from({ length: d }, () => Math.floor(random() * 17) / 16),
    ],
    [
      'values k/255 (8-bit model output)',
      Float32Array.from({ length: d }, () => Math.round(random() ** 3 * 255) / 255),
    ],
  ];
  for (const [name, data] of slices) {
    for (const metric of ['dice', 'iou'] as const) {
      for (const smooth of [0, 1]) {
        it(`finds the oracle's first maximizer and mask on ${name} (${metric}, smooth ${smooth})`, () => {
          expectRmaOracle(data, metric, smooth, 0.5);
        });
      }
    }
  }

  it('reads the slice again, with no floor, when the sample misrepresents it (a guess never decides)', () => {
    // The sampled pixels are confident; the rest, far more, are 0.2: the optimum takes them all
    // (D̃(d) ≈ 1/3, so λ* ≈ 1/6), below the floor the sample suggests (≈ ¼).
    const data = new Float32Array(d).fill(0.2);
    const n = floorSampleSize(d);
    for (let j = 0; j < n; j++) data[floorSampleIndex(j, n, d)] = 0.99;
    const guess = guessRmaFloor(data, 0, d, 'dice', 0, new Float64Array(1024));
    const hist = new SliceHistogram();
    hist.scan(data, 0, d, guess, 0);
    expect(guess).toBeGreaterThan(0.2);
    expect(solveRma(hist, 'dice', 0, new ClassSelection())).toBe(false);
    expectRmaOracle(data, 'dice', 0, 0.5);
    expect(solve({ data, shape: [1, 1, d] }, { outputMode: 'multilabel' }).volume[0]).toBe(d);
  });

  it('prunes exactly at pruningProb, even when the largest p lies within a bin of it', () => {
    for (const [top, active] of [
      [0.5, false],
      [0.50001, true],
      [Math.fround(0.5 + 2 ** -20), true],
    ] as const) {
      const data = Float32Array.from({ length: d }, () => 0.4999 * random());
      data[d >> 1] = top;
      const sol = solve({ data, shape: [1, 1, d] }, { outputMode: 'multilabel', pruningProb: 0.5 });
      expect(sol.volume[0]! > 0).toBe(active);
    }
  });

  it('decides pruning when the floor lies above pruningProb (a second pass settles it)', () => {
    // Nothing above ½ in the sample: a blind floor of 0.2 > pruningProb 0.1.
    const data = Float32Array.from({ length: d }, () => 0.15 * random());
    expectRmaOracle(data, 'dice', 0, 0.1);
    expectRmaOracle(data, 'dice', 0, 0.15);
  });

  it('gives a class with more selected pixels than the index list holds the same mask (4.5 M pixels)', () => {
    const big = 4_500_000;
    const data = new Float32Array(big);
    for (let i = 0; i < big; i++) data[i] = i % 10 === 0 ? 0.3 : 0.95 - (i % 7) * 1e-3;
    const sol = solve({ data, shape: [1, 1, big] }, { outputMode: 'multilabel' });
    const sorted = Float64Array.from(data).sort().reverse();
    let mean = 0;
    for (let i = 0; i < big; i++) mean += data[i]!;
    let cum = 0;
    let best = Number.NEGATIVE_INFINITY;
    let volume = 0;
    for (let t = 1; t <= big; t++) {
      cum += sorted[t - 1]!;
      const value = (2 * cum) / (t + mean + 1);
      if (value > best) {
        best = value;
        volume = t;
      }
    }
    expect(sol.volume[0]).toBe(volume);
    // A top-τ set: everything selected is at least everything left out.
    let minIn = Number.POSITIVE_INFINITY;
    let maxOut = Number.NEGATIVE_INFINITY;
    let count = 0;
    for (let i = 0; i < big; i++) {
      if (sol.mask.data[i]) {
        count++;
        minIn = Math.min(minIn, data[i]!);
      } else maxOut = Math.max(maxOut, data[i]!);
    }
    expect(count).toBe(volume);
    expect(minIn).toBeGreaterThanOrEqual(maxOut);
    expect(sol.expected[0]).toBeCloseTo(best, 12);
  });
});
