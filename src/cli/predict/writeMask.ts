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

/** What {@link writeMaskFile} needs besides the mask. */
export interface MaskWriteOptions {
  /** The mask holds 0/1 masks `[B, C, ...spatial]` (else labels `[B, ...spatial]`). */
  multilabel: boolean;
  /** The geometry of a NIfTI output: the NIfTI input's header, or the `--like` image's. */
  niftiTemplate?: NiftiHeader | undefined;
  /**
   * The same mask in the input's own layout (see `maskAsStored`), written by the N-D array formats
   * and by a NIfTI without template; default `mask`.
   */
  asStored?: Mask | undefined;
}

/**
 * Writes a mask from `solve()` (labels `[B, ...spatial]` or 0/1 masks `[B, C, ...spatial]`):
 * - `.npy`/`.npz` (member `mask`): `asStored` (the input's layout, without added axes), in its own
 *   integer type.
 * - `.png`: one image; a label map as a palette PNG (labels 0…255), a one-class multilabel mask as
 *   black/white.
 * - `.nii`/`.nii.gz`: with `niftiTemplate`, a label volume (x, y, z) with the template's geometry
 *   (`labelsToNifti`; a 2-D template gives a 2-D image), or for multilabel masks of C > 1 classes
 *   an (x, y, z, class) volume with the same geometry; without a template, `asStored` with a
 *   batch of one dropped, axes reversed into NIfTI order (so `[Z, Y, X]` becomes (x, y, z)).
 *
 * @throws {RangeError} when the mask does not fit the format (several images or classes in a PNG,
 *   several images in a NIfTI with a template, labels above 255 in a PNG, a volume NIfTI-1 cannot
 *   hold); io errors on write failure.
 * @example
 * ```ts
 * const input = await readProbabilityFile('scan.nii.gz', {});
 * const { mask } = solve(input.probs);
 * await writeMaskFile('labels.nii.gz', mask, { multilabel: false, niftiTemplate: input.niftiTemplate });
 * ```
 */
export async function writeMaskFile(path: string, mask: Mask, options: MaskWriteOptions): Promise<void> {
  const format = arrayFileFormat(path);
  const asStored = options.asStored ?? mask;
  // N-D array formats hold the mask as it is (in a member named 'mask' when the file has members)
  if (isArrayFormat(format)) {
    return writeArrayFile(path, asStored, FILE_FORMATS[format].members ? { key: NPZ_MASK_KEY } : {});
  }
  switch (format) {
    case 'png':
      return writePngMask(path, mask, options.multilabel);
    case 'nifti':
      return options.niftiTemplate === undefined
        ? writeNiftiArray(path, asStored)
        : writeNiftiMask(path, mask, options.multilabel, options.niftiTemplate);
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

/** A NIfTI volume without geometry: the array, a batch of one dropped, axes reversed. */
function writeNiftiArray(path: string, mask: Mask): Promise<void> {
  const shape = mask.shape;
  const dropped = shape[0] === 1 && shape.length > 2 ? shape.slice(1) : shape;
  return writeArrayFile(path, { data: mask.data, shape: dropped });
}

/** A NIfTI volume with the geometry of `template` (the NIfTI input's, or the `--like` image's). */
function writeNiftiMask(path: string, mask: Mask, multilabel: boolean, template: NiftiHeader): Promise<void> {
  const shape = mask.shape;
  if (shape[0] !== 1) {
    throw new RangeError(`a NIfTI image with geometry holds one volume; the input has ${shape[0]} images`);
  }
  // one volume [1, (C,) ...spatial], spatial = (z, y, x) in C order
  const spatial = shape.slice(multilabel ? 2 : 1);
  const volume = { data: mask.data, shape: spatial.length >= 3 ? spatial : [1, ...spatial] };
  const classes = multilabel ? shape[1]! : 1;
  // a 2-D template (x, y) gives a 2-D image, as the image it describes
  const rank = Math.min(template.dim[0] ?? 3, 3);
  const cut = (dims: readonly number[]) => (rank === 2 && dims[2] === 1 ? [dims[0]!, dims[1]!] : dims);
  if (classes === 1) {
    const image = labelsToNifti(volume, template);
    return writeNifti(path, { ...image, dims: cut(image.dims) });
  }
  // multilabel: geometry from a one-class volume, then the class axis appended as the 4th dim
  const plane = mask.data.length / classes;
  const first = labelsToNifti({ data: mask.data.subarray(0, plane), shape: volume.shape }, template);
  const pixdim = (first.header?.pixdim ?? [1, 1, 1, 1]).slice();
  pixdim[4] = 1;
  return writeNifti(path, {
    ...first,
    data: mask.data,
    dims: [...first.dims, classes],
    header: { ...first.header, pixdim, calMin: 0, calMax: 1, descrip: 'rankseg masks (x, y, z, class)' },
  });
}
