/**
 * NIfTI-1 reader.
 *
 * @module
 */

import type { DtypeData } from '../dtype';
import { type ReadOptions, readLimits } from '../limits';
import { runInMemory } from '../readTask';
import type { NiftiHeader } from './niftiHeader';
import { niftiTask } from './niftiTask';

/**
 * A decoded NIfTI volume.
 *
 * Axis convention: NIfTI stores x fastest, then y, z, t. Read as a C-order array (last axis fastest)
 * the same bytes have shape `[..., t, z, y, x]`: `shape` is `dims` reversed, and `data` needs no
 * reordering. Voxel (x, y, z) of a 3-D volume is `data[x + X·(y + Y·z)]`.
 */
export interface NiftiVolume {
  /**
   * Voxels, x fastest. Scaled data (`scl_slope` ≠ 0, not (1, 0)) is `Float32Array` for stored types
   * of ≤ 16 bits and float32, `Float64Array` for 32/64-bit integers and float64; unscaled data keeps
   * its stored type (`Uint8Array`, `Int16Array`, …, `BigInt64Array` for int64).
   */
  data: DtypeData;
  /** Sizes in NIfTI order `[X, Y, Z, (T, …)]` (`dim[1..dim[0]]`). */
  dims: number[];
  /** Voxel sizes in NIfTI order (`pixdim[1..dim[0]]`). */
  pixdim: number[];
  /** C-order shape: `dims` reversed, `[(T,) Z, Y, X]`. */
  shape: number[];
  /** The full header, usable as the template of a volume written back. */
  header: NiftiHeader;
}

/**
 * Decodes a single-file NIfTI-1 image, `.nii` or gzipped `.nii.gz` (detected by the gzip magic
 * `1f 8b`, not by name). Both byte orders are read (detected from `sizeof_hdr` = 348); voxels are
 * converted to native order. Intensity scaling value = stored · scl_slope + scl_inter is applied
 * when scl_slope is finite, nonzero, and (slope, inter) ≠ (1, 0) (as nibabel: a zero or
 * non-finite slope means no scaling; an applied slope with a non-finite intercept is an error).
 * Extensions are skipped (`vox_offset`). Supported datatypes: uint8, int8, int16, uint16, int32,
 * uint32, int64, uint64, float32, float64. O(n) (plus the inflate for `.nii.gz`).
 *
 * A `.nii.gz` may hold several gzip members (as `bgzip` writes); each member's CRC-32 and ISIZE
 * are checked, zero padding after the last is allowed, other trailing bytes are not. The header
 * is read from the first inflated bytes and checked against `maxBytes` before the voxel array is
 * allocated; inflation stops at an error as soon as the data runs past the image the header
 * declares. Trailing bytes after the voxels of an uncompressed `.nii` are ignored.
 *
 * @param input - the whole file.
 * @param options - limits (see {@link ReadOptions}): `maxBytes` (default 1 GiB) bounds the inflated
 *   size of a `.nii.gz`.
 * @returns `{ data, dims, pixdim, shape, header }`; see {@link NiftiVolume} for the axis order.
 * @throws {IoFormatError} (format `'nifti'`) for a corrupt gzip stream (bad deflate data, CRC-32 or
 *   ISIZE mismatch, trailing bytes), an image inflating beyond `maxBytes` or beyond what its header
 *   declares, a header or data shorter than declared, a non-finite scl_inter, `sizeof_hdr` ≠ 348 (NIfTI-2 included), a magic other than `n+1`, dim[0] outside
 *   1…7 or a dimension < 1, an unsupported datatype, bitpix that disagrees with the datatype, or a
 *   vox_offset before the end of the header.
 * @example
 * ```ts
 * import { decodeNifti } from 'rankseg/io';
 * const vol = decodeNifti(bytes); // bytes of a 64×64×20 image
 * vol.dims;  // [64, 64, 20]
 * vol.shape; // [20, 64, 64]
 * ```
 */
export function decodeNifti(input: Uint8Array, options?: ReadOptions): NiftiVolume {
  return runInMemory(input, niftiTask(input.length, readLimits(options)));
}
