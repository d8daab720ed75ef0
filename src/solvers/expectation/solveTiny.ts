import type { FloatArray } from '../../kernels/types';
import type { OverlapMetric } from '../catalog';
import { convolveBernoulli, deconvolveBernoulli, poissonBinomialPmf } from './poissonBinomialPmf';
import type { ExactChoice } from './solveRanked';
import type { TinyWorkspace } from './TinyWorkspace';

/**
 * The exact solver (DESIGN §3.1) on a slice of d ≤ TINY_SLICE pixels, by the dynamic programme
 * of expectedScoreCurve run in place: one deconvolution per τ for Dice, forward convolutions for
 * IoU. Same candidates and tie rule as solveRanked: τ from 1 (0 when s > 0) to the last positive
 * p, the first maximizer. This is the per-image fast path (a batch of one-pixel images costs
 * well under a microsecond each instead of the histogram stage's setup); the programme is the
 * oracle the general route is tested against, exact up to float64 rounding (no truncation).
 *
 * O(d²), no allocation.
 *
 * @throws RangeError if a value is NaN or outside [0, 1].
 * @example
 * solveTiny(new TinyWorkspace(), new Float64Array([0.9, 0.6]), 0, 2, 'dice', 0).volume; // 2 (D = 0.82)
 */
export function solveTiny(
  ws: TinyWorkspace,
  data: FloatArray,
  offset: number,
  length: number,
  metric: OverlapMetric,
  smooth: number,
): ExactChoice {
  const d = length;
  const p = ws.sorted;
  for (let i = 0; i < d; i++) {
    const v = data[offset + i]!;
    if (!(v >= 0 && v <= 1))
      throw new RangeError(`data: value ${v} at index ${offset + i} is outside [0, 1]`);
    // Insertion into the descending prefix (d ≤ 32).
    let j = i;
    while (j > 0 && p[j - 1]! < v) {
      p[j] = p[j - 1]!;
      j--;
    }
    p[j] = v;
  }
  const s = smooth;
  const curve = ws.curve;
  const { f, g, w } = ws;
  if (metric === 'dice') {
    poissonBinomialPmf(p, 0, d, f);
    w.fill(0, 0, d + 1);
    curve[0] = s > 0 ? s * reciprocalMean(f, d, s) : 0;
    for (let tau = 1; tau <= d; tau++) {
      const pj = p[tau - 1]!;
      deconvolveBernoulli(f, d, pj, g);
      for (let k = 0; k < d; k++) w[k] = w[k]! + pj * g[k]!;
      curve[tau] =
        2 * reciprocalMean(w, d - 1, tau + 1 + s) + (s > 0 ? s * reciprocalMean(f, d, tau + s) : 0);
    }
  } else {
    // B_τ = Σ_{i>τ} Y₍ᵢ₎, built for τ = d, d − 1, …, 0; C(τ) by ascending sums.
    f.fill(0, 0, d + 1);
    f[0] = 1;
    for (let tau = d; tau >= 0; tau--) {
      let cum = 0;
      for (let i = 0; i < tau; i++) cum += p[i]!;
      curve[tau] = tau + s > 0 ? (cum + s) * reciprocalMean(f, d - tau, tau + s) : 0;
      if (tau > 0) convolveBernoulli(f, d - tau + 1, p[tau - 1]!);
    }
  }
  const tauLo = s > 0 ? 0 : 1;
  let positive = d;
  while (positive > 0 && p[positive - 1]! === 0) positive--;
  const tauHi = Math.max(tauLo, positive);
  let volume = tauLo;
  for (let tau = tauLo + 1; tau <= tauHi; tau++) if (curve[tau]! > curve[volume]!) volume = tau;
  let above = 0;
  let cutoff = Number.NaN;
  if (volume > 0) {
    cutoff = p[volume - 1]!;
    above = volume - 1;
    while (above > 0 && p[above - 1] === cutoff) above--;
  }
  return {
    volume,
    expected: curve[volume]!,
    cutoff,
    above,
    headFrom: Number.POSITIVE_INFINITY,
    error: 0,
    path: 'programme',
    candidates: tauHi - tauLo + 1,
    cumulantOrder: 0,
  };
}

/** Σ_{k=0}^{top} f(k)/(c + k), c > 0. */
function reciprocalMean(f: Float64Array, top: number, c: number): number {
  let acc = 0;
  for (let k = 0; k <= top; k++) acc += f[k]! / (c + k);
  return acc;
}
