/**
 * Re-iterable sources of (prediction, labels) pairs: opened afresh for every pass over the data.
 *
 * @module
 */

import { formatValue } from '../api/formatValue';

/** One opened source: a sync or an async iterator of its tensors. */
type Opened =
  | { kind: 'sync'; iterator: Iterator<unknown> }
  | { kind: 'async'; iterator: AsyncIterator<unknown> };

/** The pairs of one pass, in order, with their position. */
export type PairIterator =
  | { kind: 'sync'; next: () => Pair | undefined }
  | { kind: 'async'; next: () => Promise<Pair | undefined> };

/** A prediction, its labels, and their position in the sources (for error messages). */
export interface Pair {
  prediction: unknown;
  label: unknown;
  /** Position in the sources, or −1 when each source is a single tensor. */
  index: number;
}

/**
 * Opens both sources for one pass and zips them. A source is a tensor (one pair), an array of
 * tensors, or a function called now that returns an iterable or async iterable of tensors (the
 * pass is async when either is). Both must give the same number of tensors.
 *
 * @throws {TypeError} a source of another kind, or a function that returns neither an iterable nor
 *   an async iterable.
 * @throws {RangeError} (from `next`) when one source ends before the other.
 * @example
 * ```ts
 * const pairs = openPairs([p0, p1], [y0, y1]);
 * if (pairs.kind === 'sync') for (let pair = pairs.next(); pair; pair = pairs.next()) use(pair);
 * ```
 */
export function openPairs(predictions: unknown, labels: unknown): PairIterator {
  const single = isTensorLike(predictions) && isTensorLike(labels);
  const p = open(predictions, 'predictions');
  const l = open(labels, 'labels');
  let index = 0;
  const zip = (a: IteratorResult<unknown>, b: IteratorResult<unknown>): Pair | undefined => {
    if (a.done && b.done) return undefined;
    if (a.done || b.done) {
      const [shorter, longer] = a.done ? ['predictions', 'labels'] : ['labels', 'predictions'];
      throw new RangeError(`${shorter} ended after ${index} tensor(s) but ${longer} has more`);
    }
    return { prediction: a.value, label: b.value, index: single ? -1 : index++ };
  };
  if (p.kind === 'sync' && l.kind === 'sync') {
    return { kind: 'sync', next: () => zip(p.iterator.next(), l.iterator.next()) };
  }
  return {
    kind: 'async',
    next: async () => zip(await p.iterator.next(), await l.iterator.next()),
  };
}

/** A tensor rather than a list of them or a function: an object with `data` that is no array. */
function isTensorLike(source: unknown): boolean {
  return typeof source === 'object' && source !== null && !Array.isArray(source) && 'data' in source;
}

function open(source: unknown, name: string): Opened {
  if (typeof source === 'function') {
    const made: unknown = source();
    if (typeof made === 'object' && made !== null) {
      if (Symbol.asyncIterator in made) {
        return { kind: 'async', iterator: (made as AsyncIterable<unknown>)[Symbol.asyncIterator]() };
      }
      if (Symbol.iterator in made) {
        return { kind: 'sync', iterator: (made as Iterable<unknown>)[Symbol.iterator]() };
      }
    }
    throw new TypeError(
      `${name}() must return an iterable or async iterable of tensors; got ${formatValue(made)}`,
    );
  }
  if (Array.isArray(source)) return { kind: 'sync', iterator: source[Symbol.iterator]() };
  if (isTensorLike(source)) return { kind: 'sync', iterator: [source][Symbol.iterator]() };
  throw new TypeError(
    `${name} must be a tensor { data, shape }, an array of tensors, or a function returning an (async) iterable of them; got ${formatValue(source)}`,
  );
}
