/**
 * BA and TRNA objectives written out from DESIGN §3.3–3.4 with plain loops (the distribution
 * functions come from src/stats, which has its own tests): the slow reference for the solvers.
 */
import { fillRefinedNormalPmf } from '../../src/stats/fillRefinedNormalPmf';
import {
  poissonBinomialMoments,
  poissonBinomialSd,
  poissonBinomialSkew,
} from '../../src/stats/poissonBinomialMoments';
import { refinedNormalInterval } from '../../src/stats/refinedNormalInterval';

export interface RankDiceCurves {
  /** BA objective for τ = 0 … tauUp. */
  ba: number[];
  /** TRNA objective for τ = 0 … tauUp. */
  trna: number[];
  tauUp: number;
  sd: number;
}

export function rankDiceCurves(probs: ArrayLike<number>, smooth: number, eps = 1e-4): RankDiceCurves {
  const d = probs.length;
  const data = Float64Array.from(probs);
  const m = poissonBinomialMoments(data, 0, d);
  // DESIGN §3.3: the inclusive support [lq, uq].
  const interval = refinedNormalInterval(eps, m.mean, m.sd, m.skew, d);
  const lower = interval.lower;
  const upper = interval.upper + 1;
  const width = Math.max(1, upper - lower);
  const pointMass = (mean: number) => {
    const out = new Float64Array(width);
    out[Math.min(width - 1, Math.max(0, Math.round(mean) - lower))] = 1;
    return out;
  };
  let pmf: Float64Array = new Float64Array(width);
  if (!(upper > lower && fillRefinedNormalPmf(pmf, lower, upper, m.mean, m.sd, m.skew) > 0))
    pmf = pointMass(m.mean);
  const sorted = Array.from(probs).sort((a, b) => b - a);
  const cum = [0];
  for (const p of sorted) cum.push(cum[cum.length - 1]! + p);
  let tauUp = d;
  for (let t = 1; t < d; t++) {
    if (cum[t]! >= (t + smooth + d) * sorted[t]!) {
      tauUp = t;
      break;
    }
  }
  const mean = (a: number, weights: ArrayLike<number>) => {
    let s = 0;
    for (let k = 0; k < width; k++) s += weights[k]! / (lower + k + a);
    return s;
  };
  const ba = [smooth > 0 ? smooth * mean(smooth, pmf) : 0];
  const trna = [ba[0]!];
  const w = new Float64Array(width);
  for (let t = 1; t <= tauUp; t++) {
    ba.push(2 * cum[t]! * mean(t + 1 + smooth, pmf) + smooth * mean(t + smooth, pmf));
    const p = sorted[t - 1]!;
    const pq = p * (1 - p);
    const v = m.variance - pq;
    const third = m.thirdCentral - pq * (1 - 2 * p);
    let loo: Float64Array = new Float64Array(width);
    const mass = fillRefinedNormalPmf(
      loo,
      lower,
      lower + width,
      m.mean - p,
      poissonBinomialSd(v),
      poissonBinomialSkew(third, v),
    );
    if (!(mass > 0)) loo = pointMass(m.mean - p);
    for (let k = 0; k < width; k++) w[k]! += p * loo[k]!;
    trna.push(2 * mean(t + 1 + smooth, w) + smooth * mean(t + smooth, pmf));
  }
  return { ba, trna, tauUp, sd: m.sd };
}

/** First maximizer. */
export function argmaxFirst(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
