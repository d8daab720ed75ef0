/**
 * rankseg: the masks that maximize expected Dice or IoU, from segmentation probabilities.
 *
 * @packageDocumentation
 */

export { type ExpectedScoreOptions, expectedScore, type ScoredMask } from './api/expectedScore';
export { rankseg, solve } from './api/predict';
export { RankSEG } from './api/RankSEG';
export type {
  Mask,
  MaskData,
  Metric,
  OutputMode,
  ProbabilityData,
  ProbabilityTensor,
  RanksegOptions,
  Solution,
  Solver,
  UnassignedPolicy,
} from './api/types';
export {
  type DatasetScore,
  diceScore,
  iouScore,
  type MetricInputForm,
  type MetricOptions,
  type MetricTensor,
  type ScoreResult,
  SegmentationMeter,
  type SegmentationTotals,
} from './metrics/index';
