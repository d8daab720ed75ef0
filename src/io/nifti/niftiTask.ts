/**
 * The NIfTI-1 reader as a {@link ReadTask}: `.nii` header checked against the file size, voxels
 * read straight into the returned array; `.nii.gz` streamed through the gzip decoder into an array
 * sized from the header once it has been checked against `maxBytes`.
 *
 * @module
 */

import { ArrayCollector } from '../ArrayCollector';
import { GzipDecoder } from '../inflate/GzipDecoder';
import { StreamError } from '../inflate/StreamError';
import { allocateElements, maxInflatedSize, type ReadLimits, tooManyBytes } from '../limits';
import { type ReadTask, readInto, streamRange } from '../readTask';
import { NIFTI1_HEADER_SIZE } from './niftiHeader';
import {
  finishNifti,
  type NiftiDecoded,
  type NiftiLayout,
  niftiError,
  niftiTruncated,
  parseNiftiLayout,
} from './niftiLayout';

/**
 * Reads a NIfTI-1 file of `size` bytes, gzipped or not (told by the gzip magic `1f 8b`).
 *
 * @throws {IoFormatError} (format `'nifti'`) as `decodeNifti`.
 * @example
 * ```ts
 * const volume = runInMemory(bytes, niftiTask(bytes.length, limits));
 * ```
 */
export function* niftiTask(size: number, limits: ReadLimits): ReadTask<NiftiDecoded> {
  const magic = yield { at: 0, length: 2 };
  if (magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return yield* gzipTask(size, limits);
  const head = yield { at: 0, length: Math.min(size, NIFTI1_HEADER_SIZE) };
  const layout = parseNiftiLayout(head);
  if (typeof layout === 'number') {
    throw niftiError(`NIfTI data is truncated: ${size} bytes, the header alone needs ${NIFTI1_HEADER_SIZE}`);
  }
  // trailing bytes beyond the voxels are ignored, as NIfTI readers do
  if (size - layout.dataOffset < layout.dataBytes) throw niftiTruncated(layout, size - layout.dataOffset);
  const raw = allocateElements('nifti', layout.count, layout.itemSize, limits.shared);
  const got = yield* readInto(raw, layout.dataOffset);
  if (got < raw.length) throw niftiTruncated(layout, got); // the file shrank while being read
  return finishNifti(raw, layout);
}

function* gzipTask(size: number, limits: ReadLimits): ReadTask<NiftiDecoded> {
  const collector = new ArrayCollector<NiftiLayout>(
    (count, itemSize) => allocateElements('nifti', count, itemSize, limits.shared),
    parseNiftiLayout,
    (layout) => {
      const total = layout.dataOffset + layout.dataBytes;
      if (total > limits.maxBytes) throw tooManyBytes('nifti', 'the NIfTI image', total, limits.maxBytes);
      if (total > maxInflatedSize(size)) {
        throw niftiError(
          `NIfTI header declares ${total} bytes of image, more than ${size} bytes of gzip data can inflate to`,
        );
      }
    },
    (excess) => {
      // a compressed file gets no slack: inflation stops at what the header accounts for
      throw niftiError(
        `NIfTI gzip data inflates beyond the image its header declares (${excess}+ extra bytes)`,
      );
    },
  );
  // until the header is complete nothing is allocated, and the header is 348 bytes
  const gz = new GzipDecoder(
    (piece) => collector.write(piece),
    () => collector.expected - collector.received,
  );
  try {
    yield* streamRange(0, size, (chunk) => gz.push(chunk));
    gz.finish();
  } catch (e) {
    if (e instanceof StreamError)
      throw niftiError(`NIfTI gzip stream is corrupt or truncated: ${e.message}`, e);
    throw e;
  }
  const layout = collector.layout;
  if (layout === undefined) {
    throw niftiError(
      `NIfTI data is truncated: ${collector.received} bytes, the header alone needs ${NIFTI1_HEADER_SIZE}`,
    );
  }
  if (!collector.complete) throw niftiTruncated(layout, collector.filled);
  return finishNifti(collector.data!, layout);
}
