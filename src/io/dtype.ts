/**
 * Element types ("dtypes") shared by the NPY and NIfTI codecs, and the element conversion that
 * writes caller data as a dtype (checked: never a silent wrap or truncation).
 *
 * @module
 */

import { decodeFloat16, float32BitsToHalf, floatToHalf } from '../kernels/float16';
import { NATIVE_LITTLE_ENDIAN, swapBytes } from './bytes';
import type { NumericData, TypedArray } from './types';

/** Element types, named as numpy names them. */
export type Dtype =
  | 'bool'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float16'
  | 'float32'
  | 'float64';

/** Every {@link Dtype}, in a fixed order. */
export const DTYPES: readonly Dtype[] = [
  'bool',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float16',
  'float32',
  'float64',
];

/**
 * The typed array a dtype decodes to: its natural array, except float16 → `Float32Array` (exact:
 * every half is a float32) and bool → `Uint8Array` of 0/1.
 */
export type DtypeData = Exclude<TypedArray, Uint8ClampedArray>;

const SIZE: Record<Dtype, number> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float16: 2,
  float32: 4,
  float64: 8,
};

/** Bytes per element of `dtype`. */
export function dtypeSize(dtype: Dtype): number {
  return SIZE[dtype];
}

/**
 * The dtype of a typed array (`Uint8ClampedArray` → uint8); plain number arrays → float64.
 *
 * @throws {TypeError} if `data` is not a typed array or an array.
 */
export function dtypeOf(data: NumericData, param = 'data'): Dtype {
  if (Array.isArray(data) || data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof BigUint64Array) return 'uint64';
  throw new TypeError(`${param} must be a typed array or an array of numbers, got ${describe(data)}`);
}

/**
 * Reads a dtype option, matched case-insensitively after trimming.
 *
 * @throws {RangeError} naming the valid dtypes when `value` is not one of `allowed`.
 */
