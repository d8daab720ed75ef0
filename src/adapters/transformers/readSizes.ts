import { formatValue } from '../../api/formatValue';

/**
 * Reads `[height, width]`: two positive integers. O(1).
 *
 * @throws TypeError when `value` is not an array of two numbers; RangeError when they are not
 *   positive integers.
 * @example
 * ```ts
 * readHeightWidth([480, 640], 'targetSizes[0]'); // [480, 640]
 * ```
 */
export function readHeightWidth(value: unknown, name: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${name} must be [height, width]; got ${formatValue(value)}`);
  }
  const [h, w] = value as unknown[];
  if (typeof h !== 'number' || typeof w !== 'number') {
    throw new TypeError(`${name} must hold two numbers; got ${formatValue(value)}`);
  }
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`${name} must be two positive integers; got ${formatValue(value)}`);
  }
  return [h, w];
}

/**
 * Reads a list of `[height, width]`, one per image. O(count).
 *
 * @throws TypeError when `value` is not an array; RangeError when its length is not `count`, or
 *   for an entry as {@link readHeightWidth}.
 * @example
 * ```ts
 * readSizeList([[480, 640]], 1, 'targetSizes'); // [[480, 640]]
 * ```
 */
export function readSizeList(value: unknown, count: number, name: string): [number, number][] {
  if (!Array.isArray(value))
    throw new TypeError(`${name} must be an array of [height, width]; got ${formatValue(value)}`);
  if (value.length !== count) {
    throw new RangeError(`${name} has ${value.length} entries but the batch has ${count} images`);
  }
  return value.map((entry, i) => readHeightWidth(entry, `${name}[${i}]`));
}
