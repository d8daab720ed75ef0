import { describe, expect, it } from 'vitest';
import { solve } from '../../src/index';
import { ClassSelection, markHull, markSelection, WHOLE_SLICE } from '../../src/kernels/ClassSelection';
import { SliceHistogram } from '../../src/kernels/SliceHistogram';
import { finishRma, solveRma } from '../../src/solvers/rma';
import { HullRefiner } from '../../src/solvers/rmaRefine';
import { rmaVolume, topMask } from '../helpers/oracle';
import { seededRandom } from '../helpers/random';

type Metric = 'dice' | 'iou';

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