export function parseDtype(value: unknown, param: string, allowed: readonly Dtype[] = DTYPES): Dtype {
  const key = typeof value === 'string' ? value.trim().toLowerCase() : value;
  const found = allowed.find((d) => d === key);
  if (found === undefined) {
    throw new RangeError(`${param} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return found;
}

const INT_RANGE: Partial<Record<Dtype, readonly [number, number]>> = {
  bool: [0, 1],
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

const BIG_RANGE: Partial<Record<Dtype, readonly [bigint, bigint]>> = {
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
};

/**
 * Writes `data[start..end)` as `dtype` into `out` at `outOffset`, little- or big-endian.
 * Floats round to nearest (float16 ties to even); integer dtypes accept only integers in range
 * (bool: 0 and 1) so that nothing is silently wrapped or truncated. O(end − start).
 *
 * @throws {RangeError} naming `param`, the element index and value, when a value does not fit.
 */
export function encodeElements(
  data: NumericData,
  start: number,
  end: number,
  dtype: Dtype,
  out: Uint8Array,
  outOffset: number,
  littleEndian: boolean,
  param: string,
): void {
  const size = SIZE[dtype];
  if (fastCopy(data, start, end, dtype, out, outOffset, littleEndian)) return;
  const view = new DataView(out.buffer, out.byteOffset + outOffset, (end - start) * size);
  const big = data instanceof BigInt64Array || data instanceof BigUint64Array;
  const bad = (i: number, v: number | bigint): RangeError =>
    new RangeError(`${param}[${i}] = ${v} cannot be stored as ${dtype}${rangeText(dtype)}`);
  if (dtype === 'float16' && data instanceof Float32Array) {
    // integer-only rounding from the float32 bit patterns (exact and ~10× faster than from doubles)
    const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
    for (let i = start, o = 0; i < end; i++, o += 2)
      view.setUint16(o, float32BitsToHalf(bits[i]!), littleEndian);
    return;
  }
  if (dtype === 'float16' || dtype === 'float32' || dtype === 'float64') {
    for (let i = start, o = 0; i < end; i++, o += size) {
      const v = big ? Number(data[i]!) : (data[i] as number);
      if (typeof v !== 'number') throw new TypeError(`${param}[${i}] must be a number, got ${describe(v)}`);
      if (dtype === 'float64') view.setFloat64(o, v, littleEndian);
      else if (dtype === 'float32') view.setFloat32(o, v, littleEndian);
      else view.setUint16(o, floatToHalf(v), littleEndian);
    }
    return;
  }
  const bigRange = BIG_RANGE[dtype];
  if (bigRange !== undefined) {
    const [lo, hi] = bigRange;
    for (let i = start, o = 0; i < end; i++, o += size) {
      const v = data[i]!;
      if (typeof v === 'number' && !Number.isInteger(v)) throw bad(i, v);
      const b = typeof v === 'bigint' ? v : BigInt(v);
      if (b < lo || b > hi) throw bad(i, v);
      if (dtype === 'int64') view.setBigInt64(o, b, littleEndian);
      else view.setBigUint64(o, b, littleEndian);
    }
    return;
  }
  const [lo, hi] = INT_RANGE[dtype]!;
  for (let i = start, o = 0; i < end; i++, o += size) {
    const raw = data[i]!;
    // bigint → number is exact for every value inside a ≤ 32-bit range; outside it fails the check
    const v =
      typeof raw === 'bigint' ? (raw < -(1n << 40n) || raw > 1n << 40n ? Number.NaN : Number(raw)) : raw;
    if (!Number.isInteger(v) || v < lo || v > hi) throw bad(i, raw);
    switch (dtype) {
      case 'bool':
      case 'uint8':
        view.setUint8(o, v);
        break;
      case 'int8':
        view.setInt8(o, v);
        break;
      case 'int16':
        view.setInt16(o, v, littleEndian);
        break;
      case 'uint16':
        view.setUint16(o, v, littleEndian);
        break;
      case 'int32':
        view.setInt32(o, v, littleEndian);
        break;
      default:
        view.setUint32(o, v, littleEndian);
    }
  }
}

/** Copies raw bytes when the source already is `dtype` in the requested byte order. */
function fastCopy(
  data: NumericData,
  start: number,
  end: number,
  dtype: Dtype,
  out: Uint8Array,
  outOffset: number,
  littleEndian: boolean,
): boolean {
  if (Array.isArray(data) || dtype === 'bool' || dtype === 'float16') return false;
  const typed = data as TypedArray;
  if (dtypeOf(typed) !== dtype) return false;
  const size = SIZE[dtype];
  if (size > 1 && littleEndian !== NATIVE_LITTLE_ENDIAN) return false;
  out.set(new Uint8Array(typed.buffer, typed.byteOffset + start * size, (end - start) * size), outOffset);
  return true;
}

/**
 * Decodes `count` elements of `dtype` stored in `bytes` (little- or big-endian) into a fresh
 * native typed array ({@link DtypeData}). The input is never aliased. O(count).
 *
 * @param bytes - exactly `count · dtypeSize(dtype)` bytes.
 */
export function decodeElements(bytes: Uint8Array, dtype: Dtype, littleEndian: boolean): DtypeData {
  // a fresh, aligned copy we may swap in place (the constructor copies; Node Buffer.slice would not)
  return viewElements(new Uint8Array(bytes), dtype, littleEndian);
}

/**
 * Turns bytes the caller owns into the native typed array of `dtype`, in place where it can: byte
 * order swapped in place, bool bytes normalized to 0/1 in place, the typed array a view of the same
 * memory (float16 alone needs a new `Float32Array`). O(n), no copy.
 *
 * @param own - the elements, stored with `byteOffset` a multiple of the element size; modified.
 * @example
 * ```ts
 * viewElements(new Uint8Array([0, 0, 128, 63]), 'float32', true); // Float32Array [1]
 * ```
 */
export function viewElements(own: Uint8Array, dtype: Dtype, littleEndian: boolean): DtypeData {
  const size = SIZE[dtype];
  if (size > 1 && littleEndian !== NATIVE_LITTLE_ENDIAN) swapBytes(own, size);
  const { buffer: buf, byteOffset: at } = own;
  const n = own.length / size;
  switch (dtype) {
    case 'bool': {
      for (let i = 0; i < n; i++) own[i] = own[i] === 0 ? 0 : 1; // numpy reads any nonzero byte as True
      return own;
    }
    case 'uint8':
      return own;
    case 'int8':
      return new Int8Array(buf, at, n);
    case 'int16':
      return new Int16Array(buf, at, n);
    case 'uint16':
      return new Uint16Array(buf, at, n);
    case 'int32':
      return new Int32Array(buf, at, n);
    case 'uint32':
      return new Uint32Array(buf, at, n);
    case 'int64':
      return new BigInt64Array(buf, at, n);
    case 'uint64':
      return new BigUint64Array(buf, at, n);
    case 'float32':
      return new Float32Array(buf, at, n);
    case 'float64':
      return new Float64Array(buf, at, n);
    default: {
      return decodeFloat16(new Uint16Array(buf, at, n));
    }
  }
}

function rangeText(dtype: Dtype): string {
  if (dtype === 'bool') return ' (only 0 and 1)';
  const r = INT_RANGE[dtype] ?? BIG_RANGE[dtype];
  return r === undefined ? '' : ` (integers in [${r[0]}, ${r[1]}])`;
}

/** Names a value's kind for a TypeError message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
