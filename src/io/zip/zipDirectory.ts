/**
 * The zip central directory (PKWARE APPNOTE 4.3): end record, zip64 end record and locator, and
 * the file headers, parsed strictly so that no member can hide: every length must stay inside the
 * directory, the headers must fill it exactly, and their count must match the end record.
 *
 * Problems are thrown as `Error`s whose message the caller puts into an `IoFormatError`.
 *
 * @module
 */

import { latin1Decode, utf8Decode } from '../bytes';

/** One member as the central directory lists it (zip64 sizes resolved). */
export interface ZipEntry {
  /** Name, decoded (UTF-8 when flag bit 11 is set, else Latin-1). */
  name: string;
  /** Name as stored, to compare with the local header. */
  nameBytes: Uint8Array;
  /** General-purpose flags: bit 0 encrypted, bit 3 sizes in a data descriptor, bit 11 UTF-8. */
  flags: number;
  /** Compression method: 0 stored, 8 deflate. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's local header. */
  localOffset: number;
}

/** Where the central directory is, as the end record (or its zip64 form) says. */
export interface EndRecord {
  entries: number;
  cdOffset: number;
  cdSize: number;
  /** Offset of the end of central directory record. */
  at: number;
  /** True when a field is 0xFFFF/0xFFFFFFFF: the zip64 locator (20 bytes before) has the values. */
  needsZip64: boolean;
}

export const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
export const LOCAL_SIGNATURE = 0x04034b50;
export const DESCRIPTOR_SIGNATURE = 0x08074b50;

/** End record (22 bytes) plus the longest comment. */
export const EOCD_SEARCH_BYTES = 22 + 0xffff;
/** Size of the zip64 end-of-central-directory locator. */
export const ZIP64_LOCATOR_BYTES = 20;
/** Size of the zip64 end-of-central-directory record without its extensible data. */
export const ZIP64_EOCD_BYTES = 56;
/** Size of a local file header without name and extra field. */
export const LOCAL_HEADER_BYTES = 30;

export function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

export function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** A little-endian uint64 as a number. @throws {Error} above 2^53. */
export function u64(b: Uint8Array, o: number): number {
  const hi = u32(b, o + 4);
  if (hi >= 2 ** 21) throw new Error('a 64-bit size or offset exceeds 2^53');
  return hi * 2 ** 32 + u32(b, o);
}

/**
 * Finds the end of central directory record in the last bytes of the archive: the last signature
 * whose comment reaches exactly the end of the file.
 *
 * @param tail - the last bytes of the file (up to {@link EOCD_SEARCH_BYTES}).
 * @param tailStart - offset of `tail` in the file.
 * @param fileSize - size of the file.
 * @throws {Error} when there is none, or it describes a multi-disk archive.
 */
export function findEndRecord(tail: Uint8Array, tailStart: number, fileSize: number): EndRecord {
  for (let p = tail.length - 22; p >= 0; p--) {
    if (u32(tail, p) !== EOCD_SIGNATURE) continue;
    if (p + 22 + u16(tail, p + 20) !== tail.length) continue;
    const disk = u16(tail, p + 4);
    const cdDisk = u16(tail, p + 6);
    const onDisk = u16(tail, p + 8);
    const entries = u16(tail, p + 10);
    // zip64 archives may put 0xFFFF in the disk fields; the zip64 record has the real ones
    const isDisk0 = (d: number) => d === 0 || d === 0xffff;
    if (!isDisk0(disk) || !isDisk0(cdDisk) || onDisk !== entries) {
      throw new Error('multi-disk zip archives are not supported');
    }
    const cdSize = u32(tail, p + 12);
    const cdOffset = u32(tail, p + 16);
    const needsZip64 = entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff;
    return { entries, cdOffset, cdSize, at: tailStart + p, needsZip64 };
  }
  throw new Error(
    `no end of central directory record in the last ${Math.min(fileSize, EOCD_SEARCH_BYTES)} bytes`,
  );
}

/**
 * Reads the zip64 locator (the 20 bytes before the end record) and returns the offset of the zip64
 * end record.
 *
 * @throws {Error} when the locator is missing or names another disk.
 */
export function readZip64Locator(locator: Uint8Array): number {
  if (locator.length < ZIP64_LOCATOR_BYTES || u32(locator, 0) !== ZIP64_LOCATOR_SIGNATURE) {
    throw new Error('the end record needs a zip64 locator, which is missing');
  }
  if (u32(locator, 4) !== 0 || u32(locator, 16) > 1)
    throw new Error('multi-disk zip archives are not supported');
  return u64(locator, 8);
}

