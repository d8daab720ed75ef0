/**
 * Public types of `solveAsync` and `ranksegAsync`.
 *
 * @module
 */

import type { RanksegOptions } from '../api/types';

/**
 * The part of the platform's `AbortSignal` that `solveAsync` reads (any real `AbortSignal` fits).
 *
 * @example
 * ```ts
 * import type { AbortSignalLike } from 'rankseg';
 * const signal: AbortSignalLike = AbortSignal.timeout(5000);
 * ```
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * How far a `solveAsync` call has got: `done` of `total` probability values (B·C·D) solved, and
 * the threads it runs on.
 *
 * @example
 * ```ts
 * import type { SolveProgress } from 'rankseg';
 * const show = ({ done, total }: SolveProgress) => console.log(`${Math.round((100 * done) / total)}%`);
 * ```
 */
export interface SolveProgress {
  /** Values solved so far; grows with every finished task, ends equal to `total`. */
  readonly done: number;
  /** Values in the tensor, B·C·D. */
  readonly total: number;
  /** Threads the call runs on: 1 when it runs inline (`threads: 1`, or no worker threads). */
  readonly threads: number;
}

/**
 * Options of {@link solveAsync} and {@link ranksegAsync}: every option of `solve` (see
 * {@link RanksegOptions}) and three of their own. `solve`, `rankseg` and `RankSEG` refuse these
 * three (a RangeError naming them): they run in the calling thread.
 *
 * @example
 * ```ts
 * import type { SolveAsyncOptions } from 'rankseg';
 * const options: SolveAsyncOptions = { metric: 'iou', threads: 4, signal: AbortSignal.timeout(10_000) };
 * ```
 */
export interface SolveAsyncOptions extends RanksegOptions {
  /**
   * Threads to solve on, an integer ≥ 1 [default: the cores available, `os.availableParallelism()`
   * in Node, `navigator.hardwareConcurrency` in browsers]. 1 runs inline, in the calling thread,
   * between turns of its event loop. Where the runtime has no worker threads (Node before 20.16,
   * no `Worker`), calls run inline whatever this says. Never more threads than tasks are used.
   */
  threads?: number;
  /**
   * Called after each finished task with the values solved so far ({@link SolveProgress}): `done`
   * never decreases and the last call has `done === total`. An error it throws rejects the call.
   */
  onProgress?: (progress: SolveProgress) => void;
  /**
   * Aborts the call: it rejects with `signal.reason` (an `AbortError` DOMException unless the
   * caller gave a reason), at once, and no further task of the call starts; tasks already on a
   * worker finish there and their results are dropped.
   */
  signal?: AbortSignalLike;
}
