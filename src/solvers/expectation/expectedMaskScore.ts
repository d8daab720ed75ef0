import type { FloatArray } from '../../kernels/types';
import type { OverlapMetric } from '../catalog';
import { bernoulliCumulantMagnitudes, bernoulliCumulants, MAX_W_POWER } from './bernoulliCumulants';
import { bernsteinDeviation, EXACT_TOLERANCE, expansionPredicted, TAIL_EXPONENT } from './budget';
import { centralMoments } from './centralMoments';
import { diceMomentExpansion } from './diceMomentExpansion';
import type { ExactWorkspace } from './ExactWorkspace';
import { FOLD_BELOW, type FoldSums, foldedPmf } from './foldedPmf';
import { gatherBody } from './gatherBody';
import { iouMomentExpansion } from './iouMomentExpansion';
import { maskPowerSums } from './maskPowerSums';
import type { PmfScratch } from './pmfTierScores';
import { convolveBernoulli } from './poissonBinomialPmf';
import type { PowerSums } from './powerSums';

/**
 * Exact expected Dice or IoU of an arbitrary 0/1 mask A; validates the values on the way.
 *
 * With X = Σ_A Yᵢ, Z = Σ_{Aᶜ} Yᵢ, a = |A|: Dice = 2E[X/(a + s + X + Z)] + sE[1/(a + s + X + Z)],
 * IoU = (E[X] + s)·E[1/(a + s + Z)]. A first pass counts and checks; the route is predicted
 * (expansionPredicted): moment expansions from power sums of order 5 (one more pass; then
 * order 10 if the bound is missed), rigorous remainders ≤ 1e-13 of the value; otherwise (small
 * masks and objects) the exact laws of X and Z on truncated supports (Bernstein, e^{−46}) with
 * p < 0.05 folded, Dice as the double sum Σₓ,z fX(x)fZ(z)(2x + s)/(a + s + x + z).
 *
 * O(d) in the common case; the pmf path O(d + n_body·top + topX·topZ).
 *
 * @param ws - workspace.
 * @param mask - entries must be 0 or 1.
 * @returns the expected score.
 * @throws RangeError if a probability is NaN or outside [0, 1], or a mask entry is not 0/1.
 * @example
 * // See expectedScoreOfMask in src/solvers/exact.ts.
 */
export function expectedMaskScore(
  ws: ExactWorkspace,
  probs: FloatArray,
  probsOffset: number,
  mask: ArrayLike<number>,
  maskOffset: number,
  length: number,
  metric: OverlapMetric,
  smooth: number,
): number {
  const { setA, setB } = ws;
  const bad = maskPowerSums(probs, probsOffset, mask, maskOffset, length, 1, setA, setB);
  if (bad >= 0) {
    const p = probs[probsOffset + bad]!;
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`probs: value ${p} at index ${probsOffset + bad} is outside [0, 1]`);
    throw new RangeError(
      `mask: entry ${String(mask[maskOffset + bad])} at index ${maskOffset + bad} is not 0 or 1`,
    );
  }
  const b = setA.count + smooth;
  if (b === 0) return 0; // empty mask, s = 0: every outcome scores 0 (or 0/0)
  const sd = Math.sqrt(metric === 'dice' ? setA.w[1]! + setB.w[1]! : setB.w[1]!);
  const a = metric === 'dice' ? b + setA.sum + setB.sum : b + setB.sum;
  if (expansionPredicted(sd, a, metric === 'dice' ? b + 1 : b)) {
    maskPowerSums(probs, probsOffset, mask, maskOffset, length, 5, setA, setB);
    if (scoreByMoments(ws, setA, setB, metric, smooth, 5)) return ws.result.value;
    setA.reset(MAX_W_POWER);
    setB.reset(MAX_W_POWER);
    for (let i = 0; i < length; i++) {
      if (mask[maskOffset + i] === 1) setA.addPixel(probs[probsOffset + i]!);
      else setB.addPixel(probs[probsOffset + i]!);
    }
    if (scoreByMoments(ws, setA, setB, metric, smooth, MAX_W_POWER)) return ws.result.value;
  }
  return scoreByPmf(ws, probs, probsOffset, mask, maskOffset, length, metric, smooth);
}

