/**
 * Shape validation shared by the encoders.
 *
 * @module
 */

import { describe } from './dtype';
import type { ArrayInput, NumericData } from './types';

/**
 * Checks that `shape` is an array of non-negative safe integers and returns a copy.
 *
 * @throws {TypeError} if `shape` is not an array.
 * @throws {RangeError} naming the first bad entry, or when the element count is not a safe integer.
 */
export function checkShape(shape: unknown, param: string): number[] {
  if (!Array.isArray(shape))
    throw new TypeError(`${param} must be an array of integers, got ${describe(shape)}`);
  let size = 1;
  const out: number[] = [];
  for (let k = 0; k < shape.length; k++) {
    const d: unknown = shape[k];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${param}[${k}] must be a non-negative integer, got ${String(d)}`);
    }
    size *= d;
    out.push(d);
  }
  if (!Number.isSafeInteger(size)) throw new RangeError(`${param} [${out.join(', ')}] has too many elements`);
  return out;
}

/** Number of elements of a shape: the product of its entries (1 for `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** True for the numeric storage the encoders accept (typed arrays other than DataView, arrays). */
export function isNumericData(data: unknown): data is NumericData {
  return Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView));
}

/**
 * Validates an {@link ArrayInput} at a public boundary: numeric `data`, a `shape` (or `dims`) of
 * non-negative integers whose product is `data.length`.
 *
 * @throws {TypeError} if `array` is not an object with numeric `data` and `shape`/`dims`.
 * @throws {RangeError} if the shape is invalid or disagrees with `data.length`.
 */
export function readArrayInput(array: unknown, param: string): { data: NumericData; shape: number[] } {
  if (typeof array !== 'object' || array === null) {
    throw new TypeError(`${param} must be an object { data, shape }, got ${describe(array)}`);
  }
  const { data } = array as { data?: unknown };
  if (!isNumericData(data)) {
    throw new TypeError(`${param}.data must be a typed array or an array of numbers, got ${describe(data)}`);
  }
  const rawShape =
    'shape' in array ? (array as ArrayInput & { shape: unknown }).shape : (array as { dims?: unknown }).dims;
  const name = 'shape' in array ? `${param}.shape` : `${param}.dims`;
  if (rawShape === undefined) throw new TypeError(`${param} must have a shape (or dims) array`);
  const shape = checkShape(rawShape, name);
  const size = shapeSize(shape);
  if (size !== data.length) {
    throw new RangeError(
      `${param}.data.length (${data.length}) must equal the product of ${name} [${shape.join(', ')}] (${size})`,
    );
  }
  return { data, shape };
}
