/**
 * Relative error budget of every exact value: truncation bounds are kept at or below
 * 1e-13 × the value (the contract allows 1e-10; the margin absorbs float64 rounding).
 */
export const EXACT_TOLERANCE = 1e-13;
