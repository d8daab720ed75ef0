import { describe, expect, it } from 'vitest';
import { classSolverFor } from '../../src/api/classSolver';
import { resolveOptions } from '../../src/api/options';
import { classChoices, recordChoice } from '../../src/api/run';
import { chooseClassSlice } from '../../src/api/solveClassSlice';
import { type RanksegOptions, rankseg, solve } from '../../src/index';
import { ClassSelection } from '../../src/kernels/ClassSelection';
import { planeWords } from '../../src/kernels/selectionBits';
import { OverlapResolver, resolverArraySizes, SUM_BLOCK } from '../../src/solvers/OverlapResolver';
import { resolveReference, rmaVolume, topMask } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';

type Metric = 'dice' | 'iou';

/** Our multiclass labels against the reference resolution applied to oracle per-class masks. */
function compareWithReference(
  data: Float32Array,
  shape: number[],
  metric: Metric,
  smooth: number,
  pruningProb: number,
  policy: 'max_score' | 'void',
) {
  const [batch, classes] = shape as [number, number];
  const pixels = data.length / (batch * classes);
  const labels = rankseg({ data, shape }, { metric, smooth, pruningProb, unassignedPolicy: policy }).data;
  for (let b = 0; b < batch; b++) {
    const probs = Array.from({ length: classes }, (_, c) =>
      data.subarray((b * classes + c) * pixels, (b * classes + c + 1) * pixels),
    );
    const active = probs.map((p) => Math.max(...p) > pruningProb);
    const masks = probs.map((p, c) =>
      active[c] ? topMask(p, rmaVolume(p, metric, smooth)) : new Uint8Array(pixels),
    );
    const expected = resolveReference(probs, masks, active, metric, smooth, policy, 255);
    expect(Array.from(labels.subarray(b * pixels, (b + 1) * pixels))).toEqual(expected);
  }
}

describe('multiclass resolution, hand-worked (DESIGN §3.5)', () => {
  // Two classes, three pixels. Class 0: p = [0.9, 0.6, 0.3]; class 1: p = [0.1, 0.55, 0.7].
  // μ0 = 1.8, RMA Dice picks τ0 = 2 ({0, 1}); μ1 = 1.35, τ1 = 2 ({1, 2}).
  // Pixel 0 → class 0 alone, pixel 2 → class 1 alone, pixel 1 contested.
  // Class 0: m = 0.9, t = 1, D = 1 + 1.8 + 1 = 3.8, gain(0.6) = 2(0.6·3.8 − 0.9)/(3.8·4.8) = 0.15132.
  // Class 1: m = 0.7, t = 1, D = 1 + 1.35 + 1 = 3.35, gain(0.55) = 2(0.55·3.35 − 0.7)/(3.35·4.35) = 0.15676.
  const data = new Float32Array([0.9, 0.6, 0.3, 0.1, 0.55, 0.7]);
  const probs = { data, shape: [1, 2, 3] };

  it('gives a contested pixel to the class whose Dice objective gains most', () => {
    const sol = solve(probs, { metric: 'dice' });
    expect(Array.from(sol.volume)).toEqual([2, 2]);
    expect(Array.from(sol.mask.data)).toEqual([0, 1, 1]);
  });

  it('gives it by the IoU gain under metric iou', () => {
    // IoU: class 0 τ = 2 (Ĩ = 1.5/2.3 beats 0.9/1.9 and 1.8/3); class 1 τ = 2 (1.25/2.1).
    // Class 0: m = 0.9, U = 1 + 1.8 − 0.9 = 1.9: gain(0.6) = 1.5/2.3 − 0.9/1.9 = 0.17849.
    // Class 1: m = 0.7, U = 1 + 1.35 − 0.7 = 1.65: gain(0.55) = 1.25/2.1 − 0.7/1.65 = 0.17100.
    const sol = solve(probs, { metric: 'iou' });
    expect(Array.from(sol.volume)).toEqual([2, 2]);
    expect(Array.from(sol.mask.data)).toEqual([0, 0, 1]);
  });

  it('labels pixels that no class chose with voidIndex under the void policy', () => {
    // Class 1 pruned at 0.75 (max 0.7): pixel 2 is chosen by nobody.
    const labels = rankseg(probs, { pruningProb: 0.75, unassignedPolicy: 'void', voidIndex: 9 });
    expect(Array.from(labels.data)).toEqual([0, 0, 9]);
  });

  it('gives unchosen pixels to the best active class under max_score, pruned classes excluded', () => {
    const labels = rankseg(probs, { pruningProb: 0.75 });
    expect(Array.from(labels.data)).toEqual([0, 0, 0]);
  });

  it('uses every class when the whole image is pruned', () => {
    // All maxima ≤ 0.95: no class is active; each pixel goes to the class of best gain from
    // empty masks, 2p/(μ + 2) for Dice: class 0 has μ = 1.8, class 1 μ = 1.35.
    const labels = rankseg(probs, { pruningProb: 0.95 });
    const gain = (p: number, mu: number) => (2 * p) / (mu + 2);
    const expected = [0, 1, 2].map((i) => (gain(data[3 + i]!, 1.35) > gain(data[i]!, 1.8) ? 1 : 0));
    expect(Array.from(labels.data)).toEqual(expected);
  });

  it('breaks exact ties towards the lower class index', () => {
    const tie = { data: new Float32Array([0.8, 0.8, 0.8, 0.8]), shape: [1, 2, 2] };
    expect(Array.from(rankseg(tie).data)).toEqual([0, 0]);
  });
});

