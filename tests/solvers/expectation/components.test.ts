import { describe, expect, it } from 'vitest';
import {
  addPixelPowers,
  bernoulliCumulantMagnitudes,
  bernoulliCumulants,
  MAX_W_POWER,
} from '../../../src/solvers/expectation/bernoulliCumulants';
import { binUpperBound } from '../../../src/solvers/expectation/binUpperBound';
import { centralMoments } from '../../../src/solvers/expectation/centralMoments';
import { diceMomentExpansion } from '../../../src/solvers/expectation/diceMomentExpansion';
import { expectedScoreCurve } from '../../../src/solvers/expectation/expectedScoreCurve';
import { FoldSums, foldedPmf } from '../../../src/solvers/expectation/foldedPmf';
import { iouMomentExpansion } from '../../../src/solvers/expectation/iouMomentExpansion';
import { jensenBound } from '../../../src/solvers/expectation/jensenBounds';
import {
  convolveBernoulli,
  deconvolveBernoulli,
  poissonBinomialPmf,
} from '../../../src/solvers/expectation/poissonBinomialPmf';
import { sortDescending } from '../../../src/solvers/expectation/sortDescending';
import { blobSlice, prng, randomProbs } from '../../helpers/expectationOracle';

/** Invariants of the building blocks, each against an independent computation. */

