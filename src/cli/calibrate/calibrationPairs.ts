/**
 * `rankseg calibrate`: prediction and label files as the re-iterable sources `fitTemperature`
 * reads, one pair in memory at a time.
 *
 * @module
 */

import { prepareValues } from '../../api/activation';
import type { ProbabilityTensor } from '../../api/types';
import type { LabelTensor } from '../../calibration/types';
import type { ClassAxis } from '../common/options';
import type { Pair } from '../common/pairFiles';
import { readLabelFile } from '../common/readLabels';
import { readProbabilityFile } from '../common/readProbabilities';

/** How the files are read (the flags of `calibrate`). */
export interface CalibrationReadOptions {
  classAxis?: ClassAxis;
  layout?: 'channels-first' | 'channels-last';
  key?: string;
  targetKey?: string;
}

/** What a pass reports as it goes: the pair index it is reading. */
export type PairProgress = (index: number, pair: Pair) => void;

/**
 * The two sources for `fitTemperature`: async generator functions that read the prediction and
 * the label file of each pair, in order, every time they are called (once per pass). Predictions
 * come channels-first (a channels-last file is transposed), so every pair has the same layout.
 * Labels are read with label maps for PNG masks (a black/white PNG is the label map 0/1).
 *
 * @example
 * ```ts
 * const { predictions, labels } = calibrationSources(pairs, {}, () => {});
 * const fit = await fitTemperature(predictions, labels);
 * ```
 */
export function calibrationSources(
  pairs: readonly Pair[],
  options: CalibrationReadOptions,
  progress: PairProgress,
): {
  predictions: () => AsyncIterable<ProbabilityTensor>;
  labels: () => AsyncIterable<LabelTensor>;
} {
  const read = {
    ...(options.classAxis === undefined ? {} : { classAxis: options.classAxis }),
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    ...(options.key === undefined ? {} : { key: options.key }),
  };
  return {
    async *predictions() {
      for (let k = 0; k < pairs.length; k++) {
        progress(k, pairs[k]!);
        const input = await readProbabilityFile(pairs[k]!.pred, read);
        if (input.layout === 'channels-first') {
          yield input.probs;
          continue;
        }
        const { batch, classes, pixels } = input;
        const probs = input.probs;
        const shape = 'shape' in probs ? probs.shape : probs.dims;
        const data = input.probs.data as Float32Array | Float64Array;
        yield {
          data: prepareValues(data, batch, classes, pixels, 'none', 'channels-last').data,
          shape: [batch, classes, ...shape.slice(1, -1)],
        };
      }
    },
    async *labels() {
      for (const pair of pairs) {
        yield await readLabelFile(pair.target, {
          input: 'auto',
          numClassesGiven: true,
          ...(options.targetKey === undefined ? {} : { key: options.targetKey }),
        });
      }
    },
  };
}

/**
 * Rewrites the library's names for the k-th tensors (`predictions[3]`, `labels[3]`) as the files
 * of pair k, so that a message says which file is at fault.
 *
 * @example
 * ```ts
 * nameFiles('predictions[1].data[7] is NaN', pairs); // 'probs/b.npy: data[7] is NaN'
 * ```
 */
export function nameFiles(message: string, pairs: readonly Pair[]): string {
  return message.replace(
    /\b(predictions|labels)\[(\d+)\](\.?)/g,
    (whole, which: string, k: string, dot: string) => {
      const pair = pairs[Number(k)];
      if (pair === undefined) return whole;
      const file = which === 'predictions' ? pair.pred : pair.target;
      return dot === '.' ? `${file}: ` : file;
    },
  );
}
