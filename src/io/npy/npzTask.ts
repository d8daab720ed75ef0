/**
 * The NPZ reader as a {@link ReadTask}: the zip central directory parsed strictly, each member's
 * local header checked against it, stored members read straight into their arrays, deflated
 * members inflated into an array sized from their NPY header, every member's CRC-32 and sizes
 * verified.
 *
 * @module
 */

import { ArrayCollector } from '../ArrayCollector';
import { crc32 } from '../checksum/crc32';
import { IoFormatError } from '../errors';
import { RawInflater } from '../inflate/RawInflater';
import { StreamError } from '../inflate/StreamError';
import { allocateElements, maxInflatedSize, type ReadLimits, tooManyBytes } from '../limits';
import { type ReadTask, streamRange } from '../readTask';
import {
  applyZip64,
  DESCRIPTOR_SIGNATURE,
  type EndRecord,
  EOCD_SEARCH_BYTES,
  findEndRecord,
  LOCAL_HEADER_BYTES,
  LOCAL_SIGNATURE,
  parseCentralDirectory,
  readZip64End,
  readZip64Locator,
  u16,
  u32,
  u64,
  ZIP64_EOCD_BYTES,
  ZIP64_LOCATOR_BYTES,
  type ZipEntry,
} from '../zip/zipDirectory';
import { finishNpy, type NpyLayout, npyLengthError, parseNpyLayout } from './npyLayout';
import type { NpyArray } from './npyTask';
import { npyTask } from './npyTask';

/** The members of an archive and where its central directory starts (no member data lies past it). */
export interface ZipDirectory {
  entries: ZipEntry[];
  cdOffset: number;
}

/** Most members an archive may list (numpy writes one per array). */
const MAX_ENTRIES = 1 << 20;

function archiveError(message: string, cause?: unknown): IoFormatError {
  return new IoFormatError('npz', `NPZ archive ${message}`, cause === undefined ? {} : { cause });
}

/**
 * Reads the central directory of a zip archive of `size` bytes.
 *
 * @throws {IoFormatError} (format `'npz'`) when the bytes are not a zip archive or the directory is
 *   inconsistent (see `parseCentralDirectory`).
 * @example
 * ```ts
 * const { entries } = yield* zipDirectoryTask(fileSize);
 * ```
 */
