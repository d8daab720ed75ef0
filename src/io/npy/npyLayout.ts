/**
 * The NPY preamble and header → where the data lies and how to read it; and the raw data bytes →
 * the decoded array. Shared by the in-memory decoder, the `.npz` member reader and the Node file
 * reader, so all three apply the same checks.
 *
 * Layout: magic `\x93NUMPY`, major and minor version bytes, header length (uint16 LE in 1.0, uint32
 * LE in 2.0/3.0), the header dict (Latin-1 in 1.x/2.x, UTF-8 in 3.0), then the raw data.
 *
 * @module
 */

import type { ArrayLayout } from '../ArrayCollector';
import { latin1Decode, NATIVE_LITTLE_ENDIAN, showBytes, utf8Decode } from '../bytes';
import { type DtypeData, dtypeSize, viewElements } from '../dtype';
import { IoFormatError } from '../errors';
import { reorderFortran } from '../fortranOrder';
import { checkedProduct, type ReadLimits } from '../limits';
import { type NpyHeader, parseNpyHeader } from './npyHeader';

/** An NPY header read and checked: the array's description and where its data starts. */
export interface NpyLayout extends NpyHeader, ArrayLayout {
  /** Data bytes the header implies: count · itemSize. */
  dataBytes: number;
}

/** `\x93NUMPY` */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** numpy 2's `NPY_MAXDIMS`. */
const MAX_DIMS = 64;

/** Bytes that hold the magic, version and header length of any version. */
export const NPY_PREAMBLE_BYTES = 12;

function fail(message: string, cause?: unknown): IoFormatError {
  return new IoFormatError('npy', message, cause === undefined ? {} : { cause });
}

/**
 * Reads the NPY header from the first bytes of a file.
 *
 * @param head - the first bytes (any number).
 * @param limits - `maxHeaderBytes` bounds the header length before it is read.
 * @param fileSize - total bytes when known (to word a truncation), else undefined.
 * @returns the number of bytes needed in total when `head` is too short, else the layout.
 * @throws {IoFormatError} for wrong magic, an unsupported version or dtype, a malformed header, a
 *   header longer than `maxHeaderBytes`, more than 64 dimensions.
 * @example
 * ```ts
 * const need = parseNpyLayout(bytes.subarray(0, 12), limits); // e.g. 128: read that many, call again
 * ```
 */
export function parseNpyLayout(head: Uint8Array, limits: ReadLimits, fileSize?: number): number | NpyLayout {
  const shortFile = (needed: number): IoFormatError =>
    fail(
      `NPY data is truncated: ${fileSize} bytes, the ${needed <= 12 ? 'magic string and header length' : 'header'} need ${needed}`,
    );
  const n = head.length;
  for (let i = 0; i < MAGIC.length && i < n; i++) {
    if (head[i] !== MAGIC[i]) {
      throw fail(`not NPY data: wrong magic ${showBytes(head.subarray(0, 6))}, expected "\\x93NUMPY"`);
    }
  }
  if (n < 8) return need(8, fileSize, shortFile);
  const major = head[6]!;
  const minor = head[7]!;
  if (major < 1 || major > 3 || minor !== 0) throw fail(`unsupported NPY format version ${major}.${minor}`);
  const prefix = major === 1 ? 10 : 12;
  if (n < prefix) return need(prefix, fileSize, shortFile);
  const headerLength =
    major === 1
      ? head[8]! | (head[9]! << 8)
      : (head[8]! | (head[9]! << 8) | (head[10]! << 16) | (head[11]! << 24)) >>> 0;
  if (headerLength > limits.maxHeaderBytes) {
    throw fail(
      `NPY header is ${headerLength} bytes, more than the limit of ${limits.maxHeaderBytes} (numpy's max_header_size); ` +
        'if the file is trusted, raise it with the maxHeaderBytes option',
    );
  }
  const dataOffset = prefix + headerLength;
  if (n < dataOffset) {
    if (fileSize !== undefined && fileSize < dataOffset) {
      throw fail(
        `NPY data is truncated: the header says it is ${headerLength} bytes long, ${fileSize - prefix} bytes follow`,
      );
    }
    return dataOffset;
  }
  const headerBytes = head.subarray(prefix, dataOffset);
  let header: NpyHeader;
  try {
    const text = major === 3 ? utf8Decode(headerBytes) : latin1Decode(headerBytes);
    header = parseNpyHeader(text, NATIVE_LITTLE_ENDIAN);
  } catch (e) {
    const msg = (e as Error).message;
    throw fail(msg.startsWith('unsupported') ? `${msg} in NPY header` : `bad NPY header: ${msg}`, e);
  }
  if (header.shape.length > MAX_DIMS) {
    throw fail(
      `bad NPY header: shape has ${header.shape.length} dimensions, numpy allows at most ${MAX_DIMS}`,
    );
  }
  const itemSize = dtypeSize(header.dtype);
  const count = checkedProduct(header.shape);
  return { ...header, dataOffset, count, itemSize, dataBytes: count * itemSize };
}

function need(bytes: number, fileSize: number | undefined, shortFile: (n: number) => IoFormatError): number {
  if (fileSize !== undefined && fileSize < bytes) throw shortFile(bytes);
  return bytes;
}

/**
 * The error for data bytes that disagree with the header's shape.
 *
 * @example
 * ```ts
 * if (have !== layout.dataBytes) throw npyLengthError(layout, have);
 * ```
 */
export function npyLengthError(layout: NpyLayout, have: number): IoFormatError {
  const what = have < layout.dataBytes ? 'NPY data is truncated' : 'NPY data is longer than its header says';
  return fail(
    `${what}: shape [${layout.shape.join(', ')}] of ${layout.dtype} needs ${layout.dataBytes} data bytes, found ${have}`,
  );
}

/**
 * Turns the raw data bytes (owned by the caller, aligned) into the C-order native array: byte order
 * swapped in place, Fortran order reordered (one new buffer), bool normalized, float16 widened.
 *
 * @param raw - exactly `layout.dataBytes` bytes at byte offset 0 of their buffer; modified.
 * @example
 * ```ts
 * const data = finishNpy(raw, layout); // e.g. Float32Array viewing raw's memory
 * ```
 */
export function finishNpy(raw: Uint8Array, layout: NpyLayout): DtypeData {
  const { dtype, shape, fortranOrder, littleEndian, itemSize } = layout;
  const c = fortranOrder && shape.length > 1 ? reorderFortran(raw, itemSize, shape, 'toC') : raw;
  return viewElements(c, dtype, littleEndian);
}
