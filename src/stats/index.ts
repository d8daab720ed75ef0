/**
 * Distributions used by the BA and TRNA solvers (DESIGN.md §3.3–3.4): the standard normal and
 * the refined normal approximation of the Poisson-binomial count Γ = ΣYᵢ. Internal to the
 * library (not part of the package's public API). Implementation pieces (`normalParts`,
 * `brentRoot`, the near-side helpers of `refinedNormal`) are imported from their files.
 *
 * @module
 */

export { fillRefinedNormalPmf } from './fillRefinedNormalPmf';
export { normalCdf, normalPdf, normalQuantile } from './normal';
export {
  FLOAT32_VARIANCE_FLOOR,
  FLOAT64_VARIANCE_FLOOR,
  type PoissonBinomialMoments,
  poissonBinomialMoments,
  poissonBinomialSd,
  poissonBinomialSkew,
} from './poissonBinomialMoments';
export { refinedNormalCdf, refinedNormalPmf, refinedNormalStdCdf } from './refinedNormal';
export { type RefinedNormalInterval, refinedNormalInterval } from './refinedNormalInterval';
export { refinedNormalQuantile } from './refinedNormalQuantile';