export function* zipDirectoryTask(size: number): ReadTask<ZipDirectory> {
  const magic = yield { at: 0, length: 4 };
  const zipMagic =
    magic.length === 4 && magic[0] === 0x50 && magic[1] === 0x4b && (magic[2] === 3 || magic[2] === 5);
  if (!zipMagic || !(magic[3] === 4 || magic[3] === 6)) {
    const shown = Array.from(magic, (b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`,
    ).join('');
    throw new IoFormatError(
      'npz',
      `not NPZ data: wrong magic "${shown}", expected a zip archive ("PK\\x03\\x04")`,
    );
  }
  try {
    const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES);
    let end: EndRecord = findEndRecord(yield { at: tailStart, length: size - tailStart }, tailStart, size);
    if (end.needsZip64) {
      if (end.at < ZIP64_LOCATOR_BYTES)
        throw new Error('the end record needs a zip64 locator, which is missing');
      const recordAt = readZip64Locator(
        yield { at: end.at - ZIP64_LOCATOR_BYTES, length: ZIP64_LOCATOR_BYTES },
      );
      if (recordAt + ZIP64_EOCD_BYTES > end.at - ZIP64_LOCATOR_BYTES) {
        throw new Error('the zip64 locator points outside the archive');
      }
      end = readZip64End(yield { at: recordAt, length: ZIP64_EOCD_BYTES }, recordAt);
    }
    if (end.entries > MAX_ENTRIES) throw new Error(`lists ${end.entries} members, more than ${MAX_ENTRIES}`);
    if (end.cdOffset + end.cdSize !== end.at) {
      throw new Error(
        `central directory (offset ${end.cdOffset}, ${end.cdSize} bytes) does not end where the end record starts (${end.at})`,
      );
    }
    const entries = parseCentralDirectory(yield { at: end.cdOffset, length: end.cdSize }, end);
    return { entries, cdOffset: end.cdOffset };
  } catch (e) {
    if (e instanceof IoFormatError) throw e;
    throw archiveError(`is corrupt or truncated: ${(e as Error).message}`, e);
  }
}

/**
 * Reads the `.npy` members of an archive of `size` bytes into arrays keyed by name without `.npy`.
 *
 * @param pick - chooses which arrays to read from all the array names (default: all).
 * @throws {IoFormatError} (format `'npz'`) for a corrupt archive or member (see {@link npzMemberTask}).
 * @example
 * ```ts
 * const arrays = runInMemory(bytes, npzTask(bytes.length, limits));
 * ```
 */
export function* npzTask(
  size: number,
  limits: ReadLimits,
  pick: (names: string[]) => string[] = (names) => names,
): ReadTask<Record<string, NpyArray>> {
  const dir = yield* zipDirectoryTask(size);
  // every member's local header must agree with the directory, read or not: a name garbled in
  // one of the two would otherwise turn an array member into a skipped one
  for (const entry of dir.entries) {
    yield* localHeaderTask(
      entry,
      dir,
      (message) => new IoFormatError('npz', `NPZ member "${entry.name}": ${message}`),
    );
  }
  const arrays = dir.entries.filter((e) => e.name.endsWith('.npy'));
  const wanted = new Set(pick(arrays.map((e) => e.name.slice(0, -4))));
  const out: Record<string, NpyArray> = Object.create(null);
  const budget = { left: limits.maxBytes };
  for (const entry of arrays) {
    const key = entry.name.slice(0, -4);
    if (wanted.has(key)) out[key] = yield* npzMemberTask(entry, dir, limits, budget);
  }
  return out;
}

/**
 * Reads one member: local header checked against the central directory, data read or inflated,
 * CRC-32 and sizes (and the data descriptor, when flag bit 3 says there is one) verified.
 *
 * @param budget - inflated bytes still allowed (`maxBytes` minus earlier members); decreased.
 * @throws {IoFormatError} (format `'npz'`) naming the member and the problem.
 * @example
 * ```ts
 * const array = yield* npzMemberTask(entry, dir, limits, { left: limits.maxBytes });
 * ```
 */
export function* npzMemberTask(
  entry: ZipEntry,
  dir: ZipDirectory,
  limits: ReadLimits,
  budget: { left: number },
): ReadTask<NpyArray> {
  const fail = (message: string, cause?: unknown): IoFormatError =>
    new IoFormatError('npz', `NPZ member "${entry.name}": ${message}`, cause === undefined ? {} : { cause });
  try {
    if (entry.flags & 1) throw fail('encrypted members are not supported');
    if (entry.method !== 0 && entry.method !== 8) {
      throw fail(
        `compression method ${entry.method} is not supported (numpy writes 0, stored, or 8, deflate)`,
      );
    }
    const local = yield* localHeaderTask(entry, dir, fail);
    let crc = 0;
    let array: NpyArray;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) {
        throw fail(
          `stored, yet its compressed size ${entry.compressedSize} differs from its size ${entry.size}`,
        );
      }
      array = yield* npyTask(local.dataStart, entry.size, limits, (header, data) => {
        crc = crc32(data, crc32(header));
      });
    } else {
      const inflated = yield* inflateMemberTask(entry, local.dataStart, limits, budget, fail);
      crc = inflated.crc;
      array = inflated.array;
    }
    if (crc !== entry.crc) {
      throw fail(`bad CRC-32 (the directory says ${hex(entry.crc)}, the data gives ${hex(crc)})`);
    }
    if (entry.flags & 8)
      yield* descriptorTask(entry, local.dataStart + entry.compressedSize, local.zip64, fail);
    return array;
  } catch (e) {
    if (e instanceof IoFormatError) {
      if (e.format === 'npz') throw e;
      throw fail(e.message, e); // the NPY problem inside the member
    }
    if (e instanceof StreamError) throw fail(e.message, e);
    throw e;
  }
}

/** Reads and checks the local header; returns where the data starts and whether it uses zip64. */
function* localHeaderTask(
  entry: ZipEntry,
  dir: ZipDirectory,
  fail: (message: string) => IoFormatError,
): ReadTask<{ dataStart: number; zip64: boolean }> {
  const fixed = (yield { at: entry.localOffset, length: LOCAL_HEADER_BYTES }).slice();
  if (fixed.length < LOCAL_HEADER_BYTES || u32(fixed, 0) !== LOCAL_SIGNATURE) {
    throw fail(`no local header at offset ${entry.localOffset}, where the central directory points`);
  }
  const flags = u16(fixed, 6);
  const method = u16(fixed, 8);
  const nameLength = u16(fixed, 26);
  const extraLength = u16(fixed, 28);
  const rest = yield { at: entry.localOffset + LOCAL_HEADER_BYTES, length: nameLength + extraLength };
  if (rest.length < nameLength + extraLength) throw fail('the local header is truncated');
  const name = rest.subarray(0, nameLength);
  if (name.length !== entry.nameBytes.length || name.some((b, i) => b !== entry.nameBytes[i])) {
    throw fail('the local header names another file than the central directory');
  }
  if (method !== entry.method) {
    throw fail(`the local header says compression method ${method}, the central directory ${entry.method}`);
  }
  if ((flags ^ entry.flags) & 0x0809) {
    throw fail(
      'the local header and the central directory disagree on the encryption/descriptor/UTF-8 flags',
    );
  }
  const sizes = { size: u32(fixed, 22), compressedSize: u32(fixed, 18) };
  let zip64: boolean;
  try {
    zip64 = applyZip64(sizes, rest.subarray(nameLength), false, 'local header');
  } catch (e) {
    throw fail((e as Error).message);
  }
  const crc = u32(fixed, 14);
  const deferred = (flags & 8) !== 0; // with a data descriptor the local fields may be zero
  const agrees = (local: number, central: number) => local === central || (deferred && local === 0);
  if (!agrees(crc, entry.crc))
    throw fail(`the local header says CRC-32 ${hex(crc)}, the central directory ${hex(entry.crc)}`);
  if (!agrees(sizes.size, entry.size) || !agrees(sizes.compressedSize, entry.compressedSize)) {
    throw fail(
      `the local header says ${sizes.compressedSize} → ${sizes.size} bytes, the central directory ${entry.compressedSize} → ${entry.size}`,
    );
  }
  const dataStart = entry.localOffset + LOCAL_HEADER_BYTES + nameLength + extraLength;
  if (dataStart + entry.compressedSize > dir.cdOffset) {
    throw fail(`its ${entry.compressedSize} data bytes run past the start of the central directory`);
  }
  return { dataStart, zip64 };
}

/** Inflates a deflated member into an array sized from its NPY header. */
function* inflateMemberTask(
  entry: ZipEntry,
  dataStart: number,
  limits: ReadLimits,
  budget: { left: number },
  fail: (message: string) => IoFormatError,
): ReadTask<{ array: NpyArray; crc: number }> {
  const { size, compressedSize } = entry;
  if (size > maxInflatedSize(compressedSize)) {
    throw fail(
      `declares ${size} bytes from ${compressedSize} compressed bytes, more than deflate can produce`,
    );
  }
  if (size > budget.left) throw tooManyBytes('npz', `NPZ member "${entry.name}"`, size, limits.maxBytes);
  budget.left -= size;
  const collector = new ArrayCollector<NpyLayout>(
    (count, itemSize) => allocateElements('npy', count, itemSize, limits.shared),
    (head) => parseNpyLayout(head, limits),
    (layout) => {
      // the member's size is what the directory declares: the NPY header must account for it exactly
      if (layout.dataOffset + layout.dataBytes !== size)
        throw npyLengthError(layout, size - layout.dataOffset);
    },
  );
  let produced = 0;
  let crc = 0;
  const inflater = new RawInflater(
    (piece) => {
      produced += piece.length;
      if (produced > size) throw fail(`inflates to more than the ${size} bytes the zip directory declares`);
      crc = crc32(piece, crc);
      collector.write(piece);
    },
    () => size - produced,
  );
  let used = 0;
  const got = yield* streamRange(dataStart, dataStart + compressedSize, (chunk) => {
    if (!inflater.done) used += inflater.push(chunk);
  });
  if (got < compressedSize) throw fail(`the archive ends inside its ${compressedSize} compressed bytes`);
  inflater.finish();
  if (used < compressedSize) {
    throw fail(`${compressedSize - used} bytes follow the end of its deflate stream`);
  }
  if (produced < size) throw fail(`inflates to ${produced} bytes, the zip directory declares ${size}`);
  const layout = collector.layout;
  if (layout === undefined || !collector.complete) {
    throw fail(`NPY data is truncated: the member's ${size} bytes end inside its NPY header`);
  }
  return {
    array: { data: finishNpy(collector.data!, layout), shape: layout.shape, dtype: layout.dtype },
    crc,
  };
}

/** Checks the data descriptor after the member's data against the central directory. */
function* descriptorTask(
  entry: ZipEntry,
  at: number,
  zip64: boolean,
  fail: (message: string) => IoFormatError,
): ReadTask<void> {
  const d = yield { at, length: 24 };
  const skip = d.length >= 4 && u32(d, 0) === DESCRIPTOR_SIGNATURE ? 4 : 0;
  const need = skip + (zip64 ? 20 : 12);
  if (d.length < need) throw fail('the data descriptor is truncated');
  const crc = u32(d, skip);
  const compressed = zip64 ? u64(d, skip + 4) : u32(d, skip + 4);
  const size = zip64 ? u64(d, skip + 12) : u32(d, skip + 8);
  if (crc !== entry.crc || compressed !== entry.compressedSize || size !== entry.size) {
    throw fail('the data descriptor disagrees with the central directory');
  }
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}
