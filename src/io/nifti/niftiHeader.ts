/**
 * The NIfTI-1 header (nifti1.h): 348 bytes, then a 4-byte extension flag; single-file images
 * (`.nii`, magic `n+1\0`) put the voxels at `vox_offset` (352 when there are no extensions).
 *
 * @module
 */

import { latin1Decode, utf8Decode, utf8Encode } from '../bytes';

/** Every field of a NIfTI-1 header that carries meaning (the unused ANALYZE fields are left out). */
export interface NiftiHeader {
  /** Byte order of the header and voxels. */
  littleEndian: boolean;
  /** Frequency/phase/slice encoding dims, packed 2 bits each (`dim_info`). */
  dimInfo: number;
  /** `dim[0]` = number of dimensions (1…7), `dim[1..dim[0]]` their sizes (x, y, z, t, …); 8 entries. */
  dim: number[];
  intentP1: number;
  intentP2: number;
  intentP3: number;
  /** NIFTI_INTENT_* code (1002 = label, 1007 = vector…). */
  intentCode: number;
  /** NIFTI_TYPE_* code: 2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 256 int8, 512 uint16, … */
  datatype: number;
  /** Bits per voxel, matching `datatype`. */
  bitpix: number;
  sliceStart: number;
  /** `pixdim[0]` = qfac (±1), `pixdim[1..]` voxel sizes along x, y, z, then t…; 8 entries. */
  pixdim: number[];
  /** Byte offset of the voxels in a `.nii` file. */
  voxOffset: number;
  /** Data scaling: value = stored · slope + inter, applied when slope ≠ 0. */
  sclSlope: number;
  sclInter: number;
  sliceEnd: number;
  sliceCode: number;
  /** Units of x/y/z (bits 0–2) and t (bits 3–5): 2 = mm, 8 = s… */
  xyztUnits: number;
  calMax: number;
  calMin: number;
  sliceDuration: number;
  toffset: number;
  /** Free text, ≤ 79 bytes. */
  descrip: string;
  /** Auxiliary file name, ≤ 23 bytes. */
  auxFile: string;
  /** NIFTI_XFORM_* code of the quaternion transform (0 unknown, 1 scanner, 2 aligned, …). */
  qformCode: number;
  /** NIFTI_XFORM_* code of the affine rows `srow_*`. */
  sformCode: number;
  quaternB: number;
  quaternC: number;
  quaternD: number;
  qoffsetX: number;
  qoffsetY: number;
  qoffsetZ: number;
  /** First row of the sform affine (4 entries). */
  srowX: number[];
  srowY: number[];
  srowZ: number[];
  /** Name of the intent, ≤ 15 bytes. */
  intentName: string;
  /** `n+1` (single file) or `ni1` (header/image pair), without the NUL. */
  magic: string;
}

/** Header size: `sizeof_hdr`. */
export const NIFTI1_HEADER_SIZE = 348;
/** Where the voxels start in a single-file image without extensions: header + 4-byte flag. */
export const NIFTI1_VOX_OFFSET = 352;

/**
 * Reads the 348 header bytes with the given byte order. Strings stop at the first NUL. O(1).
 */
export function readNiftiHeader(bytes: Uint8Array, littleEndian: boolean): NiftiHeader {
  const v = new DataView(bytes.buffer, bytes.byteOffset, NIFTI1_HEADER_SIZE);
  const le = littleEndian;
  const i16 = (o: number) => v.getInt16(o, le);
  const f32 = (o: number) => v.getFloat32(o, le);
  const i16s = (o: number, n: number) => Array.from({ length: n }, (_, k) => i16(o + 2 * k));
  const f32s = (o: number, n: number) => Array.from({ length: n }, (_, k) => f32(o + 4 * k));
  const text = (o: number, n: number) => readText(bytes.subarray(o, o + n));
  return {
    littleEndian,
    dimInfo: v.getUint8(39),
    dim: i16s(40, 8),
    intentP1: f32(56),
    intentP2: f32(60),
    intentP3: f32(64),
    intentCode: i16(68),
    datatype: i16(70),
    bitpix: i16(72),
    sliceStart: i16(74),
    pixdim: f32s(76, 8),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    sliceEnd: i16(120),
    sliceCode: v.getUint8(122),
    xyztUnits: v.getUint8(123),
    calMax: f32(124),
    calMin: f32(128),
    sliceDuration: f32(132),
    toffset: f32(136),
    descrip: text(148, 80),
    auxFile: text(228, 24),
    qformCode: i16(252),
    sformCode: i16(254),
    quaternB: f32(256),
    quaternC: f32(260),
    quaternD: f32(264),
    qoffsetX: f32(268),
    qoffsetY: f32(272),
    qoffsetZ: f32(276),
    srowX: f32s(280, 4),
    srowY: f32s(296, 4),
    srowZ: f32s(312, 4),
    intentName: text(328, 16),
    magic: text(344, 4),
  };
}

