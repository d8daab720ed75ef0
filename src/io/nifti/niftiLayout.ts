/**
 * The NIfTI-1 header → where the voxels lie and how to read them; and the raw voxel bytes → the
 * decoded volume. Shared by the in-memory decoder and the Node file reader.
 *
 * @module
 */

import type { ArrayLayout } from '../ArrayCollector';
import { showBytes } from '../bytes';
import { type Dtype, type DtypeData, dtypeSize, viewElements } from '../dtype';
import { IoFormatError } from '../errors';
import { checkedProduct } from '../limits';
import { NIFTI_DATATYPE_CODE, niftiDtypeOf, UNSUPPORTED_NIFTI_DATATYPES } from './niftiDatatype';
import { NIFTI1_HEADER_SIZE, NIFTI1_VOX_OFFSET, type NiftiHeader, readNiftiHeader } from './niftiHeader';

/** A NIfTI-1 header read and checked. */
export interface NiftiLayout extends ArrayLayout {
  header: NiftiHeader;
  /** Sizes in NIfTI order (`dim[1..dim[0]]`). */
  dims: number[];
  dtype: Dtype;
  /** Voxel bytes: count · itemSize. */
  dataBytes: number;
}

/** The decoded volume (see `NiftiVolume` in ./decodeNifti for the field meanings). */
export interface NiftiDecoded {
  data: DtypeData;
  dims: number[];
  pixdim: number[];
  shape: number[];
  header: NiftiHeader;
}

export function niftiError(message: string, cause?: unknown): IoFormatError {
  return new IoFormatError('nifti', message, cause === undefined ? {} : { cause });
}

/**
 * Reads and checks the 348-byte header.
 *
 * @param head - the first bytes of the (inflated) file.
 * @returns {@link NIFTI1_HEADER_SIZE} when `head` is shorter, else the layout.
 * @throws {IoFormatError} (format `'nifti'`) for `sizeof_hdr` ≠ 348 (NIfTI-2 included), a magic
 *   other than `n+1`, dim[0] outside 1…7 or a dimension < 1, an unsupported datatype, bitpix that
 *   disagrees with the datatype, a vox_offset before the end of the header, or a non-finite
 *   scl_inter with a scl_slope that applies.
 * @example
 * ```ts
 * const layout = parseNiftiLayout(bytes.subarray(0, 348)); // { dims, dtype, dataOffset, … }
 * ```
 */
