/** The overlap metrics whose exact expectation this folder computes. */
export type ExactMetric = 'dice' | 'iou';

/** Probability storage read by the exact kernels (never written). */
export type ProbabilityArray = Float32Array | Float64Array;
