import { describe, expect, it } from 'vitest';
import { solve } from '../../src/index';
import { rmaCurve, rmaValue, rmaVolume, topMask } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';

type Metric = 'dice' | 'iou';

function multilabel(data: Float32Array | Float64Array, metric: Metric, smooth: number, pruningProb = 0) {
  return solve(
    { data, shape: [1, 1, data.length] },
    { metric, smooth, outputMode: 'multilabel', pruningProb },
  );
}

/** Slices that exercise both paths (direct sort below 2049 pixels, histogram above). */
function randomSlices(): { name: string; data: Float32Array }[] {
  const random = seededRandom(7);
  const slices: { name: string; data: Float32Array }[] = [];
  for (const d of [1, 2, 3, 17, 500, 2048, 2049, 5000, 40000]) {
    slices.push({ name: `uniform d=${d}`, data: Float32Array.from({ length: d }, random) });
    slices.push({
      name: `sparse object d=${d}`,
      data: Float32Array.from({ length: d }, () =>
        random() < 0.05 ? 0.5 + 0.5 * random() : 0.05 * random(),
      ),
    });
    // Quantized values: many exact ties, some exactly on histogram bin edges.
    slices.push({
      name: `ties d=${d}`,
      data: Float32Array.from({ length: d }, () => Math.floor(random() * 17) / 16),
    });
    slices.push({
      name: `bin edges d=${d}`,
      data: Float32Array.from({ length: d }, () => Math.floor(random() * 4097) / 4096),
    });
    slices.push({
      name: `confident d=${d}`,
      data: Float32Array.from({ length: d }, () => (random() < 0.3 ? 1 - 1e-4 * random() : 1e-4 * random())),
    });
  }
  const blob = realisticProbs(3, 1, 1, [96, 128], { cell: 24 });
  slices.push({ name: 'realistic blob 96x128', data: blob });
  slices.push({ name: 'all equal 0.3 d=5000', data: new Float32Array(5000).fill(0.3) });
  return slices;
}

describe('RMA hand-worked cases', () => {
  it('chooses τ = 2 for p = [0.9, 0.6, 0.2] under Dice: D̃ = 1.8/3.7, 3/4.7, 3.4/5.7', () => {
    const sol = multilabel(new Float64Array([0.2, 0.9, 0.6]), 'dice', 0);
    expect(Array.from(sol.mask.data)).toEqual([0, 1, 1]);
    expect(sol.volume[0]).toBe(2);
    expect(sol.cutoff[0]).toBeCloseTo(0.6, 7);
    expect(sol.expected[0]).toBeCloseTo(3 / 4.7, 15);
  });

  it('chooses τ = 2 for p = [0.9, 0.6, 0.2] under IoU: Ĩ = 0.9/1.8, 1.5/2.2, 1.7/3', () => {
    const sol = multilabel(new Float64Array([0.9, 0.6, 0.2]), 'iou', 0);
    expect(Array.from(sol.mask.data)).toEqual([1, 1, 0]);
    expect(sol.expected[0]).toBeCloseTo(1.5 / 2.2, 15);
  });

  it('lets the empty mask win with smooth > 0 when it scores best: p = [0.05, 0.05], s = 1', () => {
    // τ = 0: 1/(0.1 + 1) = 0.909; τ = 1: 0.1/2.1 + 1/2.1 = 0.524.
    const sol = multilabel(new Float64Array([0.05, 0.05]), 'dice', 1);
    expect(sol.volume[0]).toBe(0);
    expect(Number.isNaN(sol.cutoff[0])).toBe(true);
    expect(sol.expected[0]).toBeCloseTo(1 / 1.1, 15);
  });

  it('never returns the empty mask with smooth = 0 unless the class is pruned', () => {
    // μ = 0.022, D̃(1) = 0.04/2.022 ≈ 0.0198: the next pixel (0.001) is below D̃/2, so τ = 1.
    const sol = multilabel(new Float64Array([0.001, 0.02, 0.001]), 'dice', 0);
    expect(sol.volume[0]).toBe(1);
    expect(Array.from(sol.mask.data)).toEqual([0, 1, 0]);
  });
});

