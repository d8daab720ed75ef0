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
export { applyTemperature, type TemperedProbabilities } from './calibration/applyTemperature';
export { fitTemperature } from './calibration/fitTemperature';
export type {
  CalibrationMode,
  CalibrationOptions,
  CalibrationSource,
  LabelTensor,
  PredictionTensor,
  ReliabilityBin,
  SyncSource,
  TemperatureFit,
  TemperatureOf,
  TemperatureOptions,
} from './calibration/types';
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
export { ranksegAsync, solveAsync } from './parallel/solveAsync';
export type { AbortSignalLike, SolveAsyncOptions, SolveProgress } from './parallel/types';
