/**
 * Reference readers for the fuzzer's judge: what a successful decode of an uncompressed NPY or
 * NIfTI file must contain, worked out from the bytes by the simplest possible means (regular
 * expressions on the NPY header, DataView reads at the nifti1.h offsets), independently of the
 * decoders under test. They only read; they assume the decoder already accepted the file.
 *
 * @module
 */

/** Element values of a reference read, in C order, and the shape. */
export interface ReferenceArray {
  shape: number[];
  values: (number | bigint)[];
}

type Reader = (view: DataView, at: number, little: boolean) => number | bigint;

const READERS: Record<string, [number, Reader]> = {
  b1: [1, (v, o) => (v.getUint8(o) === 0 ? 0 : 1)],
  i1: [1, (v, o) => v.getInt8(o)],
  u1: [1, (v, o) => v.getUint8(o)],
  i2: [2, (v, o, le) => v.getInt16(o, le)],
  u2: [2, (v, o, le) => v.getUint16(o, le)],
  i4: [4, (v, o, le) => v.getInt32(o, le)],
  u4: [4, (v, o, le) => v.getUint32(o, le)],
  i8: [8, (v, o, le) => v.getBigInt64(o, le)],
  u8: [8, (v, o, le) => v.getBigUint64(o, le)],
  f2: [2, (v, o, le) => half(v.getUint16(o, le))],
  f4: [4, (v, o, le) => v.getFloat32(o, le)],
  f8: [8, (v, o, le) => v.getFloat64(o, le)],
};

/** IEEE half → number, from the bit fields. */
function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * The array an NPY file holds, read with regular expressions from its header text, or undefined
 * when the header does not have the plain form numpy writes.
 *
 * @example
 * ```ts
 * referenceNpy(encodeNpy({ data: [1, 2], shape: [2] }))?.values; // [1, 2]
 * ```
 */
export function referenceNpy(bytes: Uint8Array): ReferenceArray | undefined {
  const major = bytes[6]!;
  const prefix = major === 1 ? 10 : 12;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const text = String.fromCharCode(...bytes.subarray(prefix, prefix + headerLength));
  const descr = /'descr':\s*'([<>|=])([a-z]\d|\?)'/.exec(text);
  const fortran = /'fortran_order':\s*(True|False)/.exec(text);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text);
  if (descr === null || fortran === null || shapeText === null) return undefined;
  const code = descr[2] === '?' ? 'b1' : descr[2]!;
  const reader = READERS[code];
  if (reader === undefined) return undefined;
  const [size, read] = reader;
  const shape = shapeText[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const little = descr[1] !== '>';
  const fortranOrder = fortran[1] === 'True';
  const values: (number | bigint)[] = [];
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < count; c++) {
    // file position of C-order element c: C order, or Fortran order (first axis fastest)
    let f = 0;
    if (fortranOrder) {
      for (let k = shape.length - 1; k >= 0; k--) f = f * shape[k]! + index[k]!;
    } else f = c;
    values.push(read(view, prefix + headerLength + f * size, little));
    for (let k = shape.length - 1; k >= 0; k--) {
      index[k]!++;
      if (index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return { shape, values };
}

const NIFTI_TYPES: Record<number, string> = {
  2: 'u1',
  4: 'i2',
  8: 'i4',
  16: 'f4',
  64: 'f8',
  256: 'i1',
  512: 'u2',
  768: 'u4',
  1024: 'i8',
  1280: 'u8',
};

/**
 * The volume a `.nii` file holds, read at the nifti1.h offsets, with nibabel's scaling rule
 * (stored · slope + inter when slope is finite and nonzero and not (1, 0)).
 *
 * @example
 * ```ts
 * referenceNifti(encodeNifti({ data: [1, 2], dims: [2] }))?.shape; // [2] (NIfTI dims)
 * ```
 */
export function referenceNifti(bytes: Uint8Array): ReferenceArray | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getInt32(0, true) === 348;
  const ndim = view.getInt16(40, little);
  const dims = Array.from({ length: ndim }, (_, k) => view.getInt16(42 + 2 * k, little));
  const code = NIFTI_TYPES[view.getInt16(70, little)];
  if (code === undefined) return undefined;
  const [size, read] = READERS[code]!;
  const offset = view.getFloat32(108, little);
  const slope = view.getFloat32(112, little);
  const inter = view.getFloat32(116, little);
  const scaled = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && inter === 0);
  const count = dims.reduce((a, b) => a * b, 1);
  const values: (number | bigint)[] = [];
  for (let i = 0; i < count; i++) {
    const v = read(view, offset + i * size, little);
    values.push(scaled ? Number(v) * slope + inter : v);
  }
  return { shape: dims, values };
}
