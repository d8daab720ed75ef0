/**
 * The exact expectation engine: exact expected Dice and IoU under independent labels
 * Yᵢ ~ Bernoulli(pᵢ) (DESIGN §3.1) — the laws of the label count Γ (Poisson-binomial by
 * convolution, folded laws of small probabilities), central-moment expansions with computed
 * remainder bounds, Jensen bounds that rule out volumes, and the search over top-τ masks. Every
 * value is within 1e-13 of itself (relative; see `budget.ts`).
 *
 * It has two adapters, both in `src/solvers/exact.ts`: the `exact` solver (`solveExactClass`,
 * through {@link solveSlice}) and `expectedScore()` of the public API (`expectedScoreOfMask`,
 * through {@link expectedMaskScore}). The exact solver's per-class steps (`api/exactClassSolver.ts`:
 * the histogram in the first pass, the choice after it, the O(d²) programme for tiny slices) are
 * re-exported by `src/solvers/exact.ts` too. Everything else in this folder is their machinery.
 *
 * @module
 */

export { ExactWorkspace, sharedExactWorkspace } from './ExactWorkspace';
export { expectedMaskScore } from './expectedMaskScore';
export { type HistogramTotals, scanProbabilityHistogram } from './probabilityHistogram';
export { solveHistogrammed, solveSlice } from './solveSlice';
export { solveTiny } from './solveTiny';
export { TINY_SLICE } from './TinyWorkspace';