describe('multiclass resolution against the reference reading of DESIGN §3.5', () => {
  const random = seededRandom(11);
  const inputs: { name: string; data: Float32Array; shape: number[] }[] = [
    {
      name: 'realistic 2x5x40x48',
      data: realisticProbs(5, 2, 5, [40, 48], { cell: 8 }),
      shape: [2, 5, 40, 48],
    },
    {
      name: 'realistic 1x3x60x70 (histogram path)',
      data: realisticProbs(6, 1, 3, [60, 70], { cell: 10 }),
      shape: [1, 3, 60, 70],
    },
    {
      name: 'flat softmax 1x4x30x30',
      data: realisticProbs(7, 1, 4, [30, 30], { cell: 6, scale: 1 }),
      shape: [1, 4, 30, 30],
    },
  ];
  const uniform = Float32Array.from({ length: 3 * 50 }, random);
  inputs.push({ name: 'independent uniform 1x3x50', data: uniform, shape: [1, 3, 50] });
  for (const { name, data, shape } of inputs) {
    for (const metric of ['dice', 'iou'] as const) {
      for (const [smooth, pruningProb, policy] of [
        [0, 0.5, 'max_score'],
        [1, 0.5, 'max_score'],
        [0, 0, 'max_score'],
        [0, 0.5, 'void'],
        [0.5, 0.9, 'max_score'],
      ] as const) {
        it(`${name} ${metric} smooth=${smooth} pruning=${pruningProb} ${policy}`, () => {
          compareWithReference(data, shape, metric, smooth, pruningProb, policy);
        });
      }
    }
  }
});

function maxOf(p: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p.length; i++) m = Math.max(m, p[i]!);
  return m;
}

