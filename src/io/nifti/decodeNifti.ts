/**
 * NIfTI-1 reader.
 *
 * @module
 */

import { gunzipSync } from 'fflate';
import { showBytes } from '../bytes';
import { type DtypeData, decodeElements, dtypeSize } from '../dtype';
import { IoFormatError } from '../errors';
import { NIFTI_DATATYPE_CODE, niftiDtypeOf, UNSUPPORTED_NIFTI_DATATYPES } from './niftiDatatype';
import { NIFTI1_HEADER_SIZE, NIFTI1_VOX_OFFSET, type NiftiHeader, readNiftiHeader } from './niftiHeader';

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
 * when scl_slope is finite, nonzero, and (slope, inter) ≠ (1, 0). Extensions are skipped
 * (`vox_offset`). Supported datatypes: uint8, int8, int16, uint16, int32, uint32, int64, uint64,
 * float32, float64. O(n) (plus the inflate for `.nii.gz`).
 *
 * @param input - the whole file.
 * @returns `{ data, dims, pixdim, shape, header }`; see {@link NiftiVolume} for the axis order.
 * @throws {IoFormatError} (format `'nifti'`) for a corrupt gzip stream, a header or data shorter
 *   than declared, `sizeof_hdr` ≠ 348 (NIfTI-2 included), a magic other than `n+1`, dim[0] outside
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
export function decodeNifti(input: Uint8Array): NiftiVolume {
  const fail = (message: string, cause?: unknown): IoFormatError =>
    new IoFormatError('nifti', message, cause === undefined ? {} : { cause });
  let bytes = input;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw fail(`NIfTI gzip stream is corrupt or truncated (${(e as Error).message})`, e);
    }
  }
  if (bytes.length < NIFTI1_HEADER_SIZE) {
    throw fail(
      `NIfTI data is truncated: ${bytes.length} bytes, the header alone needs ${NIFTI1_HEADER_SIZE}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLE = view.getInt32(0, true);
  const sizeBE = view.getInt32(0, false);
  if (sizeLE === 540 || sizeBE === 540) throw fail('NIfTI-2 files (sizeof_hdr 540) are not supported');
  if (sizeLE !== NIFTI1_HEADER_SIZE && sizeBE !== NIFTI1_HEADER_SIZE) {
    throw fail(
      `not NIfTI-1 data: sizeof_hdr is ${sizeLE} (little-endian) / ${sizeBE} (big-endian), expected 348; first bytes ${showBytes(bytes)}`,
    );
  }
  const header = readNiftiHeader(bytes, sizeLE === NIFTI1_HEADER_SIZE);
  if (header.magic === 'ni1') {
    throw fail('NIfTI header/image pairs (.hdr/.img, magic "ni1") are not supported; use a single-file .nii');
  }
  if (header.magic !== 'n+1') {
    throw fail(`not NIfTI-1 data: wrong magic ${showBytes(bytes.subarray(344, 348))}, expected "n+1\\x00"`);
  }
  const ndim = header.dim[0]!;
  if (ndim < 1 || ndim > 7) throw fail(`bad NIfTI header: dim[0] is ${ndim}, expected 1…7`);
  const dims = header.dim.slice(1, ndim + 1);
  dims.forEach((d, k) => {
    if (d < 1) throw fail(`bad NIfTI header: dim[${k + 1}] is ${d}, expected ≥ 1`);
  });
  const dtype = niftiDtypeOf(header.datatype);
  if (dtype === undefined) {
    const name = UNSUPPORTED_NIFTI_DATATYPES[header.datatype];
    throw fail(
      `unsupported NIfTI datatype ${header.datatype}${name === undefined ? '' : ` (${name})`}; supported: ${Object.entries(
        NIFTI_DATATYPE_CODE,
      )
        .map(([n, c]) => `${c} ${n}`)
        .join(', ')}`,
    );
  }
  const size = dtypeSize(dtype);
  if (header.bitpix !== size * 8) {
    throw fail(
      `bad NIfTI header: bitpix is ${header.bitpix}, datatype ${header.datatype} (${dtype}) has ${size * 8}`,
    );
  }
  const offset = header.voxOffset;
  if (!Number.isInteger(offset) || offset < NIFTI1_VOX_OFFSET) {
    throw fail(`bad NIfTI header: vox_offset is ${offset}, a single-file image needs an integer ≥ 352`);
  }
  let count = 1;
  for (const d of dims) count *= d;
  const need = count * size;
  const have = bytes.length - offset;
  if (have < need) {
    throw fail(
      `NIfTI data is truncated: dims [${dims.join(', ')}] of ${dtype} need ${need} bytes after vox_offset ${offset}, found ${Math.max(0, have)}`,
    );
  }
  // trailing bytes beyond the voxels are ignored, as NIfTI readers do
  const raw = decodeElements(bytes.subarray(offset, offset + need), dtype, header.littleEndian);
  const data = scale(raw, header.sclSlope, header.sclInter, size);
  const pixdim = header.pixdim.slice(1, ndim + 1);
  return { data, dims, pixdim, shape: dims.slice().reverse(), header };
}

function scale(raw: DtypeData, slope: number, inter: number, size: number): DtypeData {
  if (!Number.isFinite(slope) || slope === 0 || (slope === 1 && inter === 0)) return raw;
  const b = Number.isFinite(inter) ? inter : 0;
  // float32 holds every ≤ 16-bit integer exactly; wider integers and float64 need float64
  const wide = size >= 4 && !(raw instanceof Float32Array);
  const out = wide ? new Float64Array(raw.length) : new Float32Array(raw.length);
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]!) * slope + b;
  } else {
    for (let i = 0; i < raw.length; i++) out[i] = raw[i]! * slope + b;
  }
  return out;
}
