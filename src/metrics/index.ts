export { diceScore } from './diceScore';
export { iouScore } from './iouScore';
export { SegmentationMeter, type SegmentationTotals } from './SegmentationMeter';
export type { DatasetScore, MetricInputForm, MetricOptions, MetricTensor, ScoreResult } from './types';
