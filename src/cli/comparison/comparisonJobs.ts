/**
 * The comparison of `rankseg compare` on several threads: each contender's solves, and each
 * image-class slice of the Monte Carlo, as jobs of the worker pool.
 *
 * @module
 */

import type { Mask, MaskData } from '../../api/types';
import type { FloatArray } from '../../kernels/types';
import type { FileJob } from '../common/fileJob';
import type { JobRunner } from '../common/workerPool';
import {
  type ComparisonOptions,
  type ComparisonRow,
  type Contender,
  type ContenderScore,
  type DenseProbabilities,
  finishRows,
  monteCarloSlice,
  type SliceDraws,
  scoreContender,
} from './comparison';

/** One contender to solve and score, on probabilities in shared memory. */
export interface ContenderRequest {
  probs: DenseProbabilities;
  contender: Contender;
  smooth: number;
  repeats: number;
}

/** One Monte Carlo slice of every mask, all in shared memory. */
export interface SliceRequest {
  probs: DenseProbabilities;
  masks: Mask[];
  slice: number;
  draws: number;
  seed: number;
  smooth: number;
}

/**
 * A contender's mask, time and expected scores (`scoreContender`) as a job.
 *
 * @example
 * ```ts
 * await runner.run(contenderJob, { probs, contender, smooth: 0, repeats: 3 });
 * ```
 */
export const contenderJob: FileJob<ContenderRequest, ContenderScore> = {
  name: 'compare-contender',
  run: async ({ probs, contender, smooth, repeats }) => scoreContender(probs, contender, { smooth, repeats }),
};

/**
 * One slice of the Monte Carlo (`monteCarloSlice`) as a job.
 *
 * @example
 * ```ts
 * await runner.run(monteCarloJob, { probs, masks, slice: 3, draws: 2000, seed: 1, smooth: 0 });
 * ```
 */
export const monteCarloJob: FileJob<SliceRequest, SliceDraws> = {
  name: 'compare-montecarlo',
  run: async ({ probs, masks, slice, draws, seed, smooth }) =>
    monteCarloSlice(probs, masks, slice, { draws, seed, smooth }),
};

/**
 * `compareMasks` with its work on `runner`: the contenders solved at once (each timed in its own
 * thread, while the others run), then the B·C slices of the Monte Carlo at once. The probabilities
 * and masks are copied once into shared memory, which every worker reads (no copy per job). The
 * rows are those of `compareMasks`, number for number, but the times (each slice draws its own
 * stream and the slices are summed in order).
 *
 * @throws the errors of `compareMasks` (the first contender or slice to fail).
 * @example
 * ```ts
 * const rows = await compareMasksOn(runner, probs, plan.contenders, { draws: 2000, seed: 1, smooth: 0, repeats: 3 });
 * ```
 */
export async function compareMasksOn(
  runner: JobRunner,
  probs: DenseProbabilities,
  contenders: readonly Contender[],
  options: ComparisonOptions,
): Promise<ComparisonRow[]> {
  const shared: DenseProbabilities = { data: sharedCopy(probs.data), shape: probs.shape };
  const { smooth, repeats, draws, seed } = options;
  const scored = await Promise.all(
    contenders.map((contender) => runner.run(contenderJob, { probs: shared, contender, smooth, repeats })),
  );
  const masks = scored.map((s) => ({ data: sharedCopy(s.mask.data), shape: s.mask.shape }));
  const [B, C] = probs.shape as [number, number];
  const slices =
    draws > 0
      ? await Promise.all(
          Array.from({ length: B * C }, (_, slice) =>
            runner.run(monteCarloJob, { probs: shared, masks, slice, draws, seed, smooth }),
          ),
        )
      : [];
  return finishRows(probs, contenders, scored, slices, options);
}

/** A copy of a typed array in a `SharedArrayBuffer` (workers given it read the same memory). */
function sharedCopy<A extends FloatArray | MaskData>(array: A): A {
  const Typed = array.constructor as new (buffer: SharedArrayBuffer) => A;
  const copy = new Typed(new SharedArrayBuffer(array.byteLength));
  (copy as unknown as { set(source: ArrayLike<number>): void }).set(array as ArrayLike<number>);
  return copy;
}
