/**
 * NIfTI-1 files.
 *
 * @module
 */

import { type ReadOptions, readLimits } from '../limits';
import type { NiftiVolume } from '../nifti/decodeNifti';
import { encodeNiftiChunks, type NiftiImage } from '../nifti/encodeNifti';
import { niftiHeaderTask } from '../nifti/niftiHeaderTask';
import type { NiftiLayout } from '../nifti/niftiLayout';
import { niftiTask } from '../nifti/niftiTask';
import { guard } from './errors';
import { runOnFile } from './runOnFile';
import { writeFileAtomic } from './writeFileAtomic';

/** Options of {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** gzip the file; default: when the path ends in `.gz` (`.nii.gz`). */
  gzip?: boolean;
}

/**
 * Reads a `.nii` or `.nii.gz` file (see `decodeNifti`; gzip is detected from the content). A `.nii`
 * is read with positional reads straight into the voxel array; a `.nii.gz` is inflated from the
 * file in chunks into the array sized from its (checked) header. Neither is held whole in memory.
 *
 * @param options - limits (see {@link ReadOptions}): `maxBytes` bounds a `.nii.gz`'s inflated size.
 * @throws {IoFormatError} when the content is not a supported NIfTI-1 image; {@link IoFileError}
 *   when the file cannot be read. Messages start with the path.
 * @example
 * ```ts
 * import { readNifti } from 'rankseg/io/node';
 * const vol = await readNifti('probs.nii.gz'); // vol.dims [X, Y, Z, C]
 * ```
 */
export async function readNifti(path: string, options?: ReadOptions): Promise<NiftiVolume> {
  return guard(path, 'read', async (p) => {
    const limits = readLimits(options);
    return runOnFile(p, (size) => niftiTask(size, limits));
  });
}

/**
 * Writes a NIfTI-1 image (see `encodeNifti`) atomically, gzipped when the path ends in `.gz`, in
 * chunks (the encoded file is never held whole in memory).
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
    writeFileAtomic(p, encodeNiftiChunks(image, { gzip: options.gzip ?? p.toLowerCase().endsWith('.gz') })),
  );
}

/**
 * Reads the header of a `.nii` or `.nii.gz` file (see `niftiHeaderTask`): its geometry and sizes,
 * without the voxels.
 *
 * @throws {IoFormatError} for a header that is not a supported NIfTI-1 one; {@link IoFileError}
 *   when the file cannot be read. Messages start with the path.
 * @example
 * ```ts
 * const { header, dims } = await readNiftiHeaderFile('case_0000.nii.gz'); // dims [X, Y, Z]
 * ```
 */
export async function readNiftiHeaderFile(path: string): Promise<NiftiLayout> {
  return guard(path, 'read', (p) => runOnFile(p, (size) => niftiHeaderTask(size)));
}
