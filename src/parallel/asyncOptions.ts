/**
 * The options only `solveAsync` and `ranksegAsync` take, read and checked, and parted from the
 * options of `solve`.
 *
 * @module
 */

import { formatValue } from '../api/formatValue';
import type { RanksegOptions } from '../api/types';
import { ASYNC_OPTIONS } from '../solvers/catalog';
import type { AbortSignalLike, SolveProgress } from './types';

/** The async-only options, checked; `solveOptions` is everything else. */
export interface AsyncOptions {
  solveOptions: Record<string, unknown>;
  threads: number | undefined;
  onProgress: ((progress: SolveProgress) => void) | undefined;
  signal: AbortSignalLike | undefined;
}

/**
 * Parts `options` into the async-only ones (checked here) and the rest (checked by `solve`'s own
 * option reader).
 *
 * @throws TypeError for `threads` that is not a number, `onProgress` that is not a function,
 *   `signal` that is not an AbortSignal, or `options` that is not an object.
 * @throws RangeError for `threads` that is not an integer ≥ 1.
 * @example
 * ```ts
 * readAsyncOptions({ metric: 'iou', threads: 2 }); // { solveOptions: { metric: 'iou' }, threads: 2, … }
 * ```
 */
export function readAsyncOptions(options: unknown): AsyncOptions {
  if (options === undefined || options === null) {
    return { solveOptions: {}, threads: undefined, onProgress: undefined, signal: undefined };
  }
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`options must be an object; got ${formatValue(options)}`);
  }
  const given = options as RanksegOptions & Record<string, unknown>;
  const solveOptions: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!(ASYNC_OPTIONS as readonly string[]).includes(key)) solveOptions[key] = given[key];
  }
  const { threads, onProgress, signal } = given;
  if (threads !== undefined) {
    if (typeof threads !== 'number')
      throw new TypeError(`threads must be a number; got ${formatValue(threads)}`);
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`threads must be an integer >= 1; got ${formatValue(threads)}`);
    }
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`onProgress must be a function; got ${formatValue(onProgress)}`);
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(`signal must be an AbortSignal; got ${formatValue(signal)}`);
  }
  return {
    solveOptions,
    threads: threads as number | undefined,
    onProgress: onProgress as AsyncOptions['onProgress'],
    signal: signal as AbortSignalLike | undefined,
  };
}

function isAbortSignal(value: unknown): value is AbortSignalLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignalLike).aborted === 'boolean' &&
    typeof (value as AbortSignalLike).addEventListener === 'function' &&
    typeof (value as AbortSignalLike).removeEventListener === 'function'
  );
}