describe('multiclass resolution on large images (labels as the claim state)', () => {
  function compare(
    data: Float32Array,
    shape: number[],
    metric: Metric,
    smooth: number,
    policy: 'max_score' | 'void',
    voidIndex = 255,
  ) {
    const [, classes] = shape as [number, number];
    const pixels = data.length / classes;
    const labels = rankseg({ data, shape }, { metric, smooth, unassignedPolicy: policy, voidIndex }).data;
    const probs = Array.from({ length: classes }, (_, c) => data.subarray(c * pixels, (c + 1) * pixels));
    const active = probs.map((p) => maxOf(p) > 0.5);
    const masks = probs.map((p, c) =>
      active[c] ? topMask(p, rmaVolume(p, metric, smooth)) : new Uint8Array(pixels),
    );
    const expected = resolveReference(probs, masks, active, metric, smooth, policy, voidIndex);
    expect(Array.from(labels)).toEqual(expected);
  }

  const data = realisticProbs(41, 1, 4, [260, 260], { cell: 40 });
  for (const metric of ['dice', 'iou'] as const) {
    for (const [smooth, policy] of [
      [0, 'max_score'],
      [1, 'max_score'],
      [0, 'void'],
    ] as const) {
      it(`matches the reference reading of DESIGN §3.5 on 4×260×260 (${metric}, smooth ${smooth}, ${policy})`, () => {
        compare(data, [1, 4, 260, 260], metric, smooth, policy);
      });
    }
  }

  it('labels correctly when the label type has no spare values for its state (255 and 254 classes)', () => {
    const random = seededRandom(43);
    for (const [classes, policy, voidIndex] of [
      [255, 'max_score', 255],
      [254, 'void', 255],
      [254, 'max_score', 255],
      [200, 'void', 254],
    ] as const) {
      const pixels = 24;
      const logits = Float64Array.from({ length: classes * pixels }, () => 8 * random());
      const data = new Float32Array(classes * pixels);
      for (let i = 0; i < pixels; i++) {
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp(logits[c * pixels + i]!);
        for (let c = 0; c < classes; c++) data[c * pixels + i] = Math.exp(logits[c * pixels + i]!) / sum;
      }
      // Two confident pixels per class pair keep some classes active.
      for (let c = 0; c < 12; c++) data[c * pixels + (c % pixels)] = 0.9;
      const mask = rankseg(
        { data, shape: [1, classes, pixels] },
        { unassignedPolicy: policy, voidIndex, pruningProb: 0.5 },
      );
      expect(mask.data).toBeInstanceOf(Uint8Array);
      compare(data, [1, classes, pixels], 'dice', 0, policy, voidIndex);
    }
  });
});

describe('multiclass resolution by pixel ranges (DESIGN §4.2)', () => {
  // What the split solveAsync runs on workers, here in one thread: choose every class (marking
  // its bit plane), then claim + sum each range, then resolve each range, in reverse orders.
  it('gives the serial labels bit for bit, ranges of whole sum blocks in any order', () => {
    for (const [classes, h, w, options] of [
      [4, 300, 310, { metric: 'dice' }],
      [3, 400, 400, { metric: 'iou', policy: 'void' }],
      [5, 260, 260, { metric: 'dice', smooth: 1 }],
    ] as [number, number, number, { metric: Metric; policy?: 'void'; smooth?: number }][]) {
      const pixels = h * w;
      const data = realisticProbs(classes + h, 1, classes, [h, w], { cell: 20, scale: 4 });
      const policy = options.policy ?? 'max_score';
      const smooth = options.smooth ?? 0;
      const given: RanksegOptions = { metric: options.metric, smooth, unassignedPolicy: policy };
      const resolved = resolveOptions(given);
      const expected = rankseg({ data, shape: [1, classes, h, w] }, given).data;

      const solver = classSolverFor(resolved);
      const choices = classChoices(classes);
      const sel = new ClassSelection();
      const words = planeWords(pixels);
      const bits = new Uint32Array(classes * words);
      // Classes chosen in reverse order: the planes do not depend on it.
      for (let c = classes - 1; c >= 0; c--) {
        const bad = chooseClassSlice(
          solver,
          data,
          c * pixels,
          pixels,
          sel,
          options.metric,
          smooth,
          bits,
          c * words,
        );
        expect(bad).toBe(-1);
        recordChoice(choices, c, sel);
      }
      const rule = { policy, voidIndex: 255 } as const;
      const labels = new Uint8Array(pixels);
      const sizes = resolverArraySizes(labels, pixels, classes, rule);
      const arrays = {
        scratch: null,
        blockSums: new Float64Array(sizes.blockSums),
        settled: new Int32Array(sizes.settled),
      };
      const ranges = [];
      for (let from = 0; from < pixels; from += SUM_BLOCK)
        ranges.push([from, Math.min(pixels, from + SUM_BLOCK)]);
      expect(ranges.length).toBeGreaterThanOrEqual(2);
      ranges.reverse();
      for (const [from, to] of ranges) {
        const resolver = new OverlapResolver();
        resolver.attach(data, 0, pixels, classes, labels, 0, rule, arrays);
        resolver.claimBits(bits, words, from!, to!);
      }
      for (const [from, to] of ranges) {
        const resolver = new OverlapResolver();
        resolver.attach(data, 0, pixels, classes, labels, 0, rule, arrays);
        resolver.prepare(choices, options.metric, smooth);
        resolver.resolveRange(from!, to!);
      }
      expect(labels).toEqual(expected);
    }
  });
});
