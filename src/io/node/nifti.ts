/**
 * NIfTI-1 files.
 *
 * @module
 */

import { decodeNifti, type NiftiVolume } from '../nifti/decodeNifti';
import { encodeNifti, type NiftiImage } from '../nifti/encodeNifti';
import { guard } from './errors';
import { lazy, readBytes } from './fileBytes';
import { writeFileAtomic } from './writeFileAtomic';

/** Options of {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** gzip the file; default: when the path ends in `.gz` (`.nii.gz`). */
  gzip?: boolean;
}

/**
 * Reads a `.nii` or `.nii.gz` file (see `decodeNifti`; gzip is detected from the content).
 *
 * @throws {IoFormatError} when the content is not a supported NIfTI-1 image; {@link IoFileError}
 *   when the file cannot be read. Messages start with the path.
 * @example
 * ```ts
 * import { readNifti } from 'rankseg/io/node';
 * const vol = await readNifti('probs.nii.gz'); // vol.dims [X, Y, Z, C]
 * ```
 */
export async function readNifti(path: string): Promise<NiftiVolume> {
  return guard(path, 'read', async (p) => decodeNifti(await readBytes(p)));
}

/**
 * Writes a NIfTI-1 image (see `encodeNifti`) atomically, gzipped when the path ends in `.gz`.
 *
 * @throws {TypeError}/{RangeError} for a bad image; {@link IoFileError} on write failure.
 * @example
 * ```ts
 * import { labelsToNifti } from 'rankseg/io';
 * import { readNifti, writeNifti } from 'rankseg/io/node';
 * const vol = await readNifti('probs.nii.gz');
 * await writeNifti('labels.nii.gz', labelsToNifti(mask, vol.header));
 * ```
 */
export async function writeNifti(
  path: string,
  image: NiftiImage,
  options: WriteNiftiOptions = {},
): Promise<void> {
  return guard(path, 'write', (p) =>
    writeFileAtomic(
      p,
      lazy(() => encodeNifti(image, { gzip: options.gzip ?? p.toLowerCase().endsWith('.gz') })),
    ),
  );
}
