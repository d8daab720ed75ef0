/**
 * Masks → files, the format chosen by the output extension.
 *
 * @module
 */

import type { Mask } from '../../api/types';
import { extensionList, FILE_FORMATS, isArrayFormat } from '../../io/formats';
import { labelsToNifti } from '../../io/nifti/labelsToNifti';
import type { NiftiHeader } from '../../io/nifti/niftiHeader';
import { arrayFileFormat, writeArrayFile } from '../../io/node/arrayFile';
import { writeNifti } from '../../io/node/nifti';

/** Name of the array in an `.npz` output. */
export const NPZ_MASK_KEY = 'mask';

/**
 * Writes a mask from `solve()` (labels `[B, ...spatial]` or 0/1 masks `[B, C, ...spatial]`):
 * - `.npy`/`.npz` (member `mask`): the array as it is, in its own integer type.
 * - `.png`: one image; a label map as a palette PNG (labels 0…255), a one-class multilabel mask as
 *   black/white.
 * - `.nii`/`.nii.gz`: with `niftiTemplate` (the input was NIfTI), a label volume (x, y, z) keeping
 *   the input's geometry (`labelsToNifti`), or for multilabel masks of C > 1 classes a
 *   (x, y, z, class) volume with the same geometry; without a template, the array with a batch of
 *   one dropped, axes reversed into NIfTI order (so `[C, Z, Y, X]` becomes (x, y, z, class)).
 *
 * @throws {RangeError} when the mask does not fit the format (several images or classes in a PNG,
 *   labels above 255 in a PNG, a volume NIfTI-1 cannot hold); io errors on write failure.
 * @example
 * ```ts
 * const input = await readProbabilityFile('scan.nii.gz', {});
 * const { mask } = solve(input.probs);
 * await writeMaskFile('labels.nii.gz', mask, false, input.niftiTemplate); // geometry of scan.nii.gz
 * ```
 */
export async function writeMaskFile(
  path: string,
  mask: Mask,
  multilabel: boolean,
  niftiTemplate?: NiftiHeader,
): Promise<void> {
  const format = arrayFileFormat(path);
  // N-D array formats hold the mask as it is (in a member named 'mask' when the file has members)
  if (isArrayFormat(format)) {
    return writeArrayFile(path, mask, FILE_FORMATS[format].members ? { key: NPZ_MASK_KEY } : {});
  }
  switch (format) {
    case 'png':
      return writePngMask(path, mask, multilabel);
    case 'nifti':
      return writeNiftiMask(path, mask, multilabel, niftiTemplate);
    default:
      return unknownFormat(format);
  }
}

function unknownFormat(format: never): never {
  throw new Error(`no mask writer for format ${String(format)}`);
}

/** One image of labels (palette) or of one class's 0/1 mask (black/white). */
function writePngMask(path: string, mask: Mask, multilabel: boolean): Promise<void> {
  const shape = mask.shape;
  const classes = multilabel ? shape[1]! : 1;
  const others = extensionList((f) => f.masks && !f.oneImage);
  if (shape[0] !== 1) {
    throw new RangeError(`a PNG holds one image; the input has ${shape[0]} (write ${others})`);
  }
  if (classes !== 1) {
    throw new RangeError(
      `a PNG holds one mask; the multilabel output has ${classes} classes (write ${others})`,
    );
  }
  return writeArrayFile(path, mask, { png: multilabel ? 'mask' : 'labels' });
}

/** A NIfTI volume, with the input's geometry when the input was NIfTI. */
function writeNiftiMask(
  path: string,
  mask: Mask,
  multilabel: boolean,
  niftiTemplate: NiftiHeader | undefined,
): Promise<void> {
  const shape = mask.shape;
  if (niftiTemplate === undefined) {
    const dropped = shape[0] === 1 && shape.length > 2 ? shape.slice(1) : shape;
    return writeArrayFile(path, { data: mask.data, shape: dropped });
  }
  // NIfTI in, NIfTI out: one volume [1, (C,) ...spatial], spatial = (z, y, x) in C order
  const spatial = shape.slice(multilabel ? 2 : 1);
  const volume = { data: mask.data, shape: spatial.length >= 3 ? spatial : [1, ...spatial] };
  const classes = multilabel ? shape[1]! : 1;
  if (classes === 1) return writeNifti(path, labelsToNifti(volume, niftiTemplate));
  // multilabel: geometry from a one-class volume, then the class axis appended as the 4th dim
  const plane = mask.data.length / classes;
  const first = labelsToNifti({ data: mask.data.subarray(0, plane), shape: volume.shape }, niftiTemplate);
  const pixdim = (first.header?.pixdim ?? [1, 1, 1, 1]).slice();
  pixdim[4] = 1;
  return writeNifti(path, {
    ...first,
    data: mask.data,
    dims: [...first.dims, classes],
    header: { ...first.header, pixdim, calMin: 0, calMax: 1, descrip: 'rankseg masks (x, y, z, class)' },
  });
}