export function parseNiftiLayout(head: Uint8Array): number | NiftiLayout {
  if (head.length < NIFTI1_HEADER_SIZE) return NIFTI1_HEADER_SIZE;
  const view = new DataView(head.buffer, head.byteOffset, NIFTI1_HEADER_SIZE);
  const sizeLE = view.getInt32(0, true);
  const sizeBE = view.getInt32(0, false);
  if (sizeLE === 540 || sizeBE === 540) throw niftiError('NIfTI-2 files (sizeof_hdr 540) are not supported');
  if (sizeLE !== NIFTI1_HEADER_SIZE && sizeBE !== NIFTI1_HEADER_SIZE) {
    throw niftiError(
      `not NIfTI-1 data: sizeof_hdr is ${sizeLE} (little-endian) / ${sizeBE} (big-endian), expected 348; first bytes ${showBytes(head)}`,
    );
  }
  const header = readNiftiHeader(head, sizeLE === NIFTI1_HEADER_SIZE);
  if (header.magic === 'ni1') {
    throw niftiError(
      'NIfTI header/image pairs (.hdr/.img, magic "ni1") are not supported; use a single-file .nii',
    );
  }
  if (header.magic !== 'n+1') {
    throw niftiError(
      `not NIfTI-1 data: wrong magic ${showBytes(head.subarray(344, 348))}, expected "n+1\\x00"`,
    );
  }
  const ndim = header.dim[0]!;
  if (ndim < 1 || ndim > 7) throw niftiError(`bad NIfTI header: dim[0] is ${ndim}, expected 1…7`);
  const dims = header.dim.slice(1, ndim + 1);
  dims.forEach((d, k) => {
    if (d < 1) throw niftiError(`bad NIfTI header: dim[${k + 1}] is ${d}, expected ≥ 1`);
  });
  const dtype = niftiDtypeOf(header.datatype);
  if (dtype === undefined) {
    const name = UNSUPPORTED_NIFTI_DATATYPES[header.datatype];
    throw niftiError(
      `unsupported NIfTI datatype ${header.datatype}${name === undefined ? '' : ` (${name})`}; supported: ${Object.entries(
        NIFTI_DATATYPE_CODE,
      )
        .map(([n, c]) => `${c} ${n}`)
        .join(', ')}`,
    );
  }
  const itemSize = dtypeSize(dtype);
  if (header.bitpix !== itemSize * 8) {
    throw niftiError(
      `bad NIfTI header: bitpix is ${header.bitpix}, datatype ${header.datatype} (${dtype}) has ${itemSize * 8}`,
    );
  }
  const offset = header.voxOffset;
  if (!Number.isInteger(offset) || offset < NIFTI1_VOX_OFFSET) {
    throw niftiError(`bad NIfTI header: vox_offset is ${offset}, a single-file image needs an integer ≥ 352`);
  }
  // as nibabel: a zero or non-finite slope means "no scaling"; an applied slope needs a finite intercept
  if (scalingApplies(header.sclSlope, header.sclInter) && !Number.isFinite(header.sclInter)) {
    throw niftiError(`bad NIfTI header: scl_slope is ${header.sclSlope} but scl_inter is ${header.sclInter}`);
  }
  const count = checkedProduct(dims);
  return { header, dims, dtype, dataOffset: offset, count, itemSize, dataBytes: count * itemSize };
}

/** True when value = stored · slope + inter is applied: slope finite and nonzero, not (1, 0). */
function scalingApplies(slope: number, inter: number): boolean {
  return Number.isFinite(slope) && slope !== 0 && !(slope === 1 && inter === 0);
}

/**
 * The error for voxel data shorter than the header implies.
 *
 * @example
 * ```ts
 * if (have < layout.dataBytes) throw niftiTruncated(layout, have);
 * ```
 */
export function niftiTruncated(layout: NiftiLayout, have: number): IoFormatError {
  return niftiError(
    `NIfTI data is truncated: dims [${layout.dims.join(', ')}] of ${layout.dtype} need ${layout.dataBytes} bytes after vox_offset ${layout.dataOffset}, found ${Math.max(0, have)}`,
  );
}

/**
 * Turns the raw voxel bytes (owned by the caller, aligned) into the volume: native byte order (in
 * place), then intensity scaling when it applies (in place for float voxels, into a new float
 * array otherwise).
 *
 * @param raw - exactly `layout.dataBytes` bytes at byte offset 0 of their buffer; modified.
 * @example
 * ```ts
 * const volume = finishNifti(raw, layout);
 * ```
 */
export function finishNifti(raw: Uint8Array, layout: NiftiLayout): NiftiDecoded {
  const { header, dims } = layout;
  const stored = viewElements(raw, layout.dtype, header.littleEndian);
  const data = scale(stored, header.sclSlope, header.sclInter, layout.itemSize);
  const pixdim = header.pixdim.slice(1, dims.length + 1);
  return { data, dims, pixdim, shape: dims.slice().reverse(), header };
}

function scale(raw: DtypeData, slope: number, inter: number, size: number): DtypeData {
  if (!scalingApplies(slope, inter)) return raw;
  // float32 holds every ≤ 16-bit integer exactly; wider integers and float64 need float64
  const wide = size >= 4 && !(raw instanceof Float32Array);
  const inPlace = raw instanceof Float32Array || raw instanceof Float64Array;
  const out = inPlace ? raw : wide ? new Float64Array(raw.length) : new Float32Array(raw.length);
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]!) * slope + inter;
  } else {
    for (let i = 0; i < raw.length; i++) out[i] = raw[i]! * slope + inter;
  }
  return out;
}
