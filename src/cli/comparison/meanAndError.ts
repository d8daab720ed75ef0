/**
 * The mean of Monte Carlo draws and its standard error.
 *
 * @module
 */

/** A Monte Carlo estimate. */
export interface Estimate {
  /** Sample mean. */
  mean: number;
  /** Standard error of the mean: sample sd (n − 1 denominator) / √n; NaN for n < 2. */
  se: number;
}

/**
 * Mean and standard error of `values[offset … offset + n)`: x̄ = Σx/n, se = √(Σ(x − x̄)²/(n − 1))/√n.
 * Two passes (the centred sum of squares has no cancellation). O(n).
 *
 * @throws {RangeError} when n < 1 or the range exceeds the array.
 * @example
 * ```ts
 * meanAndError(new Float64Array([1, 2, 3, 4]), 0, 4); // { mean: 2.5, se: 0.6454972243679028 }
 * ```
 */
export function meanAndError(values: ArrayLike<number>, offset: number, n: number): Estimate {
  if (!Number.isInteger(n) || n < 1 || offset < 0 || offset + n > values.length) {
    throw new RangeError(`meanAndError: range [${offset}, ${offset + n}) of ${values.length} values`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[offset + i]!;
  const mean = sum / n;
  if (n < 2) return { mean, se: Number.NaN };
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[offset + i]! - mean;
    squares += d * d;
  }
  return { mean, se: Math.sqrt(squares / (n - 1) / n) };
}
