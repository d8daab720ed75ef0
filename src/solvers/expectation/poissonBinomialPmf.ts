import { convolveBernoulli } from './convolveBernoulli';

/**
 * Exact probability mass function of Γ = Σᵢ Yᵢ, Yᵢ ~ Bernoulli(pᵢ) independent (the
 * Poisson-binomial law), by forward convolution: f ← f * (1 − pᵢ, pᵢ) for each i.
 *
 * O(d²) time, O(d) memory, float64. Each entry is a sum of non-negative products, so its relative
 * error is at most ~2d ulp: this is the reference ("oracle") the fast exact paths are tested on.
 *
 * @param probs - p₁…p_d in [0, 1] (read from `offset`, `length` values; not modified).
 * @param offset - first index read (default 0).
 * @param length - number of probabilities (default: to the end).
 * @param out - optional caller-owned output, length ≥ d + 1; entries above d are not touched.
 * @returns f(0…d): `out` if given, else a new Float64Array(d + 1).
 * @throws RangeError if `out` is shorter than d + 1.
 * @example
 * poissonBinomialPmf([0.5, 0.5]); // Float64Array [0.25, 0.5, 0.25]
 */
export function poissonBinomialPmf(
  probs: ArrayLike<number>,
  offset = 0,
  length: number = probs.length - offset,
  out?: Float64Array,
): Float64Array {
  const f = out ?? new Float64Array(length + 1);
  if (f.length < length + 1) {
    throw new RangeError(`out: length ${f.length} is shorter than length + 1 = ${length + 1}`);
  }
  f.fill(0, 0, length + 1);
  f[0] = 1;
  for (let i = 0; i < length; i++) convolveBernoulli(f, i + 1, probs[offset + i]!);
  return f;
}
