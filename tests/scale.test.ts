import { describe, expect, it } from 'vitest';
import { ExactWorkspace } from '../src/exact/ExactWorkspace';
import { solveSlice } from '../src/exact/solveSlice';
import { rankseg, solve } from '../src/index';
import { ClassSelection, markHull, markSelection, nextUp, WHOLE_SLICE } from '../src/kernels/ClassSelection';
import { Correlator } from '../src/kernels/Correlator';
import { SliceHistogram } from '../src/kernels/SliceHistogram';
import { SliceRanking } from '../src/kernels/SliceRanking';
import { scanMoments } from '../src/kernels/scanMoments';
import { BaWorkspace, solveBa } from '../src/solvers/ba';
import { prepareRankDice, RankDiceWorkspace } from '../src/solvers/rankDiceProblem';
import { finishRma, solveRma } from '../src/solvers/rma';
import { floorSampleIndex, floorSampleSize, guessRmaFloor } from '../src/solvers/rmaFloor';
import { HullRefiner } from '../src/solvers/rmaRefine';
import { randomProbs } from './exact/helpers';
import { resolveReference, rmaVolume, topMask } from './helpers/oracle';
import { realisticProbs, seededRandom } from './helpers/random';

type Metric = 'dice' | 'iou';

/*
 * The solvers' large-slice machinery: the histogram pass above a sampled floor (RMA), the hull
 * recorded by the output pass, the bounded index lists, the label map as the multiclass state.
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

describe('RMA hulls kept small by refinement', () => {
  /** The API's RMA steps for one class, with a hull limit of `limit` pixels. */
  function solveWithLimit(data: Float32Array, metric: Metric, smooth: number, limit: number) {
    const d = data.length;
    const hist = new SliceHistogram();
    hist.scan(data, 0, d, 0, 0);
    const sel = new ClassSelection();
    expect(solveRma(hist, metric, smooth, sel)).toBe(true);
    const before = sel.pending ? sel.hullCapacity : 0;
    if (sel.pending && sel.hullCapacity > limit) {
      new HullRefiner().refine(data, 0, d, WHOLE_SLICE, sel, hist.sum, metric, smooth, limit);
    }
    const recorded = sel.pending ? sel.hullCapacity : 0;
    const out = new Uint8Array(d);
    markSelection(data, 0, d, sel, out, 0);
    if (sel.pending) {
      const sorted = Float64Array.from(sel.hullValues.subarray(0, sel.hullCount)).sort().reverse();
      finishRma(sel, sorted, sel.hullCount, hist.sum, metric, smooth);
      markHull(sel, out, 0);
    }
    sel.close(d);
    return { sel, out, before, recorded };
  }

  const random = seededRandom(61);
  const d = 20000;
  const slices: [string, Float32Array][] = [
    ['one value everywhere', new Float32Array(d).fill(0.7)],
    ['two values', Float32Array.from({ length: d }, (_, i) => (i % 3 === 0 ? 0.3 : 0.8))],
    ['values k/255', Float32Array.from({ length: d }, () => Math.round(random() * 255) / 255)],
    ['values k/16', Float32Array.from({ length: d }, () => Math.floor(random() * 17) / 16)],
    ['uniform values', Float32Array.from({ length: d }, random)],
    ['a narrow band of distinct values', Float32Array.from({ length: d }, () => 0.45 + 1e-5 * random())],
  ];
  for (const [name, data] of slices) {
    for (const metric of ['dice', 'iou'] as const) {
      for (const smooth of [0, 2]) {
        it(`records at most the limit and gives the oracle's mask on ${name} (${metric}, smooth ${smooth})`, () => {
          const volume = rmaVolume(data, metric, smooth);
          const expected = Array.from(topMask(data, volume));
          for (const limit of [1, 50, 5000]) {
            const { sel, out, before, recorded } = solveWithLimit(data, metric, smooth, limit);
            expect(sel.volume).toBe(volume);
            expect(Array.from(out)).toEqual(expected);
            expect(recorded).toBeLessThanOrEqual(limit);
            expect(before).toBeGreaterThan(0);
          }
        });
      }
    }
  }

  it('solves a 1.2-million-pixel slice of one value without recording it (API)', () => {
    const data = new Float32Array(1_200_000).fill(0.7);
    data[5] = 0.2;
    const sol = solve({ data, shape: [1, 1, data.length] }, { outputMode: 'multilabel' });
    expect(sol.volume[0]).toBe(data.length - 1);
    expect(sol.mask.data[5]).toBe(0);
    expect(sol.mask.data[6]).toBe(1);
  });
});

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

