/**
 * The header of a NIfTI-1 file without its voxels, as a {@link ReadTask}.
 *
 * @module
 */

import { GzipDecoder } from '../inflate/GzipDecoder';
import { StreamError } from '../inflate/StreamError';
import type { ReadTask } from '../readTask';
import { NIFTI1_HEADER_SIZE } from './niftiHeader';
import { type NiftiLayout, niftiError, parseNiftiLayout } from './niftiLayout';

/** Compressed bytes asked for at a time: the header is in the first few hundred bytes. */
const CHUNK = 4096;

/**
 * Reads and checks the 348-byte header of a NIfTI-1 file of `size` bytes, gzipped or not (told by
 * the gzip magic), and nothing more: a `.nii.gz` is inflated only until the header is complete,
 * so the geometry of a large image costs a few kilobytes of reading. The voxels are not checked.
 *
 * @throws {IoFormatError} (format `'nifti'`) for a header `decodeNifti` would refuse, a file
 *   shorter than a header, or gzip data that is corrupt before the header ends.
 * @example
 * ```ts
 * const { header, dims } = runInMemory(bytes, niftiHeaderTask(bytes.length));
 * ```
 */
export function* niftiHeaderTask(size: number): ReadTask<NiftiLayout> {
  const magic = yield { at: 0, length: 2 };
  let head: Uint8Array;
  if (magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
    const pieces: Uint8Array[] = [];
    let have = 0;
    const gz = new GzipDecoder(
      (piece) => {
        pieces.push(piece);
        have += piece.length;
      },
      () => Math.max(0, NIFTI1_HEADER_SIZE - have),
    );
    try {
      for (let at = 0; at < size && have < NIFTI1_HEADER_SIZE; at += CHUNK) {
        const chunk = yield { at, length: Math.min(CHUNK, size - at) };
        if (chunk.length === 0) break;
        gz.push(chunk);
      }
    } catch (e) {
      if (e instanceof StreamError) throw niftiError(`NIfTI gzip stream is corrupt: ${e.message}`, e);
      throw e;
    }
    head = new Uint8Array(have);
    let at = 0;
    for (const piece of pieces) {
      head.set(piece, at);
      at += piece.length;
    }
  } else {
    head = (yield { at: 0, length: Math.min(size, NIFTI1_HEADER_SIZE) }).slice();
  }
  const layout = parseNiftiLayout(head);
  if (typeof layout === 'number') {
    throw niftiError(
      `NIfTI data is truncated: ${head.length} bytes, the header alone needs ${NIFTI1_HEADER_SIZE}`,
    );
  }
  return layout;
}
