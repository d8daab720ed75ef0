import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One case of `RefinedNormalPB(dim=d, loc=mean, scale=sd, skew).interval(eps)` (float32 inputs). */
export interface IntervalCase {
  d: number;
  eps: number;
  mean: number;
  sd: number;
  skew: number;
  lower: number;
  upper: number;
}

/** An interval case plus the reference's float32 `pmf(arange(lower, upper))`, not renormalized. */
export interface PmfCase extends IntervalCase {
  pmf: number[];
}

/** float32 probabilities and the reference's float32 moments of them (`_rankseg_algo.py`). */
export interface MomentsCase {
  probs: number[];
  mean: number;
  variance: number;
  sd: number;
  thirdCentral: number;
  skew: number;
}

export interface RefinedNormalReference {
  generator: string;
  /** Rows [skew, eps, zLow, zHigh] of `RefinedNormal().interval(1 − eps, skew)` (SciPy ppf). */
  quantiles: { columns: string[]; rows: [number, number, number, number][] };
  intervals: IntervalCase[];
  pmfs: PmfCase[];
  moments: MomentsCase[];
}

const path = fileURLToPath(new URL('../stats/fixtures/refinedNormalReference.json', import.meta.url));

/**
 * Outputs of the reference package's `rankseg/distribution.py` (torch 1.13, SciPy 1.10.1),
 * produced once by `fixtures/refinedNormalReference.gen.py` (see its docstring); the tests only
 * read the JSON.
 */
export function loadRefinedNormalReference(): RefinedNormalReference {
  return JSON.parse(readFileSync(path, 'utf8')) as RefinedNormalReference;
}
