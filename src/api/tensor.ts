import type { FloatArray } from '../kernels/types';
import { describe } from './describe';

/** Validated probabilities, flattened to `[B, C, D]` (D = product of the spatial dimensions). */
export interface ProbabilityView {
  data: FloatArray;
  batch: number;
  classes: number;
  /** Pixels per image and class. */
  pixels: number;
  spatialShape: number[];
}

/**
 * Reads and validates a probability tensor `{data, shape}` or `{data, dims}` (DESIGN §2).
 * Fields are read with `in` and property access only, so tensors whose fields are getters (behind
 * a Proxy, as in transformers.js) work. `Float32Array`/`Float64Array` data are used in place;
 * `number[]` is copied once into a Float64Array.
 *
 * @throws TypeError when `probs` is not an object with a numeric array `data` and a `shape`/`dims`.
 * @param checkValues - false when the caller validates the values in a pass of its own
 *   (see {@link invalidValueError}).
 * @throws RangeError for fewer than 3 dimensions, a zero or non-integer dimension, a length that
 *   disagrees with the shape, or a value that is NaN, infinite or outside [0, 1].
 */
export function readProbabilities(probs: unknown, name = 'probs', checkValues = true): ProbabilityView {
  if (typeof probs !== 'object' || probs === null) {
    throw new TypeError(
      `${name} must be an object with \`data\` and \`shape\` (or \`dims\`); got ${describe(probs)}`,
    );
  }
  if (!('data' in probs)) throw new TypeError(`${name} has no \`data\` field`);
  const shape = readShape(probs, name);
  const data = readData((probs as { data: unknown }).data, name);

  if (shape.length < 3) {
    throw new RangeError(
      `${name} must have shape [B, C, ...spatial] (at least 3 dimensions); got shape [${shape.join(', ')}]`,
    );
  }
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const n = shape[i]!;
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`${name} shape[${i}] must be a non-negative integer; got ${describe(n)}`);
    }
    size *= n;
  }
  if (size === 0) throw new RangeError(`${name} shape [${shape.join(', ')}] has a zero dimension`);
  if (data.length !== size) {
    throw new RangeError(
      `${name}.data has ${data.length} values but shape [${shape.join(', ')}] needs ${size}`,
    );
  }
  if (checkValues) checkProbabilities(data, name);
  const spatialShape = shape.slice(2);
  return { data, batch: shape[0]!, classes: shape[1]!, pixels: size / (shape[0]! * shape[1]!), spatialShape };
}

function readShape(probs: object, name: string): number[] {
  const shape = 'shape' in probs ? probs.shape : 'dims' in probs ? probs.dims : undefined;
  if (shape === undefined) throw new TypeError(`${name} has neither \`shape\` nor \`dims\``);
  if (!Array.isArray(shape)) {
    throw new TypeError(`${name} shape must be an array of integers; got ${describe(shape)}`);
  }
  for (let i = 0; i < shape.length; i++) {
    if (typeof shape[i] !== 'number') {
      throw new TypeError(`${name} shape[${i}] must be a number; got ${describe(shape[i])}`);
    }
  }
  return shape as number[];
}

function readData(data: unknown, name: string): FloatArray {
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  if (Array.isArray(data)) {
    const copy = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number')
        throw new TypeError(`${name}.data[${i}] must be a number; got ${describe(v)}`);
      copy[i] = v;
    }
    return copy;
  }
  throw new TypeError(`${name}.data must be a Float32Array, Float64Array or number[]; got ${describe(data)}`);
}

/** One pass: every value finite and in [0, 1]; `!(p >= 0 && p <= 1)` also catches NaN. */
function checkProbabilities(data: FloatArray, name: string): void {
  for (let i = 0; i < data.length; i++) {
    const p = data[i]!;
    if (!(p >= 0 && p <= 1)) throw invalidValueError(name, i, p);
  }
}

/** The error for a value that is not a probability, at flat index `index`. */
export function invalidValueError(name: string, index: number, value: number): RangeError {
  const what = Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? `${value}, outside [0, 1]` : `${value}`;
  return new RangeError(`${name}.data[${index}] is ${what}; probabilities must be finite numbers in [0, 1]`);
}
