/**
 * Measurement script (not a test): `npx tsx bench/exact-slices.ts`.
 * Times solveExactClass on realistic 512×512 slices against a plain p > 0.5 pass over the same
 * slice, and reports the exact expected-Dice regret of RMA's volume.
 */

import { expectedScoreOfMask, solveExactClass } from '../src/solvers/exact';
import { ExactWorkspace } from '../src/solvers/expectation/ExactWorkspace';
import { solveSlice } from '../src/solvers/expectation/solveSlice';
import { blobSlice } from '../tests/helpers/expectationOracle';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function time(fn: () => unknown, repeat: number): number {
  for (let r = 0; r < 3; r++) fn();
  const t: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

function thresholdPass(p: Float32Array, mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]! > 0.5 ? 1 : 0;
    mask[i] = v;
    c += v;
  }
  return c;
}

/** RMA volume (DESIGN §3.2) on a sorted copy: first maximizer of D̃ or Ĩ. */
function rmaVolume(p: Float32Array, metric: 'dice' | 'iou', s: number): number {
  const sorted = Float64Array.from(p).sort().reverse();
  let mu = 0;
  for (const x of sorted) mu += x;
  let best = s > 0 ? s / (mu + s) : Number.NEGATIVE_INFINITY;
  let bestTau = 0;
  let c = 0;
  for (let tau = 1; tau <= sorted.length; tau++) {
    c += sorted[tau - 1]!;
    const v =
      metric === 'dice' ? (2 * c) / (tau + mu + 1 + s) + s / (tau + mu + s) : (c + s) / (mu - c + tau + s);
    if (v > best) {
      best = v;
      bestTau = tau;
    }
  }
  return bestTau;
}

function topMask(p: Float32Array, tau: number): Uint8Array {
  const idx = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]!);
  const mask = new Uint8Array(p.length);
  for (let i = 0; i < tau; i++) mask[idx[i]!] = 1;
  return mask;
}

const side = 512;
const ws = new ExactWorkspace();
const mask = new Uint8Array(side * side);
console.log(
  'case                      mu      tau*   path               cand  exact ms  thr ms  ratio  RMA regret (dice)',
);
for (const [label, grid, shift, seed] of [
  ['blob g16 shift 0', 16, 0, 1],
  ['blob g16 shift 0', 16, 0, 2],
  ['blob g16 shift -3', 16, -3, 3],
  ['blob g16 shift -6', 16, -6, 4],
  ['blob g16 shift -9', 16, -9, 5],
  ['blob g16 shift -12', 16, -12, 6],
  ['blob g16 shift -14', 16, -14, 7],
  ['blob g64 shift -10', 64, -10, 8],
  ['blob g64 shift -14', 64, -14, 9],
  ['blob g64 shift -16', 64, -16, 10],
  ['blob g64 shift -18', 64, -18, 11],
  ['blob g64 shift -20', 64, -20, 12],
  ['blob g128 shift -20', 128, -20, 13],
] as const) {
  const p = blobSlice(seed, side, grid, 6, shift);
  let mu = 0;
  for (const x of p) mu += x;
  for (const metric of ['dice', 'iou'] as const) {
    const detail = solveSlice(ws, p, 0, p.length, metric, 0);
    const tExact = time(() => solveExactClass(p, 0, p.length, metric, 0), 15);
    const tThr = time(() => thresholdPass(p, mask), 15);
    let regret = '';
    if (metric === 'dice') {
      const tauR = rmaVolume(p, 'dice', 0);
      const atR = expectedScoreOfMask(p, 0, topMask(p, tauR), 0, p.length, 'dice', 0);
      regret = `${(detail.expected - atR).toExponential(2)} (τ_RMA ${tauR})`;
    }
    console.log(
      `${label.padEnd(20)} ${metric.padEnd(4)} ${mu.toFixed(1).padStart(9)} ${String(detail.volume).padStart(7)}   ${`${detail.path} ${detail.cumulantOrder}`.padEnd(18)} ${String(detail.candidates).padStart(4)}  ${tExact.toFixed(2).padStart(7)}  ${tThr.toFixed(2).padStart(6)}  ${(tExact / tThr).toFixed(1).padStart(5)}  ${regret}`,
    );
  }
}

// RMA regret on tiny problems: worst and mean over random instances (exact curve by the oracle).
{
  const { expectedScoreCurve } = await import('../src/solvers/expectation/expectedScoreCurve');
  const { prng } = await import('../tests/helpers/expectationOracle');
  const random = prng(77);
  for (const d of [8, 50, 400]) {
    let worst = 0;
    let total = 0;
    const n = d === 400 ? 100 : 1000;
    for (let k = 0; k < n; k++) {
      const p = new Float32Array(d);
      for (let i = 0; i < d; i++) p[i] = random() ** 3; // mostly small, a few large
      const curve = expectedScoreCurve(p, 'dice', 0);
      let best = 0;
      for (let t = 1; t <= d; t++) best = Math.max(best, curve[t]!);
      const regret = best - curve[rmaVolume(p, 'dice', 0)]!;
      worst = Math.max(worst, regret);
      total += regret;
    }
    console.log(
      `RMA exact-Dice regret, d = ${d}, p = U³ (${n} instances): worst ${worst.toExponential(2)}, mean ${(total / n).toExponential(2)}`,
    );
  }
}