/**
 * Writes a header little-endian into `out[0..352)`: the 348 header bytes (`sizeof_hdr` 348,
 * `regular` 'r', magic `n+1\0`) and a zero extension flag. Text fields are UTF-8, cut to leave a
 * terminating NUL. O(1).
 */
export function writeNiftiHeader(header: NiftiHeader, out: Uint8Array): void {
  const v = new DataView(out.buffer, out.byteOffset, NIFTI1_VOX_OFFSET);
  out.fill(0, 0, NIFTI1_VOX_OFFSET);
  const le = true;
  const i16 = (o: number, x: number) => v.setInt16(o, x, le);
  const f32 = (o: number, x: number) => v.setFloat32(o, x, le);
  const text = (o: number, n: number, s: string) => out.set(utf8Encode(s).subarray(0, n - 1), o);
  v.setInt32(0, NIFTI1_HEADER_SIZE, le);
  out[38] = 0x72; // 'r': ANALYZE's "regular" flag, which NIfTI readers still expect
  v.setUint8(39, header.dimInfo & 0xff);
  for (let k = 0; k < 8; k++) i16(40 + 2 * k, header.dim[k] ?? 0);
  f32(56, header.intentP1);
  f32(60, header.intentP2);
  f32(64, header.intentP3);
  i16(68, header.intentCode);
  i16(70, header.datatype);
  i16(72, header.bitpix);
  i16(74, header.sliceStart);
  for (let k = 0; k < 8; k++) f32(76 + 4 * k, header.pixdim[k] ?? 0);
  f32(108, header.voxOffset);
  f32(112, header.sclSlope);
  f32(116, header.sclInter);
  i16(120, header.sliceEnd);
  v.setUint8(122, header.sliceCode & 0xff);
  v.setUint8(123, header.xyztUnits & 0xff);
  f32(124, header.calMax);
  f32(128, header.calMin);
  f32(132, header.sliceDuration);
  f32(136, header.toffset);
  text(148, 80, header.descrip);
  text(228, 24, header.auxFile);
  i16(252, header.qformCode);
  i16(254, header.sformCode);
  f32(256, header.quaternB);
  f32(260, header.quaternC);
  f32(264, header.quaternD);
  f32(268, header.qoffsetX);
  f32(272, header.qoffsetY);
  f32(276, header.qoffsetZ);
  for (let k = 0; k < 4; k++) {
    f32(280 + 4 * k, header.srowX[k] ?? 0);
    f32(296 + 4 * k, header.srowY[k] ?? 0);
    f32(312 + 4 * k, header.srowZ[k] ?? 0);
  }
  text(328, 16, header.intentName);
  out.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
}

/** A header with neutral geometry: unit voxels, no transform codes, no scaling. */
export function defaultNiftiHeader(): NiftiHeader {
  return {
    littleEndian: true,
    dimInfo: 0,
    dim: [0, 1, 1, 1, 1, 1, 1, 1],
    intentP1: 0,
    intentP2: 0,
    intentP3: 0,
    intentCode: 0,
    datatype: 0,
    bitpix: 0,
    sliceStart: 0,
    pixdim: [1, 1, 1, 1, 1, 1, 1, 1],
    voxOffset: NIFTI1_VOX_OFFSET,
    sclSlope: 1,
    sclInter: 0,
    sliceEnd: 0,
    sliceCode: 0,
    xyztUnits: 0,
    calMax: 0,
    calMin: 0,
    sliceDuration: 0,
    toffset: 0,
    descrip: '',
    auxFile: '',
    qformCode: 0,
    sformCode: 0,
    quaternB: 0,
    quaternC: 0,
    quaternD: 0,
    qoffsetX: 0,
    qoffsetY: 0,
    qoffsetZ: 0,
    srowX: [0, 0, 0, 0],
    srowY: [0, 0, 0, 0],
    srowZ: [0, 0, 0, 0],
    intentName: '',
    magic: 'n+1',
  };
}

function readText(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  const used = end < 0 ? bytes : bytes.subarray(0, end);
  try {
    return utf8Decode(used);
  } catch {
    return latin1Decode(used); // older tools wrote Latin-1 descriptions
  }
}
