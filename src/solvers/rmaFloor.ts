import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from './catalog';
import { rmaObjective } from './rmaObjective';

/** Most values sampled per slice (one per 256 pixels, at least 256). */
export const RMA_FLOOR_SAMPLES = 1024;

/** The floor when the sample holds no object: λ* of a confident object of any size is above it. */
const BLIND_FLOOR = 0.2;

/** 1/φ: offsets j/φ mod 1 never line up with the rows of an image (a regular stride would). */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * A floor for RMA's histogram pass, guessed from a regular sample of the slice: values below it
 * are only counted and summed, not binned (the fast path of SliceHistogram.scan). With s = 0 the
 * optimum selects p > λ* (Dice: half the optimal D̃; IoU: Ĩ/(1 + Ĩ) at the optimum; DESIGN
 * §3.2). A sample of n = 256…1024 pixels, one in each of n equal strata at a golden-ratio
 * offset (a regular stride would alias with the rows of an image and see one column; increasing
 * positions keep the reads in order) estimates λ*, and half of it is returned; a sample that
 * holds no pixel above ½ (a small object, or none) gives 0.2.
 *
 * A guess, never trusted: solveRma bounds the pixels below the floor and asks for a second pass
 * with no floor when they might hold the optimum, so a bad guess costs time, not accuracy.
 * Slices shorter than 65 536 pixels (and samples with a value outside [0, 1], which the pass
 * reports) get 0. `out` also receives the share of the sample at or above the floor (an estimate
 * of how many pixels the pass will bin). O(1024 log 1024).
 *
 * @param sample - scratch of RMA_FLOOR_SAMPLES values.
 * @example
 * guessRmaFloor(new Float32Array(1 << 16).fill(0.9), 0, 1 << 16, 'dice', 0, new Float64Array(1024)); // ≈ 0.24
 */
export function guessRmaFloor(
  data: FloatArray,
  offset: number,
  length: number,
  metric: OverlapMetric,
  smooth: number,
  sample: Float64Array,
  out: FloorGuess = { floor: 0, share: 1 },
): number {
  out.floor = 0;
  out.share = 1;
  if (length < 1 << 16) return 0;
  const n = floorSampleSize(length);
  const weight = length / n;
  let sum = 0;
  let confident = false;
  for (let j = 0; j < n; j++) {
    const p = data[offset + floorSampleIndex(j, n, length)]!;
    if (!(p >= 0 && p <= 1)) return 0;
    sample[j] = p;
    sum += p;
    confident ||= p > 0.5;
  }
  const sorted = sample.subarray(0, n).sort().reverse();
  if (!confident) return settle(out, sorted, BLIND_FLOOR);
  const mean = sum * weight;
  let best = 0;
  let cum = 0;
  for (let t = 0; t < n; t++) {
    cum += sorted[t]!;
    const value = rmaObjective(metric, (t + 1) * weight, cum * weight, mean, smooth);
    if (value > best) best = value;
  }
  const lambda = metric === 'dice' ? best / 2 : best / (1 + best);
  return settle(out, sorted, lambda / 2);
}

/** How many pixels guessRmaFloor samples from a slice of `length` ≥ 65 536 (256…1024). */
export function floorSampleSize(length: number): number {
  return Math.min(RMA_FLOOR_SAMPLES, length >> 8);
}

/**
 * The slice index of sample j of n: one per stratum of length/n pixels, at the offset
 * (½ + j/φ) mod 1 within it.
 *
 * @example
 * floorSampleIndex(0, 256, 65536); // 128
 */
export function floorSampleIndex(j: number, n: number, length: number): number {
  return Math.floor(((j + ((0.5 + j * GOLDEN) % 1)) * length) / n);
}

/** The guess, with the share of the (descending) sample at or above it. */
export interface FloorGuess {
  floor: number;
  share: number;
}

function settle(out: FloorGuess, sorted: Float64Array, floor: number): number {
  let above = 0;
  while (above < sorted.length && sorted[above]! >= floor) above++;
  out.floor = floor;
  out.share = above / sorted.length;
  return floor;
}