function scoreByMoments(
  ws: ExactWorkspace,
  setA: PowerSums,
  setB: PowerSums,
  metric: OverlapMetric,
  s: number,
  order: number,
): boolean {
  const { kappa, kappaA, kappaMag, kappaAMag, moments, momentsMag, result } = ws;
  const maxN = 2 * order;
  const tau = setA.count;
  if (metric === 'dice') {
    const all = ws.prefix;
    all.setSum(setA, setB);
    bernoulliCumulants(all.sum, all.w, all.v, order, kappa);
    centralMoments(kappa, maxN, moments);
    bernoulliCumulantMagnitudes(all.sum, all.w, order, kappaMag);
    centralMoments(kappaMag, maxN, momentsMag);
    bernoulliCumulants(setA.sum, setA.w, setA.v, order, kappaA);
    bernoulliCumulantMagnitudes(setA.sum, setA.w, order, kappaAMag);
    return diceMomentExpansion(
      tau,
      s,
      all.sum,
      moments,
      momentsMag,
      kappaA,
      kappaAMag,
      maxN,
      EXACT_TOLERANCE,
      result,
    );
  }
  bernoulliCumulants(setB.sum, setB.w, setB.v, order, kappa);
  centralMoments(kappa, maxN, moments);
  bernoulliCumulantMagnitudes(setB.sum, setB.w, order, kappaMag);
  centralMoments(kappaMag, maxN, momentsMag);
  return iouMomentExpansion(tau, s, setA.sum, setB.sum, moments, momentsMag, maxN, EXACT_TOLERANCE, result);
}

function scoreByPmf(
  ws: ExactWorkspace,
  probs: FloatArray,
  probsOffset: number,
  mask: ArrayLike<number>,
  maskOffset: number,
  length: number,
  metric: OverlapMetric,
  s: number,
): number {
  ws.ensureBody(length, true);
  const nA = gatherBody(probs, probsOffset, length, FOLD_BELOW, ws.body, ws.fold, mask, maskOffset, 1);
  const nB = gatherBody(probs, probsOffset, length, FOLD_BELOW, ws.body2, ws.fold2, mask, maskOffset, 0);
  const a = nA + ws.fold.count;
  const topZ = lawOfSum(ws.body2, nB, ws.fold2, ws.pmf2);
  const fZ = ws.pmf2.f;
  if (metric === 'iou') {
    let cum = ws.fold.sum;
    for (let i = 0; i < nA; i++) cum += ws.body[i]!;
    if (a + s === 0 || cum + s === 0) return 0;
    let acc = 0;
    for (let z = 0; z <= topZ; z++) acc += fZ[z]! / (a + s + z);
    return (cum + s) * acc;
  }
  if (a + s === 0) return 0;
  const topX = lawOfSum(ws.body, nA, ws.fold, ws.pmf);
  const fX = ws.pmf.f;
  let acc = 0;
  for (let x = 0; x <= topX; x++) {
    const px = fX[x]!;
    if (px === 0) continue;
    const num = 2 * x + s;
    let inner = 0;
    for (let z = 0; z <= topZ; z++) inner += fZ[z]! / (a + s + x + z);
    acc += px * num * inner;
  }
  return acc;
}

/** The law of folded + body pixels on 0…top (written to scratch.f); returns top. */
function lawOfSum(body: Float64Array, n: number, fold: FoldSums, scratch: PmfScratch): number {
  let mean = fold.sum;
  let variance = fold.variance;
  for (let i = 0; i < n; i++) {
    mean += body[i]!;
    variance += body[i]! * (1 - body[i]!);
  }
  const top = Math.min(n + fold.count, Math.ceil(mean + bernsteinDeviation(variance, TAIL_EXPONENT)) + 1);
  scratch.ensure(top + 1);
  foldedPmf(fold, top, scratch.f, scratch.scale);
  for (let i = 0; i < n; i++) convolveBernoulli(scratch.f, top, body[i]!);
  return top;
}