/**
 * Reads the zip64 end record (56 bytes at offset `at`, which the locator gives).
 *
 * @throws {Error} for a wrong signature or a multi-disk archive.
 */
export function readZip64End(record: Uint8Array, at: number): EndRecord {
  if (record.length < ZIP64_EOCD_BYTES || u32(record, 0) !== ZIP64_EOCD_SIGNATURE) {
    throw new Error('the zip64 end of central directory record is missing');
  }
  const onDisk = u64(record, 24);
  const entries = u64(record, 32);
  if (u32(record, 16) !== 0 || u32(record, 20) !== 0 || onDisk !== entries) {
    throw new Error('multi-disk zip archives are not supported');
  }
  return { entries, cdSize: u64(record, 40), cdOffset: u64(record, 48), at, needsZip64: true };
}

/**
 * Parses the central directory: exactly `end.entries` file headers that fill `cd` exactly.
 *
 * @throws {Error} naming the entry for a bad signature, a length that runs past the directory,
 *   a bad zip64 extra field, an undecodable name, a duplicate name, or a count/size mismatch.
 */
export function parseCentralDirectory(cd: Uint8Array, end: EndRecord): ZipEntry[] {
  const out: ZipEntry[] = [];
  const names = new Set<string>();
  let p = 0;
  for (let k = 0; k < end.entries; k++) {
    const where = `central directory entry ${k + 1} of ${end.entries}`;
    if (p + 46 > cd.length) throw new Error(`${where} runs past the end of the directory`);
    if (u32(cd, p) !== CENTRAL_SIGNATURE) throw new Error(`${where} has a wrong signature`);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const commentLength = u16(cd, p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > cd.length) {
      throw new Error(`${where} has name/extra/comment lengths that run past the end of the directory`);
    }
    const flags = u16(cd, p + 8);
    const nameBytes = cd.slice(p + 46, p + 46 + nameLength);
    let name: string;
    try {
      name = flags & 0x800 ? utf8Decode(nameBytes) : latin1Decode(nameBytes);
    } catch {
      throw new Error(`${where} has a name that is not valid UTF-8`);
    }
    if (names.has(name)) throw new Error(`the archive lists member "${name}" twice`);
    names.add(name);
    const entry: ZipEntry = {
      name,
      nameBytes,
      flags,
      method: u16(cd, p + 10),
      crc: u32(cd, p + 16),
      compressedSize: u32(cd, p + 20),
      size: u32(cd, p + 24),
      localOffset: u32(cd, p + 42),
    };
    const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    applyZip64(entry, extra, u16(cd, p + 34) === 0xffff, `member "${name}" (central directory)`);
    out.push(entry);
    p = next;
  }
  if (p !== cd.length) {
    throw new Error(
      `the central directory is ${cd.length} bytes but its ${end.entries} entries fill ${p}: it hides or garbles entries`,
    );
  }
  return out;
}

/**
 * Replaces the 0xFFFFFFFF fields of `sizes` by the values of the zip64 extra field (id 1), which
 * holds, in order, only the fields that overflowed: size, compressed size, local offset, disk.
 *
 * @throws {Error} when the extra field is malformed or lacks a needed value.
 */
export function applyZip64(
  sizes: { size: number; compressedSize: number; localOffset?: number },
  extra: Uint8Array,
  diskOverflow: boolean,
  where: string,
): boolean {
  const wantSize = sizes.size === 0xffffffff;
  const wantCompressed = sizes.compressedSize === 0xffffffff;
  const wantOffset = sizes.localOffset === 0xffffffff;
  let found = false;
  for (let p = 0; p < extra.length; ) {
    if (p + 4 > extra.length) throw new Error(`${where}: the extra field is truncated`);
    const id = u16(extra, p);
    const length = u16(extra, p + 2);
    if (p + 4 + length > extra.length) throw new Error(`${where}: an extra field runs past its end`);
    if (id === 1) {
      found = true;
      let q = p + 4;
      const take = (): number => {
        if (q + 8 > p + 4 + length) throw new Error(`${where}: the zip64 extra field is too short`);
        const v = u64(extra, q);
        q += 8;
        return v;
      };
      if (wantSize) sizes.size = take();
      if (wantCompressed) sizes.compressedSize = take();
      if (wantOffset) sizes.localOffset = take();
      if (diskOverflow && q + 4 > p + 4 + length)
        throw new Error(`${where}: the zip64 extra field is too short`);
    }
    p += 4 + length;
  }
  if ((wantSize || wantCompressed || wantOffset) && !found) {
    throw new Error(`${where}: sizes of 0xFFFFFFFF need a zip64 extra field, which is missing`);
  }
  return found;
}
