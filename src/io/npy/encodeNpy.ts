/**
 * NPY writer.
 *
 * @module
 */

import { concatChunks } from '../bytes';
import { type Dtype, dtypeOf, dtypeSize, encodeElements, parseDtype } from '../dtype';
import { reorderFortran } from '../fortranOrder';
import { readArrayInput } from '../shape';
import type { ArrayInput, NumericData } from '../types';
import { formatNpyHeader } from './npyHeader';

/** Options of {@link encodeNpy}. */
export interface NpyEncodeOptions {
  /**
   * Element type written; default: the data's own (`Float32Array` → float32, number[] → float64,
   * `Uint8ClampedArray` → uint8…). Use it to write float32 data as float16 (half the bytes) or labels
   * as uint8. Integer dtypes accept only integers in range; bool only 0 and 1.
   */
  dtype?: Dtype;
  /** Element order in the file: `'C'` [default] or `'F'` (Fortran). The input is always C order. */
  order?: 'C' | 'F';
  /** Byte order of multi-byte elements: `'little'` [default] or `'big'`. */
  endianness?: 'little' | 'big';
  /** Format version; default 1 when the header fits in 65535 bytes, else 2 (as numpy chooses). */
  version?: 1 | 2 | 3;
}

/** A validated write plan shared by {@link encodeNpy} and {@link encodeNpyChunks}. */
interface NpyPlan {
  data: NumericData;
  shape: number[];
  dtype: Dtype;
  littleEndian: boolean;
  fortran: boolean;
  header: Uint8Array;
}

/**
 * Encodes a C-order array as NPY bytes, exactly as `numpy.save` writes the same array (same header
 * text, spare spaces and 64-byte padding), so files are byte-identical to numpy's.
 *
 * Header: `\x93NUMPY`, version (1, 0), uint16 LE header length (uint32 LE in 2.0/3.0), then the dict
 * text padded with spaces and ended by `\n` so that data starts at a multiple of 64 bytes. O(n).
 *
 * @param array - `{ data, shape }` (or `dims`), C order; not modified.
 * @param options - dtype override, file order, byte order, version.
 * @throws {TypeError} if `array` is not `{ data, shape }` with numeric data.
 * @throws {RangeError} if `data.length` ≠ product of shape, an option is invalid, or a value does
 *   not fit the dtype (e.g. 300 as uint8, 0.5 as int16).
 * @example
 * ```ts
 * import { encodeNpy } from 'rankseg/io';
 * const bytes = encodeNpy({ data: new Float32Array([0.25, 0.75]), shape: [1, 2] }, { dtype: 'float16' });
 * bytes.length; // 132: a 128-byte header, then 2 × 2 data bytes
 * ```
 */
export function encodeNpy(array: ArrayInput, options: NpyEncodeOptions = {}): Uint8Array {
  return concatChunks(encodeNpyChunks(array, options, Number.POSITIVE_INFINITY));
}

/**
 * The NPY encoding of {@link encodeNpy} as a sequence of chunks: the header first, then the data
 * in blocks of `blockElements` elements, each converted when it is requested. The Node layer
 * streams these into a temporary file, so a value that fails conversion midway aborts the write.
 *
 * Validation of the array and options happens at the first `next()`.
 *
 * @param blockElements - elements per data chunk (default 2^20).
 * @throws as {@link encodeNpy}, from `next()`.
 * @example
 * ```ts
 * const parts = [...encodeNpyChunks({ data: [1, 2, 3], shape: [3] }, {}, 2)]; // header, [1, 2], [3]
 * ```
 */
export function* encodeNpyChunks(
  array: ArrayInput,
  options: NpyEncodeOptions = {},
  blockElements = 1 << 20,
): Generator<Uint8Array, void, undefined> {
  const plan = planNpy(array, options);
  yield plan.header;
  const { data, shape, dtype, littleEndian, fortran } = plan;
  const size = dtypeSize(dtype);
  const n = data.length;
  if (fortran && shape.length > 1) {
    const c = new Uint8Array(n * size);
    encodeElements(data, 0, n, dtype, c, 0, littleEndian, 'array.data');
    yield reorderFortran(c, size, shape, 'toFortran');
    return;
  }
  const block = Math.max(1, Math.floor(blockElements));
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    const out = new Uint8Array((end - start) * size);
    encodeElements(data, start, end, dtype, out, 0, littleEndian, 'array.data');
    yield out;
  }
}

function planNpy(array: ArrayInput, options: NpyEncodeOptions): NpyPlan {
  const { data, shape } = readArrayInput(array, 'array');
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const dtype =
    options.dtype === undefined ? dtypeOf(data, 'array.data') : parseDtype(options.dtype, 'options.dtype');
  const order = choose(options.order, ['C', 'F'], 'C', 'options.order');
  const endianness = choose(options.endianness, ['little', 'big'], 'little', 'options.endianness');
  const littleEndian = endianness === 'little';
  const fortran = order === 'F';
  const text = formatNpyHeader(dtype, littleEndian, fortran, shape);
  let version = options.version;
  if (version !== undefined && version !== 1 && version !== 2 && version !== 3) {
    throw new RangeError(`options.version must be 1, 2 or 3; got ${String(version)}`);
  }
  // numpy pads with 1…64 spaces so that prefix + text + pad + '\n' is a multiple of 64 (ARRAY_ALIGN)
  const lengthFor = (prefix: number): number => text.length + 1 + (64 - ((prefix + text.length + 1) % 64));
  // the header text is ASCII, so 1.0 serves unless its length overflows the uint16 field
  const fits1 = lengthFor(10) <= 0xffff;
  if (version === undefined) version = fits1 ? 1 : 2;
  if (version === 1 && !fits1)
    throw new RangeError('options.version 1 cannot hold a header this long; use 2');
  const prefix = version === 1 ? 10 : 12;
  const headerLength = lengthFor(prefix);
  const header = new Uint8Array(prefix + headerLength);
  header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(header.buffer);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < text.length; i++) header[prefix + i] = text.charCodeAt(i);
  header.fill(0x20, prefix + text.length, header.length - 1);
  header[header.length - 1] = 0x0a;
  return { data, shape, dtype, littleEndian, fortran, header };
}

function choose<T extends string>(value: unknown, allowed: readonly T[], fallback: T, param: string): T {
  if (value === undefined) return fallback;
  const key = typeof value === 'string' ? value.trim().toLowerCase() : value;
  const found = allowed.find((a) => a.toLowerCase() === key);
  if (found === undefined) {
    throw new RangeError(
      `${param} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${JSON.stringify(value)}`,
    );
  }
  return found;
}
