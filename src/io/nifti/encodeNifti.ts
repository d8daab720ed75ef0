/**
 * NIfTI-1 writer.
 *
 * @module
 */

import { concatChunks } from '../bytes';
import { gzipChunks } from '../compress/deflateChunks';
import { type Dtype, describe, dtypeOf, dtypeSize, encodeElements, parseDtype } from '../dtype';
import { checkShape, isNumericData, shapeSize } from '../shape';
import type { NumericData } from '../types';
import { isNiftiDtype, NIFTI_DATATYPE_CODE, type NiftiDtype } from './niftiDatatype';
import { defaultNiftiHeader, NIFTI1_VOX_OFFSET, type NiftiHeader, writeNiftiHeader } from './niftiHeader';

/** A volume to write: voxels x fastest, sizes in NIfTI order. */
export interface NiftiImage {
  /** Voxels in NIfTI order (x fastest), i.e. a C-order array of shape `dims` reversed. */
  data: NumericData;
  /** Sizes `[X, Y, Z, (T, …)]`, 1…7 entries. */
  dims: readonly number[];
  /**
   * Template for every other header field (geometry, units, intent, description). `dim`,
   * `datatype`, `bitpix`, `vox_offset`, `magic` and byte order come from the data; `scl_slope`,
   * `scl_inter` are always written as 1, 0 because `data` holds final values.
   */
  header?: Partial<NiftiHeader>;
  /** Stored type; default: the data's own (`Float32Array` → float32, number[] → float64…). */
  datatype?: NiftiDtype;
}

/** Options of {@link encodeNifti}. */
export interface NiftiEncodeOptions {
  /** gzip the result (for `.nii.gz`). Default false. */
  gzip?: boolean;
}

/**
 * Encodes a single-file NIfTI-1 image (`.nii`, or `.nii.gz` with `gzip: true`), little-endian:
 * 348-byte header (`sizeof_hdr` 348, magic `n+1\0`), 4 zero bytes (no extensions), voxels from byte
 * 352 (`vox_offset`). O(n).
 *
 * @param image - `{ data, dims, header?, datatype? }`; not modified.
 * @param options - `{ gzip }`.
 * @throws {TypeError} if `data` is not numeric or `dims` not an array.
 * @throws {RangeError} if dims has 0 or > 7 entries or an entry < 1, `data.length` ≠ product of
 *   dims, the datatype is not a NIfTI one, or a value does not fit it.
 * @example
 * ```ts
 * import { encodeNifti } from 'rankseg/io';
 * const nii = encodeNifti({ data: new Uint8Array(8), dims: [2, 2, 2], header: { pixdim: [1, 0.5, 0.5, 2] } });
 * nii.length; // 360 = 352 + 8
 * ```
 */
export function encodeNifti(image: NiftiImage, options: NiftiEncodeOptions = {}): Uint8Array {
  return concatChunks(encodeNiftiChunks(image, options));
}

/**
 * The encoding of {@link encodeNifti} as a sequence of chunks: the 352-byte header, then the voxels
 * in blocks of `blockElements` elements, each converted when it is requested (gzipped as they
 * come with `gzip: true`). The Node layer streams these into a temporary file, so a large volume
 * is never encoded whole in memory. Validation happens at the first `next()`.
 *
 * @param blockElements - voxels per data chunk (default 2^20).
 * @throws as {@link encodeNifti}, from `next()`.
 * @example
 * ```ts
 * for (const chunk of encodeNiftiChunks({ data: labels, dims: [X, Y, Z] }, { gzip: true })) write(chunk);
 * ```
 */
export function* encodeNiftiChunks(
  image: NiftiImage,
  options: NiftiEncodeOptions = {},
  blockElements = 1 << 20,
): Generator<Uint8Array, void, undefined> {
  const plan = planNifti(image);
  const plain = niftiPlainChunks(plan, Math.max(1, Math.floor(blockElements)));
  yield* options.gzip === true ? gzipChunks(plain) : plain;
}

interface NiftiPlan {
  data: NumericData;
  dtype: Dtype;
  count: number;
  header: Uint8Array;
}

function* niftiPlainChunks(plan: NiftiPlan, block: number): Generator<Uint8Array, void, undefined> {
  yield plan.header;
  const size = dtypeSize(plan.dtype);
  for (let start = 0; start < plan.count; start += block) {
    const end = Math.min(plan.count, start + block);
    const out = new Uint8Array((end - start) * size);
    encodeElements(plan.data, start, end, plan.dtype, out, 0, true, 'image.data');
    yield out;
  }
}

function planNifti(image: NiftiImage): NiftiPlan {
  if (typeof image !== 'object' || image === null) {
    throw new TypeError(`image must be an object { data, dims }, got ${describe(image)}`);
  }
  const { data } = image;
  if (!isNumericData(data)) {
    throw new TypeError(`image.data must be a typed array or an array of numbers, got ${describe(data)}`);
  }
  const dims = checkShape(image.dims, 'image.dims');
  if (dims.length < 1 || dims.length > 7) {
    throw new RangeError(`image.dims must have 1 to 7 entries, got [${dims.join(', ')}]`);
  }
  dims.forEach((d, k) => {
    if (d < 1 || d > 32767) throw new RangeError(`image.dims[${k}] must be in [1, 32767] (int16), got ${d}`);
  });
  const count = shapeSize(dims);
  if (count !== data.length) {
    throw new RangeError(
      `image.data.length (${data.length}) must equal the product of image.dims [${dims.join(', ')}] (${count})`,
    );
  }
  const dtype =
    image.datatype === undefined ? dtypeOf(data, 'image.data') : parseDtype(image.datatype, 'image.datatype');
  if (!isNiftiDtype(dtype)) {
    throw new RangeError(
      `NIfTI-1 cannot store ${dtype}; image.datatype must be one of ${Object.keys(NIFTI_DATATYPE_CODE).join(', ')}`,
    );
  }
  const size = dtypeSize(dtype);
  const header: NiftiHeader = defaultNiftiHeader();
  for (const [key, value] of Object.entries(image.header ?? {})) {
    if (value !== undefined && key in header) (header as unknown as Record<string, unknown>)[key] = value;
  }
  const pixdim = Array.from({ length: 8 }, (_, k) => header.pixdim[k] ?? (k === 0 ? 1 : 0));
  if (pixdim[0] !== 1 && pixdim[0] !== -1) pixdim[0] = 1; // qfac is ±1; 0 means 1 (nifti1.h)
  for (let k = 1; k <= dims.length; k++) if (!(pixdim[k]! > 0)) pixdim[k] = 1;
  const out = new Uint8Array(NIFTI1_VOX_OFFSET);
  writeNiftiHeader(
    {
      ...header,
      dim: [dims.length, ...dims, ...new Array<number>(7 - dims.length).fill(1)],
      pixdim,
      datatype: NIFTI_DATATYPE_CODE[dtype],
      bitpix: size * 8,
      voxOffset: NIFTI1_VOX_OFFSET,
      sclSlope: 1,
      sclInter: 0,
      littleEndian: true,
      magic: 'n+1',
    },
    out,
  );
  return { data, dtype, count, header: out };
}
