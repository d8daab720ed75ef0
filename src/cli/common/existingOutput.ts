/**
 * `--skip-existing`: whether an output file is already there, whole.
 *
 * @module
 */

import { stat } from 'node:fs/promises';
import { type FileFormat, formatOfPath } from '../../io/formats';
import { readLimits } from '../../io/limits';
import { niftiHeaderTask } from '../../io/nifti/niftiHeaderTask';
import { runOnFile } from '../../io/node/runOnFile';
import { npyHeaderTask } from '../../io/npy/npyTask';
import { zipDirectoryTask } from '../../io/npy/npzTask';
import { PNG_SIGNATURE } from '../../io/png/pngChunks';
import type { ReadTask } from '../../io/readTask';
import { LOCAL_HEADER_BYTES } from '../../io/zip/zipDirectory';
import { oneLine, reasonOf } from './usage';

/** What is at an output path. */
export type ExistingOutput =
  | { state: 'missing' }
  | { state: 'complete' }
  /** Something is there that is not a whole file of its format (it will be written again). */
  | { state: 'incomplete'; reason: string };

/** The 12 bytes that end every PNG: the empty IEND chunk (length 0, type, CRC-32). */
const IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/**
 * Whether `path` holds a whole file of the format its extension names, checked from its header
 * and its size, reading a few kilobytes and never the data: `.npy` — the header decodes and the
 * file is exactly header + data bytes; `.npz` — the zip directory at its end decodes and lists an
 * array, every member lying before it; `.nii` — the header decodes and the file holds its voxels;
 * `.nii.gz` — the header decodes (inflating its first kilobytes) and the gzip trailer's size
 * equals header + voxels (mod 2^32, as gzip stores it); `.png` — it starts with the signature and
 * an IHDR and ends with IEND. rankseg writes outputs atomically (a temporary file renamed), so a
 * file under the output's name was written whole; these checks catch files written otherwise (a
 * copy cut short, another program). They do not check that the file was made with this run's
 * options.
 *
 * @example
 * ```ts
 * await existingOutput('masks/a.npy'); // { state: 'complete' }
 * ```
 */
export async function existingOutput(path: string): Promise<ExistingOutput> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { state: 'incomplete', reason: 'not a regular file' };
    size = info.size;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing' };
    return { state: 'incomplete', reason: reasonOf(e, path) };
  }
  const format = formatOfPath(path);
  if (format === undefined) return { state: 'incomplete', reason: 'not a file format rankseg writes' };
  try {
    const problem = await runOnFile(path, () => completenessTask(format, path, size));
    return problem === undefined ? { state: 'complete' } : { state: 'incomplete', reason: problem };
  } catch (e) {
    return { state: 'incomplete', reason: reasonOf(e, path) };
  }
}

/** Reads what the check of `format` needs; returns the problem, or undefined for a whole file. */
function* completenessTask(format: FileFormat, path: string, size: number): ReadTask<string | undefined> {
  switch (format) {
    case 'npy': {
      const layout = yield* npyHeaderTask(0, size, readLimits(undefined));
      const have = size - layout.dataOffset;
      return have === layout.dataBytes
        ? undefined
        : `${size} bytes; its header says ${layout.dataOffset + layout.dataBytes}`;
    }
    case 'npz': {
      const dir = yield* zipDirectoryTask(size);
      if (!dir.entries.some((e) => e.name.endsWith('.npy'))) return 'the archive holds no array';
      const past = dir.entries.find(
        (e) => e.localOffset + LOCAL_HEADER_BYTES + e.nameBytes.length + e.compressedSize > dir.cdOffset,
      );
      return past === undefined ? undefined : `member "${past.name}" runs into the directory`;
    }
    case 'nifti': {
      const layout = yield* niftiHeaderTask(size);
      const whole = layout.dataOffset + layout.dataBytes;
      if (!/\.gz$/i.test(path)) {
        return size >= whole ? undefined : `${size} bytes; its header says ${whole}`;
      }
      if (size < 18) return `${size} bytes: too short for gzip`;
      const tail = yield { at: size - 4, length: 4 };
      // ISIZE: the inflated size mod 2^32, little-endian (RFC 1952)
      const inflated = (tail[0]! | (tail[1]! << 8) | (tail[2]! << 16) | (tail[3]! << 24)) >>> 0;
      return inflated === whole % 2 ** 32
        ? undefined
        : `its gzip trailer says ${inflated} bytes inflated; its header says ${whole}`;
    }
    case 'png': {
      const head = yield { at: 0, length: 16 };
      const signed = head.length === 16 && PNG_SIGNATURE.every((b, i) => head[i] === b);
      const ihdr = signed && String.fromCharCode(...head.subarray(12, 16)) === 'IHDR';
      if (!ihdr) return 'not a PNG (no signature and IHDR)';
      const tail = yield { at: Math.max(0, size - 12), length: 12 };
      return tail.length === 12 && IEND.every((b, i) => tail[i] === b)
        ? undefined
        : 'it does not end with IEND';
    }
    default:
      return unknownFormat(format);
  }
}

/** A format of the table without a check here: a new format needs its case above. */
function unknownFormat(format: never): never {
  throw new Error(oneLine(`no completeness check for format ${String(format)}`));
}
