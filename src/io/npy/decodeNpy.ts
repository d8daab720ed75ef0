/**
 * NPY reader.
 *
 * @module
 */

import { latin1Decode, NATIVE_LITTLE_ENDIAN, showBytes, utf8Decode } from '../bytes';
import { type Dtype, type DtypeData, decodeElements, dtypeSize } from '../dtype';
import { IoFormatError } from '../errors';
import { reorderFortran } from '../fortranOrder';
import { shapeSize } from '../shape';
import { parseNpyHeader } from './npyHeader';

/** A decoded `.npy` array: C-order data in its natural typed array. */
export interface NpyArray {
  /**
   * float16 → `Float32Array`, float32 → `Float32Array`, float64 → `Float64Array`, (u)int8/16/32 →
   * `(Ui|I)nt{8,16,32}Array`, (u)int64 → `Big(Ui|I)nt64Array`, bool → `Uint8Array` of 0/1.
   */
  data: DtypeData;
  /** Dimensions (C order; `[]` for a 0-d array). */
  shape: number[];
  /** The element type stored in the file. */
  dtype: Dtype;
}

/** `\x93NUMPY` */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * Decodes NPY bytes (format versions 1.0, 2.0 and 3.0).
 *
 * Big-endian data is converted to native order and Fortran-order data is reordered to C order,
 * so `data[i]` is always element i in C order of `shape`. The input is never aliased. O(n).
 *
 * Layout: magic `\x93NUMPY`, major and minor version bytes, header length (uint16 LE in 1.0, uint32
 * LE in 2.0/3.0), the header dict (Latin-1 in 1.x/2.x, UTF-8 in 3.0), then the raw data.
 *
 * @param bytes - the whole file.
 * @returns `{ data, shape, dtype }`.
 * @throws {IoFormatError} (format `'npy'`) for wrong magic, an unsupported version or dtype
 *   (complex, string, object, structured…), a malformed header, and data shorter or longer than
 *   the header's shape requires; the message says which.
 * @example
 * ```ts
 * import { decodeNpy, encodeNpy } from 'rankseg/io';
 * const { data, shape, dtype } = decodeNpy(encodeNpy({ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }));
 * // data: Float32Array [1, 2, 3, 4], shape: [2, 2], dtype: 'float32'
 * ```
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  const fail = (message: string, cause?: unknown): IoFormatError =>
    new IoFormatError('npy', message, cause === undefined ? {} : { cause });
  if (bytes.length < 10) {
    throw fail(`NPY data is truncated: ${bytes.length} bytes, the magic string and header length need 10`);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw fail(`not NPY data: wrong magic ${showBytes(bytes.subarray(0, 6))}, expected "\\x93NUMPY"`);
    }
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) throw fail(`unsupported NPY format version ${major}.${minor}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenSize) throw fail(`NPY data is truncated inside the header length field`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lenSize;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) {
    throw fail(
      `NPY data is truncated: the header says it is ${headerLength} bytes long, ${bytes.length - headerStart} bytes follow`,
    );
  }
  const headerBytes = bytes.subarray(headerStart, dataStart);
  let header: ReturnType<typeof parseNpyHeader>;
  try {
    const text = major === 3 ? utf8Decode(headerBytes) : latin1Decode(headerBytes);
    header = parseNpyHeader(text, NATIVE_LITTLE_ENDIAN);
  } catch (e) {
    const msg = (e as Error).message;
    throw fail(msg.startsWith('unsupported') ? `${msg} in NPY header` : `bad NPY header: ${msg}`, e);
  }
  const { dtype, littleEndian, fortranOrder, shape } = header;
  const size = dtypeSize(dtype);
  const need = shapeSize(shape) * size;
  const have = bytes.length - dataStart;
  if (need !== have) {
    const what = have < need ? 'NPY data is truncated' : 'NPY data is longer than its header says';
    throw fail(`${what}: shape [${shape.join(', ')}] of ${dtype} needs ${need} data bytes, found ${have}`);
  }
  let raw = bytes.subarray(dataStart);
  if (fortranOrder && shape.length > 1) raw = reorderFortran(raw, size, shape, 'toC');
  return { data: decodeElements(raw, dtype, littleEndian), shape, dtype };
}
