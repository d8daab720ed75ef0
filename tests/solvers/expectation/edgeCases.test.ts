import { describe, expect, it } from 'vitest';
import { expectedScoreOfMask, solveExactClass } from '../../../src/solvers/exact';
import { expectedScoreCurve } from '../../../src/solvers/expectation/expectedScoreCurve';
import { blobSlice, prng, randomProbs } from '../../helpers/expectationOracle';

/** Degenerate inputs, invariants and argument checks. */

describe('edge cases', () => {
  it('all zeros: τ = 1 with expected 0 when s = 0; the empty mask (score 1) when s > 0', () => {
    for (const metric of ['dice', 'iou'] as const) {
      for (const d of [1, 5, 262144]) {
        const p = new Float32Array(d);
        expect(solveExactClass(p, 0, d, metric, 0)).toEqual({ volume: 1, expected: 0, cutoff: 0 });
        // Γ = 0 surely: D(0) = s/s = 1, D(τ) = s/(τ + s) < 1.
        expect(solveExactClass(p, 0, d, metric, 0.5)).toEqual({ volume: 0, expected: 1, cutoff: Number.NaN });
      }
    }
  });

  it('reports p₍τ₎, the smallest selected probability, or NaN when it is not known', () => {
    const random = prng(41);
    const slices = [blobSlice(3, 256, 8, 0.9, 0), blobSlice(4, 128, 4, 0.6, 0.1)];
    for (const regime of ['uniform', 'extreme', 'mixed'] as const)
      slices.push(Float32Array.from(randomProbs(random, 3000, regime)));
    let known = 0;
    for (const p of slices) {
      const sorted = Float64Array.from(p).sort().reverse();
      for (const [metric, smooth] of [
        ['dice', 0],
        ['iou', 1],
      ] as const) {
        const { volume, cutoff } = solveExactClass(p, 0, p.length, metric, smooth);
        if (Number.isNaN(cutoff)) continue;
        known++;
        expect(cutoff).toBe(sorted[volume - 1]);
      }
    }
    expect(known).toBeGreaterThanOrEqual(8);
  });

  it('all ones: every pixel, score 1', () => {
    for (const metric of ['dice', 'iou'] as const) {
      for (const d of [1, 7, 262144]) {
        for (const s of [0, 1]) {
          const got = solveExactClass(new Float32Array(d).fill(1), 0, d, metric, s);
          expect(got.volume).toBe(d);
          expect(got.expected).toBeCloseTo(1, 14);
        }
      }
    }
  });

  it('all ½: every pixel (ties in p, a flat ranking)', () => {
    // IoU of the full mask: E[Γ]/d = ½ exactly when s = 0.
    for (const d of [2, 9, 262144]) {
      const p = new Float64Array(d).fill(0.5);
      const dice = solveExactClass(p, 0, d, 'dice', 0);
      const iou = solveExactClass(p, 0, d, 'iou', 0);
      expect(dice.volume).toBe(d);
      expect(iou.volume).toBe(d);
      expect(iou.expected).toBeCloseTo(0.5, 14);
      if (d <= 9) expect(dice.expected).toBeCloseTo(expectedScoreCurve(p, 'dice', 0)[d]!, 14);
    }
  });

  it('one pixel: score p with s = 0, and the better of p + (1 − p)s/(1 + s) and (1 − p) + ps/(1 + s)', () => {
    for (const pv of [0, 1e-9, 0.2, 0.5, 0.999, 1]) {
      const p = new Float64Array([pv]);
      expect(solveExactClass(p, 0, 1, 'dice', 0).expected).toBeCloseTo(pv, 14);
      const s = 0.7;
      const take = pv + ((1 - pv) * s) / (1 + s);
      const leave = 1 - pv + (pv * s) / (1 + s);
      expect(solveExactClass(p, 0, 1, 'iou', s).expected).toBeCloseTo(Math.max(take, leave), 14);
    }
  });

  it('an empty slice scores the empty mask against empty labels: 1 with s > 0, 0/0 = 0 without', () => {
    const empty = { volume: 0, cutoff: Number.NaN };
    expect(solveExactClass(new Float32Array(3), 1, 0, 'dice', 0)).toEqual({ ...empty, expected: 0 });
    expect(solveExactClass(new Float32Array(3), 1, 0, 'iou', 1)).toEqual({ ...empty, expected: 1 });
    expect(expectedScoreOfMask(new Float32Array(0), 0, [], 0, 0, 'dice', 1)).toBe(1);
  });

  it('a 512×512 realistic slice (d = 262144) is solved, both metrics, both smooths', () => {
    const p = blobSlice(3, 512, 16, 6, -2);
    for (const metric of ['dice', 'iou'] as const) {
      for (const s of [0, 1]) {
        const got = solveExactClass(p, 0, p.length, metric, s);
        expect(got.volume).toBeGreaterThan(1000);
        expect(got.expected).toBeGreaterThan(0.5);
        expect(got.expected).toBeLessThanOrEqual(1);
      }
    }
  });

  it('does not depend on the order of the pixels, nor on Float32 vs Float64 storage of the same values', () => {
    const random = prng(4);
    const p32 = blobSlice(11, 40, 4, 6, -4);
    const p64 = Float64Array.from(p32);
    for (let i = p64.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = p64[i]!;
      p64[i] = p64[j]!;
      p64[j] = t;
    }
    for (const metric of ['dice', 'iou'] as const) {
      const a = solveExactClass(p32, 0, p32.length, metric, 0);
      const b = solveExactClass(p64, 0, p64.length, metric, 0);
      expect(b.volume).toBe(a.volume);
      expect(Math.abs(a.expected - b.expected)).toBeLessThan(1e-14);
    }
  });

  it('reads only its slice and never writes the inputs', () => {
    const inner = blobSlice(12, 30, 4, 6, -3);
    const outer = new Float32Array(inner.length + 20).fill(1);
    outer.set(inner, 10);
    const copy = Float32Array.from(outer);
    const a = solveExactClass(inner, 0, inner.length, 'dice', 0);
    const b = solveExactClass(outer, 10, inner.length, 'dice', 0);
    expect(b).toEqual(a);
    expect(outer).toEqual(copy);
    const mask = Array.from(inner, (v) => (v > 0.5 ? 1 : 0));
    const maskCopy = [...mask];
    const direct = expectedScoreOfMask(inner, 0, mask, 0, inner.length, 'iou', 0);
    expect(expectedScoreOfMask(outer, 10, [9, ...mask], 1, inner.length, 'iou', 0)).toBe(direct);
    expect(mask).toEqual(maskCopy);
  });

  it('the exact optimum is never below the expected score of the p > ½ mask (or any other mask)', () => {
    for (let seed = 20; seed < 26; seed++) {
      const p = blobSlice(seed, 64, 8, 6, seed - 23);
      for (const metric of ['dice', 'iou'] as const) {
        const best = solveExactClass(p, 0, p.length, metric, 0).expected;
        const half = Array.from(p, (v) => (v > 0.5 ? 1 : 0));
        expect(best).toBeGreaterThanOrEqual(expectedScoreOfMask(p, 0, half, 0, p.length, metric, 0) - 1e-12);
      }
    }
  });

  it('rejects bad arguments with TypeError or RangeError naming the parameter', () => {
    const p = new Float64Array([0.2, 0.7]);
    expect(() => solveExactClass([0.2, 0.7] as unknown as Float64Array, 0, 2, 'dice', 0)).toThrow(TypeError);
    expect(() => solveExactClass(p, 0, 2, 'Dice' as 'dice', 0)).toThrow(/metric/);
    expect(() => solveExactClass(p, 0, 2, 'accuracy' as 'dice', 0)).toThrow(RangeError);
    expect(() => solveExactClass(p, 0, 2, 'dice', -1)).toThrow(/smooth.*-1/);
    expect(() => solveExactClass(p, 0, 2, 'dice', Number.NaN)).toThrow(RangeError);
    expect(() => solveExactClass(p, 0, 2, 'dice', '1' as unknown as number)).toThrow(TypeError);
    expect(() => solveExactClass(p, 1, 2, 'dice', 0)).toThrow(/length/);
    expect(() => solveExactClass(p, -1, 1, 'dice', 0)).toThrow(/offset/);
    expect(() => solveExactClass(p, 0, 1.5, 'dice', 0)).toThrow(RangeError);
    expect(() => solveExactClass(new Float64Array([0.2, 1.5]), 0, 2, 'dice', 0)).toThrow(/1\.5 at index 1/);
    expect(() => solveExactClass(new Float64Array([Number.NaN]), 0, 1, 'iou', 0)).toThrow(/NaN/);
    expect(() => expectedScoreOfMask(p, 0, [1, 2], 0, 2, 'dice', 0)).toThrow(/mask.*2/);
    expect(() => expectedScoreOfMask(p, 0, null as unknown as number[], 0, 2, 'dice', 0)).toThrow(TypeError);
    expect(() => expectedScoreOfMask(p, 0, [1], 0, 2, 'dice', 0)).toThrow(/maskOffset|length/);
    expect(() => expectedScoreOfMask(new Float64Array([-0.1, 0]), 0, [1, 0], 0, 2, 'iou', 0)).toThrow(
      /probs/,
    );
  });
});
