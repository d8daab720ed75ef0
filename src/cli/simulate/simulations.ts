/**
 * The probability maps of the simulation studies of the RankSEG paper (Dai & Li, JMLR 2023),
 * as `rankseg simulate` sets them up.
 *
 * @module
 */

import { uniformGenerator } from '../shared/random';

/**
 * Example 1: one class on a w × w grid, p(i, j) = b^−(i+j) with 1-based i, j = 1…w, so every
 * p lies in [b^−2w, b^−2] ⊂ (0, 1) (0-based indices would put p = 1 at the corner). Row-major
 * `[w·w]`, row i − 1, column j − 1. O(w²).
 *
 * @param base - b > 1.
 * @param width - w ≥ 1.
 * @throws {RangeError} for b ≤ 1 or a non-integer w < 1.
 * @example
 * ```ts
 * example1Probs(2, 2); // Float64Array [1/4, 1/8, 1/8, 1/16]
 * ```
 */
export function example1Probs(base: number, width: number): Float64Array {
  if (!(base > 1) || !Number.isFinite(base)) throw new RangeError(`base must be a number > 1; got ${base}`);
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`width must be an integer >= 1; got ${width}`);
  const out = new Float64Array(width * width);
  for (let i = 1; i <= width; i++) {
    // pow, not exp(−(i + j)·ln b): correctly rounded for the exact cases (b = 2 gives 2⁻ᵏ)
    for (let j = 1; j <= width; j++) out[(i - 1) * width + (j - 1)] = base ** -(i + j);
  }
  return out;
}

/** The random set-up of {@link example2Probs}, per image. */
export interface Example2Images {
  /** `[n·w·w]` probabilities, image-major, each image row-major. */
  probs: Float64Array;
  /** ρ of each image. */
  rho: Float64Array;
}

/**
 * Example 2: n images of w × w pixels. Per image ρ ~ U(0, 1); the top-left ⌊ρw⌋ × ⌊ρw⌋ block has
 * p ~ U(0.5, 1), every other pixel p ~ N(0.1, 0.1²) conditioned on [0.1, 0.2] (drawn by
 * rejection: about one draw in three is kept). Seeded: the same (n, w, seed) give the same maps.
 * Draw order: per image ρ, then the pixels row by row. O(n·w²).
 *
 * @param images - n ≥ 1.
 * @param width - w ≥ 1 (the paper: 64).
 * @param seed - any integer.
 * @throws {RangeError} for a non-integer n or w below 1.
 * @example
 * ```ts
 * const { probs, rho } = example2Probs(200, 64, 1); // probs.length = 200·4096
 * ```
 */
export function example2Probs(images: number, width: number, seed: number): Example2Images {
  if (!Number.isInteger(images) || images < 1)
    throw new RangeError(`images must be an integer >= 1; got ${images}`);
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`width must be an integer >= 1; got ${width}`);
  const uniform = uniformGenerator(seed, 2);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const P = width * width;
  const probs = new Float64Array(images * P);
  const rho = new Float64Array(images);
  for (let b = 0; b < images; b++) {
    rho[b] = uniform();
    const block = Math.floor(rho[b]! * width);
    for (let r = 0; r < width; r++) {
      for (let c = 0; c < width; c++) {
        let p: number;
        if (r < block && c < block) {
          p = 0.5 + 0.5 * uniform();
        } else {
          do p = 0.1 + 0.1 * normal();
          while (p < 0.1 || p > 0.2);
        }
        probs[b * P + r * width + c] = p;
      }
    }
  }
  return { probs, rho };
}
