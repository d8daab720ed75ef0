/**
 * The header of a NIfTI file on disk.
 *
 * @module
 */

import { niftiHeaderTask } from '../nifti/niftiHeaderTask';
import type { NiftiLayout } from '../nifti/niftiLayout';
import { guard } from './errors';
import { runOnFile } from './runOnFile';

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