describe('RMA threshold rule (DESIGN §3.2, smooth = 0)', () => {
  it('selects exactly the pixels with p > D̃*/2 (Dice) and p > Ĩ*/(1 + Ĩ*) (IoU)', () => {
    for (const { name, data } of randomSlices()) {
      for (const metric of ['dice', 'iou'] as const) {
        const sol = multilabel(data, metric, 0);
        const best = sol.expected[0]!;
        const lambda = metric === 'dice' ? best / 2 : best / (1 + best);
        let violations = 0;
        for (let i = 0; i < data.length; i++) {
          // Values within rounding of λ may fall either way.
          if (Math.abs(data[i]! - lambda) < 1e-9) continue;
          if ((data[i]! > lambda ? 1 : 0) !== sol.mask.data[i]) violations++;
        }
        expect(violations, `${name} ${metric}`).toBe(0);
      }
    }
  });
});

describe('RMA against a sorted scan (oracle)', () => {
  it('finds the first maximizer of the objective over τ, with the same mask, on every slice', () => {
    for (const { name, data } of randomSlices()) {
      for (const metric of ['dice', 'iou'] as const) {
        for (const smooth of [0, 0.5, 1, 10]) {
          const sol = multilabel(data, metric, smooth);
          const curve = rmaCurve(data, metric, smooth);
          const tau = rmaVolume(data, metric, smooth);
          const label = `${name} ${metric} s=${smooth}`;
          if (sol.volume[0] !== tau) {
            // Only a float64 near-tie may rank differently (sums taken in another order).
            expect(Math.abs(curve[sol.volume[0]!]! - curve[tau]!), label).toBeLessThan(1e-12);
          } else {
            expect(Array.from(sol.mask.data), label).toEqual(Array.from(topMask(data, tau)));
          }
          expect(sol.expected[0], label).toBeCloseTo(curve[tau]!, 12);
        }
      }
    }
  });
});

describe('RMA invariants', () => {
  it('returns top-τ masks whose volume, cutoff and objective agree with the mask', () => {
    for (const { name, data } of randomSlices()) {
      for (const metric of ['dice', 'iou'] as const) {
        for (const smooth of [0, 1]) {
          const sol = multilabel(data, metric, smooth);
          let volume = 0;
          let cum = 0;
          let mean = 0;
          let minIn = Number.POSITIVE_INFINITY;
          let maxOut = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < data.length; i++) {
            const p = data[i]!;
            mean += p;
            if (sol.mask.data[i]) {
              volume++;
              cum += p;
              minIn = Math.min(minIn, p);
            } else maxOut = Math.max(maxOut, p);
          }
          const label = `${name} ${metric} s=${smooth}`;
          expect(minIn >= maxOut, label).toBe(true);
          expect(sol.volume[0], label).toBe(volume);
          if (volume > 0) expect(sol.cutoff[0], label).toBe(Math.fround(minIn));
          else expect(Number.isNaN(sol.cutoff[0]), label).toBe(true);
          expect(sol.expected[0], label).toBeCloseTo(rmaValue(metric, volume, cum, mean, smooth), 12);
        }
      }
    }
  });

  it('gives pruned classes (max p ≤ pruningProb) an empty mask scored s/(μ + s)', () => {
    const data = new Float32Array([0.5, 0.25, 0.25, 0.5]);
    const sol = solve({ data, shape: [1, 1, 4] }, { outputMode: 'multilabel', smooth: 1 });
    expect(Array.from(sol.mask.data)).toEqual([0, 0, 0, 0]);
    expect(sol.volume[0]).toBe(0);
    expect(sol.expected[0]).toBeCloseTo(1 / 2.5, 15);
    const kept = solve({ data, shape: [1, 1, 4] }, { outputMode: 'multilabel', pruningProb: 0.49 });
    expect(kept.volume[0]).toBeGreaterThan(0);
  });
});