describe('BA through the histogram and hull, against BA on a full ranking', () => {
  const random = seededRandom(47);
  const cases: [string, Float64Array][] = [
    ['a realistic blob 120×120', Float64Array.from(realisticProbs(48, 1, 1, [120, 120], { cell: 15 }))],
    ['a realistic blob 300×300', Float64Array.from(realisticProbs(49, 1, 1, [300, 300], { cell: 30 }))],
    [
      'a small object',
      Float64Array.from({ length: 5000 }, (_, i) => (i < 40 ? 0.6 + 0.3 * random() : 0.01 * random())),
    ],
    ['uniform values', Float64Array.from({ length: 3000 }, random)],
    ['ties', Float64Array.from({ length: 4000 }, () => Math.floor(random() * 9) / 8)],
    [
      'a large confident class',
      Float64Array.from({ length: 70000 }, (_, i) => (i < 60000 ? 1 - 1e-3 * random() : 0.4 * random())),
    ],
  ];
  for (const [name, data] of cases) {
    for (const smooth of [0, 1]) {
      it(`chooses the same τ and value on ${name} (smooth ${smooth})`, () => {
        const sol = solve(
          { data, shape: [1, 1, data.length] },
          { solver: 'ba', smooth, outputMode: 'multilabel', pruningProb: 0 },
        );
        const scan = { mean: 0, variance: 0, thirdCentral: 0, max: 0, halfCount: 0, halfSum: 0 };
        scanMoments(data, 0, data.length, scan);
        const figures = { sum: scan.mean, max: scan.max, halfCount: scan.halfCount, halfSum: scan.halfSum };
        const ranking = new SliceRanking();
        const problem = prepareRankDice(
          data,
          0,
          data.length,
          figures,
          smooth,
          1e-4,
          ranking,
          new RankDiceWorkspace(),
        );
        const ranked = solveBa(problem, smooth, ranking, new Correlator(), new BaWorkspace());
        expect(sol.volume[0]).toBe(ranked.top.volume);
        expect(Math.abs(sol.expected[0]! - ranked.expected)).toBeLessThanOrEqual(1e-12 * ranked.expected);
        expect(Array.from(sol.mask.data)).toEqual(Array.from(topMask(data, ranked.top.volume)));
      });
    }
  }
});

describe('the exact solver on short slices (the O(d²) programme) and its index lists', () => {
  it('agrees with the general route on every slice of d ≤ 32 pixels', () => {
    const random = seededRandom(53);
    const ws = new ExactWorkspace();
    let n = 0;
    for (let trial = 0; trial < 200; trial++) {
      const d = 1 + Math.floor(random() * 32);
      const regime = (['extreme', 'half', 'uniform', 'mixed', 'ties'] as const)[trial % 5]!;
      const p = randomProbs(random, d, regime);
      for (const metric of ['dice', 'iou'] as const) {
        for (const smooth of [0, 0.5]) {
          const tiny = solveSlice(ws, p, 0, d, metric, smooth);
          const general = solveSlice(ws, p, 0, d, metric, smooth, 0);
          expect(tiny.path).toBe('programme');
          expect(general.path).not.toBe('programme');
          expect(Math.abs(tiny.expected - general.expected)).toBeLessThanOrEqual(
            1e-12 * Math.max(1e-300, general.expected),
          );
          n++;
        }
      }
    }
    expect(n).toBe(800);
  });

  it('gives, through the API, the masks of its per-class choices (multilabel and multiclass)', () => {
    const data = realisticProbs(59, 1, 3, [200, 200], { cell: 25 });
    const pixels = 40000;
    const multilabel = solve(
      { data, shape: [1, 3, 200, 200] },
      { solver: 'exact', outputMode: 'multilabel' },
    );
    const probs = [0, 1, 2].map((c) => data.subarray(c * pixels, (c + 1) * pixels));
    const masks = probs.map((p, c) => topMask(p, multilabel.volume[c]!));
    for (let c = 0; c < 3; c++) {
      expect(Array.from(multilabel.mask.data.subarray(c * pixels, (c + 1) * pixels))).toEqual(
        Array.from(masks[c]!),
      );
    }
    const labels = rankseg({ data, shape: [1, 3, 200, 200] }, { solver: 'exact' }).data;
    const active = probs.map((p) => maxOf(p) > 0.5);
    expect(Array.from(labels)).toEqual(resolveReference(probs, masks, active, 'dice', 0, 'max_score', 255));
  });
});

describe('ClassSelection', () => {
  it('takes the first ties at the threshold in index order, then the threshold rule agrees', () => {
    const data = new Float32Array([0.5, 0.9, 0.5, 0.2, 0.5, 0.5]);
    const sel = new ClassSelection();
    sel.setTies(0.5, 1, 3, 0); // 0.9, then two of the four 0.5s
    const out = new Uint8Array(6);
    markSelection(data, 0, 6, sel, out, 0);
    sel.close(6);
    expect(Array.from(out)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(sel.threshold).toBe(0.5);
    expect(sel.lastTie).toBe(2);
    expect(sel.cutoff).toBe(0.5);
  });

  it('nextUp(v) is the next float64: p ≥ nextUp(v) exactly when p > v', () => {
    for (const v of [0, 0.5, Math.fround(0.3), 1 - 2 ** -53, 1e-300]) {
      const up = nextUp(v);
      expect(up).toBeGreaterThan(v);
      expect((v + up) / 2 === v || (v + up) / 2 === up).toBe(true);
    }
  });
});
