import { FftPlan } from './FftPlan';

/** Below this many multiply-adds a direct sum beats the three FFTs. */
const DIRECT_WORK = 1 << 16;

/**
 * Linear correlations out[j] = Σ_{k<w} x[k]·y[k + j], j = 0…n−1 (y holds w + n − 1 values), by a
 * direct sum when small and by FFT otherwise. Keeps one plan per size and its scratch buffers,
 * so repeated calls (classes, images) allocate nothing new.
 *
 * FFT path: with x and y zero-padded to N ≥ w + n − 1, the circular correlation IFFT(conj(X)·Y)
 * has no wrap-around at j < n. O((w + n) log(w + n)) against O(w·n) directly.
 *
 * @example
 * const correlator = new Correlator();
 * const out = new Float64Array(2);
 * correlator.correlate(new Float64Array([1, 2]), new Float64Array([1, 1, 3]), out, 2);
 * // out = [1·1 + 2·1, 1·1 + 2·3] = [3, 7]
 */
export class Correlator {
  private plans = new Map<number, FftPlan>();
  private re1 = new Float64Array(0);
  private im1 = new Float64Array(0);
  private re2 = new Float64Array(0);
  private im2 = new Float64Array(0);

  /** Writes out[0, n); `force` picks a path (for tests). */
  correlate(x: Float64Array, y: Float64Array, out: Float64Array, n: number, force?: 'direct' | 'fft'): void {
    const w = x.length;
    if (force === 'direct' || (force !== 'fft' && w * n <= DIRECT_WORK)) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < w; k++) sum += x[k]! * y[k + j]!;
        out[j] = sum;
      }
      return;
    }
    let size = 1;
    while (size < w + n - 1) size <<= 1;
    const plan = this.plan(size);
    if (this.re1.length < size) {
      this.re1 = new Float64Array(size);
      this.im1 = new Float64Array(size);
      this.re2 = new Float64Array(size);
      this.im2 = new Float64Array(size);
    }
    const { re1, im1, re2, im2 } = this;
    re1.fill(0, 0, size);
    im1.fill(0, 0, size);
    re2.fill(0, 0, size);
    im2.fill(0, 0, size);
    re1.set(x);
    re2.set(y.subarray(0, Math.min(y.length, w + n - 1)));
    plan.transform(re1, im1, false);
    plan.transform(re2, im2, false);
    // conj(X)·Y
    for (let k = 0; k < size; k++) {
      const a = re1[k]!;
      const b = -im1[k]!;
      const c = re2[k]!;
      const d = im2[k]!;
      re1[k] = a * c - b * d;
      im1[k] = a * d + b * c;
    }
    plan.transform(re1, im1, true);
    for (let j = 0; j < n; j++) out[j] = re1[j]!;
  }

  private plan(size: number): FftPlan {
    let plan = this.plans.get(size);
    if (!plan) {
      plan = new FftPlan(size);
      this.plans.set(size, plan);
    }
    return plan;
  }
}
