/**
 * The probability maps of the simulation studies of the RankSEG paper (Dai & Li, JMLR 2023), set
 * up as the authors' scripts do (`sim/sim1.py` and `sim/sim2.py` in github.com/statmlben/rankseg),
 * in float64 and with our own seeded generator (the scripts draw with torch/scipy in float32).
 *
 * @module
 */

import { uniformGenerator } from '../common/random';

/** The decay patterns of Example 1 (`prob_type` in the authors' script). */
export const EXAMPLE1_PATTERNS = ['exp', 'linear', 'step'] as const;
/** One of {@link EXAMPLE1_PATTERNS}. */
export type Example1Pattern = (typeof EXAMPLE1_PATTERNS)[number];

/**
 * The values of b the authors' script runs per pattern: exp 1.01/1.05/1.1 (the paper's Example 1),
 * linear 1/2/4, step 0.1/0.3/0.5.
 */
export const EXAMPLE1_BASES: Readonly<Record<Example1Pattern, readonly number[]>> = {
  exp: [1.01, 1.05, 1.1],
  linear: [1, 2, 4],
  step: [0.1, 0.3, 0.5],
};

/** Generator stream of the step pattern's map of width w: `STEP_STREAM + w` (Example 2 uses 2). */
const STEP_STREAM = 1 << 24;

/**
 * Example 1: one class on a w × w grid, indices i (row), j (column) = 0…w−1 counted from 0 as the
 * authors' script does (`arange(width)`), row-major `[w·w]`:
 * - `'exp'` (the paper's Example 1): p = b^−(i+j), so the top-left pixel has p = 1 and the
 *   bottom-right b^−2(w−1);
 * - `'linear'`: p = 1 − (b/2w)(i + j), clipped at 0;
 * - `'step'`: every pixel p ~ N(b, 0.1²) truncated to [b, b + 0.1] (scipy's `truncnorm.rvs(0, 1,
 *   loc=b, scale=0.1)`: its bounds 0 and 1 are in standard deviations from b), then the top-left
 *   ⌊0.1w⌋ × ⌊0.1w⌋ block redrawn as p ~ U(0.5, 1); finally clipped to [0, 1]. Seeded: the
 *   standardized draws depend on (seed, w) only, so the maps of two values of b differ by the
 *   shift b alone. Draw order: the w² background values row by row, then the block row by row.
 *
 * O(w²).
 *
 * @param base - b: > 1 for `'exp'`, > 0 for `'linear'`, in [0, 1] for `'step'`.
 * @param width - w ≥ 1.
 * @param pattern - default `'exp'`.
 * @param seed - `'step'` only; any integer (default 1).
 * @throws {RangeError} for a b outside its pattern's range, a non-integer w < 1, or an unknown
 *   pattern.
 * @example
 * ```ts
 * example1Probs(2, 2); // Float64Array [1, 1/2, 1/2, 1/4]
 * example1Probs(1, 2, 'linear'); // Float64Array [1, 3/4, 3/4, 1/2]
 * ```
 */
export function example1Probs(
  base: number,
  width: number,
  pattern: Example1Pattern = 'exp',
  seed = 1,
): Float64Array {
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`width must be an integer >= 1; got ${width}`);
  const out = new Float64Array(width * width);
  if (pattern === 'exp') {
    if (!(base > 1) || !Number.isFinite(base)) throw new RangeError(`base must be a number > 1; got ${base}`);
    // pow, not exp(−(i + j)·ln b): correctly rounded for the exact cases (b = 2 gives 2⁻ᵏ)
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) out[i * width + j] = base ** -(i + j);
    return out;
  }
  if (pattern === 'linear') {
    if (!(base > 0) || !Number.isFinite(base)) throw new RangeError(`base must be a number > 0; got ${base}`);
    const slope = (0.5 / width) * base;
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) out[i * width + j] = Math.max(0, 1 - slope * (i + j));
    }
    return out;
  }
  if (pattern === 'step') {
    if (!(base >= 0 && base <= 1)) throw new RangeError(`base must lie in [0, 1]; got ${base}`);
    const uniform = uniformGenerator(seed, STEP_STREAM + width);
    for (let k = 0; k < out.length; k++) out[k] = base + 0.1 * unitTruncatedNormal(uniform);
    // int(.1 * width) in the script: the same float product, floored
    const block = Math.floor(0.1 * width);
    for (let i = 0; i < block; i++)
      for (let j = 0; j < block; j++) out[i * width + j] = 0.5 + 0.5 * uniform();
    for (let k = 0; k < out.length; k++) out[k] = Math.min(1, Math.max(0, out[k]!));
    return out;
  }
  throw new RangeError(`unknown pattern ${JSON.stringify(pattern)}; valid: ${EXAMPLE1_PATTERNS.join(', ')}`);
}

/** The random set-up of {@link example2Probs}, per image. */
export interface Example2Images {
  /** `[n·w·w]` probabilities, image-major, each image row-major. */
  probs: Float64Array;
  /** ρ of each image. */
  rho: Float64Array;
}

/**
 * Example 2 (the authors' `sim2.py`: 2,000 images of 64 × 64): n images of w × w pixels. Per
 * image ρ ~ U(0, 1); the top-left ⌊ρw⌋ × ⌊ρw⌋ block has p ~ U(0.5, 1), every other pixel
 * p ~ N(0.1, 0.1²) truncated to [0.1, 0.2] (scipy's `truncnorm.rvs(0, 1, loc=0.1, scale=0.1)`).
 * Seeded: the same (n, w, seed) give the same maps. Draw order: per image ρ, then the pixels row
 * by row. O(n·w²).
 *
 * @param images - n ≥ 1.
 * @param width - w ≥ 1 (the paper: 64).
 * @param seed - any integer.
 * @throws {RangeError} for a non-integer n or w below 1.
 * @example
 * ```ts
 * const { probs, rho } = example2Probs(2000, 64, 1); // probs.length = 2000·4096
 * ```
 */
export function example2Probs(images: number, width: number, seed: number): Example2Images {
  if (!Number.isInteger(images) || images < 1)
    throw new RangeError(`images must be an integer >= 1; got ${images}`);
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`width must be an integer >= 1; got ${width}`);
  const uniform = uniformGenerator(seed, 2);
  const P = width * width;
  const probs = new Float64Array(images * P);
  const rho = new Float64Array(images);
  for (let b = 0; b < images; b++) {
    rho[b] = uniform();
    const block = Math.floor(rho[b]! * width);
    for (let r = 0; r < width; r++) {
      for (let c = 0; c < width; c++) {
        const p = r < block && c < block ? 0.5 + 0.5 * uniform() : 0.1 + 0.1 * unitTruncatedNormal(uniform);
        probs[b * P + r * width + c] = p;
      }
    }
  }
  return { probs, rho };
}

/**
 * A standard normal draw conditioned on [0, 1], by rejection from Box–Muller (about one draw in
 * three is kept: Φ(1) − Φ(0) ≈ 0.341).
 */
function unitTruncatedNormal(uniform: () => number): number {
  for (;;) {
    const z = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    if (z >= 0 && z <= 1) return z;
  }
}