describe('building blocks of the exact solver', () => {
  it('cumulants from power sums give the central moments of the pmf (orders 2…20)', () => {
    const random = prng(1);
    for (const regime of ['uniform', 'extreme', 'half'] as const) {
      const p = randomProbs(random, 40, regime);
      const w = new Float64Array(MAX_W_POWER + 1);
      const v = new Float64Array(MAX_W_POWER + 1);
      let mean = 0;
      for (const x of p) {
        addPixelPowers(x, MAX_W_POWER, w, v);
        mean += x;
      }
      const kappa = new Float64Array(2 * MAX_W_POWER + 2);
      bernoulliCumulants(mean, w, v, MAX_W_POWER, kappa);
      const m = new Float64Array(2 * MAX_W_POWER + 1);
      centralMoments(kappa, 2 * MAX_W_POWER, m);
      const f = poissonBinomialPmf(p);
      for (let n = 2; n <= 12; n++) {
        let direct = 0;
        let scale = 0;
        for (let k = 0; k < f.length; k++) {
          direct += f[k]! * (k - mean) ** n;
          scale += f[k]! * Math.abs(k - mean) ** n;
        }
        expect(Math.abs(m[n]! - direct)).toBeLessThan(1e-10 * scale + 1e-300);
      }
    }
  });

  it('deconvolution undoes convolution in both directions (p ≤ ½ forward, p > ½ backward)', () => {
    const p = [0.1, 0.7, 0.5, 0.95, 0.3, 0.02, 1, 0];
    const f = poissonBinomialPmf(p);
    const g = new Float64Array(f.length);
    for (let j = 0; j < p.length; j++) {
      const rest = poissonBinomialPmf(p.filter((_, i) => i !== j));
      deconvolveBernoulli(f, p.length, p[j]!, g);
      for (let k = 0; k < p.length; k++) expect(Math.abs(g[k]! - rest[k]!)).toBeLessThan(1e-15);
      const back = Float64Array.from(g);
      convolveBernoulli(back, p.length, p[j]!);
      for (let k = 0; k <= p.length; k++) expect(Math.abs(back[k]! - f[k]!)).toBeLessThan(1e-15);
    }
  });

  it('the folded law of many small probabilities equals their exact pmf', () => {
    const random = prng(2);
    const p: number[] = [];
    for (let i = 0; i < 3000; i++) p.push(random() < 0.7 ? random() * 1e-4 : random() * 0.05);
    const fold = new FoldSums();
    for (const x of p) fold.add(x);
    const top = 120;
    const f = new Float64Array(top + 1);
    foldedPmf(fold, top, f, new Float64Array(top + 1));
    const exact = poissonBinomialPmf(p);
    let tv = 0;
    for (let k = 0; k <= top; k++) tv += Math.abs(f[k]! - exact[k]!);
    expect(tv).toBeLessThan(1e-13);
    expect(fold.truncationBound()).toBeLessThan(1e-17);
  });

  it('the folded law survives a mean far beyond e^-745 at zero (rescaled recursion)', () => {
    const p = new Float64Array(40000).fill(0.04); // μ = 1600: P(L = 0) = 0.96^40000 underflows
    const fold = new FoldSums();
    for (const x of p) fold.add(x);
    const top = 2200;
    const f = new Float64Array(top + 1);
    foldedPmf(fold, top, f, new Float64Array(top + 1));
    let mass = 0;
    let mean = 0;
    for (let k = 0; k <= top; k++) {
      mass += f[k]!;
      mean += k * f[k]!;
    }
    expect(mass).toBeCloseTo(1, 12);
    expect(mean).toBeCloseTo(1600, 8);
  });

  it('Jensen enclosures contain the exact curve at every volume, and bin bounds dominate them', () => {
    const random = prng(3);
    for (let k = 0; k < 30; k++) {
      const p = randomProbs(random, 25, (['uniform', 'extreme', 'mixed'] as const)[k % 3]!);
      const sorted = Float64Array.from(p).sort().reverse();
      const s = [0, 0.5][k % 2]!;
      let mean = 0;
      let variance = 0;
      for (const x of p) {
        mean += x;
        variance += x * (1 - x);
      }
      for (const metric of ['dice', 'iou'] as const) {
        const curve = expectedScoreCurve(p, metric, s);
        let c1 = 0;
        let c2 = 0;
        let wa = 0;
        for (let tau = 0; tau <= p.length; tau++) {
          if (tau > 0) {
            const x = sorted[tau - 1]!;
            c1 += x;
            c2 += x * x;
            wa += x * (1 - x);
          }
          if (tau + s === 0) continue;
          const v = metric === 'dice' ? variance : variance - wa;
          expect(jensenBound(metric, tau, c1, c2, mean, v, s, false)).toBeLessThanOrEqual(
            curve[tau]! + 1e-14,
          );
          expect(jensenBound(metric, tau, c1, c2, mean, v, s, true)).toBeGreaterThanOrEqual(
            curve[tau]! - 1e-14,
          );
        }
        // The block of the 10 pixels after the 5 largest, as one "bin" [min, max].
        const block = sorted.subarray(5, 15);
        const lo = block[block.length - 1]!;
        const hi = block[0]!;
        let bs = 0;
        let bq = 0;
        for (const x of block) {
          bs += x;
          bq += x * x;
        }
        let c1e = 0;
        let c2e = 0;
        let we = 0;
        for (const x of sorted.subarray(0, 5)) {
          c1e += x;
          c2e += x * x;
          we += x * (1 - x);
        }
        const bound = binUpperBound(metric, 5, c1e, c2e, we, 10, bs, bq, lo, hi, mean, variance, s);
        for (let tau = 5; tau <= 15; tau++) expect(bound).toBeGreaterThanOrEqual(curve[tau]! - 1e-14);
      }
    }
  });

  it('moment expansions enclose the exact value within their error bound (large object)', () => {
    const p = blobSlice(9, 45, 4, 6, -1); // d = 2025, μ in the hundreds
    const sorted = Float64Array.from(p).sort().reverse();
    const order = MAX_W_POWER;
    const top = 2 * order + 2;
    const wAll = new Float64Array(order + 1);
    const vAll = new Float64Array(order + 1);
    let mean = 0;
    for (const x of p) {
      addPixelPowers(x, order, wAll, vAll);
      mean += x;
    }
    const kappa = new Float64Array(top);
    const kappaMag = new Float64Array(top);
    bernoulliCumulants(mean, wAll, vAll, order, kappa);
    bernoulliCumulantMagnitudes(mean, wAll, order, kappaMag);
    const m = new Float64Array(top);
    const mMag = new Float64Array(top);
    centralMoments(kappa, 2 * order, m);
    centralMoments(kappaMag, 2 * order, mMag);
    const dice = expectedScoreCurve(p, 'dice', 0);
    const iou = expectedScoreCurve(p, 'iou', 0);
    const wA = new Float64Array(order + 1);
    const vA = new Float64Array(order + 1);
    const kA = new Float64Array(top);
    const kAMag = new Float64Array(top);
    const kB = new Float64Array(top);
    const kBMag = new Float64Array(top);
    const mB = new Float64Array(top);
    const mBMag = new Float64Array(top);
    let c = 0;
    let accepted = 0;
    const out = { value: 0, error: 0 };
    for (let tau = 1; tau <= 1500; tau++) {
      const x = sorted[tau - 1]!;
      addPixelPowers(x, order, wA, vA);
      c += x;
      if (tau % 50 !== 0) continue;
      bernoulliCumulants(c, wA, vA, order, kA);
      bernoulliCumulantMagnitudes(c, wA, order, kAMag);
      if (diceMomentExpansion(tau, 0, mean, m, mMag, kA, kAMag, 2 * order, 1e-13, out)) {
        accepted++;
        expect(Math.abs(out.value - dice[tau]!)).toBeLessThanOrEqual(out.error + 1e-15);
      }
      const wB = wAll.map((y, k) => y - wA[k]!);
      const vB = vAll.map((y, k) => y - vA[k]!);
      bernoulliCumulants(mean - c, wB, vB, order, kB);
      bernoulliCumulantMagnitudes(mean - c, wAll, order, kBMag);
      centralMoments(kB, 2 * order, mB);
      centralMoments(kBMag, 2 * order, mBMag);
      if (iouMomentExpansion(tau, 0, c, mean - c, mB, mBMag, 2 * order, 1e-13, out)) {
        accepted++;
        expect(Math.abs(out.value - iou[tau]!)).toBeLessThanOrEqual(out.error + 1e-15);
      }
    }
    expect(accepted).toBeGreaterThan(40); // 60 evaluations; most volumes are far from tiny
  });

  it('a moment expansion refuses (false) when few uncertain pixels make it unreliable', () => {
    // One pixel of p = ½, τ = 1: |U|/a = ½, the series cannot reach 1e-13 with 20 terms.
    const order = MAX_W_POWER;
    const w = new Float64Array(order + 1);
    const v = new Float64Array(order + 1);
    addPixelPowers(0.5, order, w, v);
    const kappa = new Float64Array(2 * order + 2);
    bernoulliCumulants(0.5, w, v, order, kappa);
    const m = new Float64Array(2 * order + 1);
    centralMoments(kappa, 2 * order, m);
    const out = { value: 0, error: 0 };
    expect(iouMomentExpansion(0, 0.5, 0, 0.5, m, m.map(Math.abs), 2 * order, 1e-13, out)).toBe(false);
  });

  it('radix sort orders like the built-in sort (random, float32, ties, 0/1, narrow ranges)', () => {
    const random = prng(6);
    for (const n of [3, 700, 5000]) {
      for (const kind of ['rand', 'f32', 'equal', 'binary', 'narrow']) {
        const a = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const u = random();
          a[i] =
            kind === 'rand'
              ? u
              : kind === 'f32'
                ? Math.fround(u)
                : kind === 'equal'
                  ? 0.3
                  : kind === 'binary'
                    ? Math.round(u)
                    : 0.4 + u * 1e-6;
        }
        const expected = Float64Array.from(a).sort().reverse();
        sortDescending(a, n, new Float64Array(n));
        expect(a).toEqual(expected);
      }
    }
  });
});
