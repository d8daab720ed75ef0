/**
 * Label volumes to NIfTI, keeping the source image's geometry.
 *
 * @module
 */

import { describe } from '../dtype';
import { readArrayInput } from '../shape';
import type { ArrayInput } from '../types';
import type { NiftiImage } from './encodeNifti';
import type { NiftiDtype } from './niftiDatatype';
import type { NiftiHeader } from './niftiHeader';

/** NIFTI_INTENT_LABEL: voxel values are indices into a label set (nifti1.h). */
export const NIFTI_INTENT_LABEL = 1002;

/** Options of {@link labelsToNifti}. */
export interface LabelsToNiftiOptions {
  /** Stored type; default the smallest of uint8, int16, int32 that holds every label. */
  datatype?: NiftiDtype;
  /** Header description (≤ 79 bytes). Default `'rankseg labels'`. */
  descrip?: string;
}

/**
 * Turns a label volume in our C-order layout, shape `[Z, Y, X]` or `[1, Z, Y, X]` (a multiclass
 * rankseg mask of one volume), into a NIfTI image with the geometry of `template` (the header of
 * the volume the probabilities came from): pixdim (qfac and voxel sizes), qform/sform codes,
 * quatern_b/c/d and qoffset_x/y/z, srow_x/y/z, xyzt_units, dim_info, slice fields. The result is 3-D
 * `(X, Y, Z)`; intent is NIFTI_INTENT_LABEL, cal_min/cal_max span the labels. Write it with
 * `encodeNifti` (or `writeNifti` in Node). O(n) for the label range scan; data is not copied.
 *
 * C order [Z, Y, X] has x fastest, which is exactly NIfTI's voxel order, so no reordering happens.
 *
 * @param labels - `{ data, shape }` of integer labels, shape `[Z, Y, X]` or `[1, Z, Y, X]`.
 * @param template - the source header; its `dim[1..3]` must be `(X, Y, Z)`.
 * @param options - stored type, description.
 * @throws {TypeError} if `labels` is not `{ data, shape }` or `template` is not a header.
 * @throws {RangeError} if the shape is not `[Z, Y, X]`/`[1, Z, Y, X]`, disagrees with the template's
 *   dims, or a label is not an integer (or outside int32).
 * @example
 * ```ts
 * import { decodeNifti, encodeNifti, labelsToNifti, niftiToProbabilities } from 'rankseg/io';
 * import { rankseg } from 'rankseg';
 * const vol = decodeNifti(bytes);                         // (X, Y, Z, C) probabilities
 * const mask = rankseg(niftiToProbabilities(vol));        // shape [1, Z, Y, X]
 * const out = encodeNifti(labelsToNifti(mask, vol.header), { gzip: true });
 * ```
 */
export function labelsToNifti(
  labels: ArrayInput,
  template: NiftiHeader,
  options: LabelsToNiftiOptions = {},
): NiftiImage {
  const { data, shape } = readArrayInput(labels, 'labels');
  if (shape.length === 4 && shape[0] !== 1) {
    throw new RangeError(`labels.shape [${shape.join(', ')}] must be [Z, Y, X] or [1, Z, Y, X] (one volume)`);
  }
  if (shape.length !== 3 && shape.length !== 4) {
    throw new RangeError(`labels.shape [${shape.join(', ')}] must be [Z, Y, X] or [1, Z, Y, X]`);
  }
  if (typeof template !== 'object' || template === null || !Array.isArray(template.dim)) {
    throw new TypeError(
      `template must be a NIfTI header (e.g. decodeNifti(…).header), got ${describe(template)}`,
    );
  }
  const [z, y, x] = shape.slice(-3) as [number, number, number];
  const tdim = (k: number): number => ((template.dim[0] ?? 0) >= k ? (template.dim[k] ?? 1) : 1);
  const [tx, ty, tz] = [tdim(1), tdim(2), tdim(3)];
  if (tx !== x || ty !== y || tz !== z) {
    throw new RangeError(
      `labels.shape [${shape.join(', ')}] (Z, Y, X) does not match the template's dims (X, Y, Z) = (${tx}, ${ty}, ${tz})`,
    );
  }
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (!Number.isInteger(v))
      throw new RangeError(`labels.data[${i}] = ${String(data[i])} is not an integer label`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let datatype = options.datatype;
  if (datatype === undefined) {
    if (lo >= 0 && hi <= 255) datatype = 'uint8';
    else if (lo >= -32768 && hi <= 32767) datatype = 'int16';
    else if (lo >= -2147483648 && hi <= 2147483647) datatype = 'int32';
    else throw new RangeError(`labels span [${lo}, ${hi}], beyond int32`);
  }
  const header: Partial<NiftiHeader> = {
    dimInfo: template.dimInfo,
    pixdim: [
      template.pixdim[0] ?? 1,
      template.pixdim[1] ?? 1,
      template.pixdim[2] ?? 1,
      template.pixdim[3] ?? 1,
      0,
      0,
      0,
      0,
    ],
    xyztUnits: template.xyztUnits,
    qformCode: template.qformCode,
    sformCode: template.sformCode,
    quaternB: template.quaternB,
    quaternC: template.quaternC,
    quaternD: template.quaternD,
    qoffsetX: template.qoffsetX,
    qoffsetY: template.qoffsetY,
    qoffsetZ: template.qoffsetZ,
    srowX: template.srowX.slice(),
    srowY: template.srowY.slice(),
    srowZ: template.srowZ.slice(),
    sliceStart: template.sliceStart,
    sliceEnd: template.sliceEnd,
    sliceCode: template.sliceCode,
    sliceDuration: template.sliceDuration,
    intentCode: NIFTI_INTENT_LABEL,
    intentName: 'labels',
    calMin: lo,
    calMax: hi,
    descrip: options.descrip ?? 'rankseg labels',
  };
  return { data, dims: [x, y, z], header, datatype };
}
