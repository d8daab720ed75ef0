import { describe, expect, it } from 'vitest';
import { Correlator } from '../../src/kernels/Correlator';
import { FftPlan } from '../../src/kernels/FftPlan';
import { seededRandom } from '../helpers/random';

describe('FftPlan', () => {
  it('transforms an impulse into a constant and back', () => {
    const plan = new FftPlan(16);
    const re = new Float64Array(16);
    const im = new Float64Array(16);
    re[0] = 1;
    plan.transform(re, im, false);
    for (let k = 0; k < 16; k++) {
      expect(re[k]).toBeCloseTo(1, 15);
      expect(im[k]).toBeCloseTo(0, 15);
    }
    plan.transform(re, im, true);
    expect(re[0]).toBeCloseTo(1, 15);
    for (let k = 1; k < 16; k++) expect(Math.abs(re[k]!)).toBeLessThan(1e-16);
  });

  it('equals the O(n²) DFT on random data', () => {
    const random = seededRandom(1);
    const n = 64;
    const re = Float64Array.from({ length: n }, random);
    const im = Float64Array.from({ length: n }, random);
    const [r0, i0] = [re.slice(), im.slice()];
    new FftPlan(n).transform(re, im, false);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const t = (-2 * Math.PI * j * k) / n;
        sr += r0[j]! * Math.cos(t) - i0[j]! * Math.sin(t);
        si += r0[j]! * Math.sin(t) + i0[j]! * Math.cos(t);
      }
      expect(re[k]).toBeCloseTo(sr, 12);
      expect(im[k]).toBeCloseTo(si, 12);
    }
  });

  it('refuses sizes that are not powers of two', () => {
    expect(() => new FftPlan(12)).toThrow(RangeError);
  });
});

describe('Correlator', () => {
  it('gives the same correlation by FFT as by the direct sum, to 1e-12 relative', () => {
    const random = seededRandom(2);
    for (const [w, n] of [
      [5, 3],
      [300, 2000],
      [1000, 20000],
    ] as const) {
      const x = Float64Array.from({ length: w }, random);
      // A reciprocal kernel, as BA uses: y[m] = 1/(a + m).
      const y = Float64Array.from({ length: w + n - 1 }, (_, m) => 1 / (100 + m));
      const direct = new Float64Array(n);
      const fft = new Float64Array(n);
      const correlator = new Correlator();
      correlator.correlate(x, y, direct, n, 'direct');
      correlator.correlate(x, y, fft, n, 'fft');
      for (let j = 0; j < n; j++) expect(Math.abs(fft[j]! - direct[j]!) / direct[j]!).toBeLessThan(1e-12);
    }
  });
});
