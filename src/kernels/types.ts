/** Probability storage the kernels read (validated at the API boundary, never written). */
export type FloatArray = Float32Array | Float64Array;

/**
 * A top-τ selection of one image-class slice, stored as a threshold rule so that masks can be
 * written, and multiclass overlaps resolved, without materializing one mask per class:
 * pixel `i` (index within the slice) of probability `p` is selected iff
 * `p > threshold || (p === threshold && i <= lastTie)`.
 */
export interface TopSet {
  /** Pixels selected (τ). */
  volume: number;
  /** Selection threshold; `+Infinity` selects nothing. */
  threshold: number;
  /** Last slice index, among pixels equal to `threshold`, that is still selected. */
  lastTie: number;
  /** Probability of the τ-th most probable pixel (the smallest selected); NaN when τ = 0. */
  cutoff: number;
}

/** The selection of nothing. */
export function emptyTopSet(): TopSet {
  return { volume: 0, threshold: Number.POSITIVE_INFINITY, lastTie: -1, cutoff: Number.NaN };
}
