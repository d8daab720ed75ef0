/** A value with a bound on its absolute error, written by the expansion kernels. */
export interface BoundedValue {
  value: number;
  /** |exact − value| ≤ error (truncation; float rounding is far smaller and not included). */
  error: number;
}

/** A fresh {value: 0, error: 0} holder for the kernels to overwrite. */
export function boundedValue(): BoundedValue {
  return { value: 0, error: 0 };
}
