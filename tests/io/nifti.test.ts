import { gunzipSync } from 'fflate';
import * as niftiReader from 'nifti-reader-js';
import { describe, expect, it } from 'vitest';
import {
  decodeNifti,
  encodeNifti,
  IoFormatError,
  labelsToNifti,
  NIFTI_INTENT_LABEL,
  type NiftiDtype,
  niftiToProbabilities,
} from '../../src/io/index';
import { fixture } from '../helpers/ioFixtures';

/** The probabilities make_fixtures.py wrote, C order [C=3, Z=1, Y=2, X=2]. */
const P0 = [0.7, 0.1, 0.2, 0.3];
const P1 = [0.2, 0.8, 0.1, 0.3];
const f = Math.fround;
// numpy computed 1 - p0 - p1 in float32, rounding after each subtraction
const PROBS = Float32Array.from([...P0, ...P1, ...P0.map((p, i) => f(f(1 - f(p)) - f(P1[i]!)))]);

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

function expectNiftiError(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IoFormatError);
    expect((e as IoFormatError).format).toBe('nifti');
    expect((e as IoFormatError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an IoFormatError');
}

/** A NIfTI-1 file assembled by hand from the nifti1.h offsets (independent of the encoder). */
function handNifti(opts: {
  littleEndian?: boolean;
  sizeofHdr?: number;
  dim?: number[];
  datatype?: number;
  bitpix?: number;
  voxOffset?: number;
  magic?: string;
  data?: Uint8Array;
}): Uint8Array {
  const le = opts.littleEndian ?? true;
  const data = opts.data ?? new Uint8Array(24);
  const voxOffset = opts.voxOffset ?? 352;
  const out = new Uint8Array(Math.max(352, voxOffset) + data.length);
  const v = new DataView(out.buffer);
  v.setInt32(0, opts.sizeofHdr ?? 348, le);
  (opts.dim ?? [3, 3, 2, 2, 1, 1, 1, 1]).forEach((d, k) => {
    v.setInt16(40 + 2 * k, d, le);
  });
  v.setInt16(70, opts.datatype ?? 4, le);
  v.setInt16(72, opts.bitpix ?? 16, le);
  for (let k = 0; k < 8; k++) v.setFloat32(76 + 4 * k, 1, le);
  v.setFloat32(108, voxOffset, le);
  const magic = opts.magic ?? 'n+1\0';
  for (let k = 0; k < 4; k++) out[344 + k] = magic.charCodeAt(k);
  out.set(data, Math.max(352, voxOffset));
  return out;
}

describe('encodeNifti follows the NIfTI-1 header specification byte by byte', () => {
  const header = {
    pixdim: [-1, 0.5, 0.75, 2],
    xyztUnits: 10,
    qformCode: 1,
    sformCode: 2,
    quaternB: 0,
    quaternC: 0.5,
    quaternD: 1,
    qoffsetX: -3,
    qoffsetY: 4,
    qoffsetZ: 5.5,
    srowX: [-0.5, 0, 0, 1],
    srowY: [0, 0.75, 0, 2],
    srowZ: [0, 0, 2, 3],
  };
  const data = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
  const bytes = encodeNifti({ data, dims: [2, 2, 2], header });

  it('equals a 360-byte file built by hand from the nifti1.h offsets', () => {
    const want = new Uint8Array(360);
    const v = new DataView(want.buffer);
    v.setInt32(0, 348, true); // sizeof_hdr
    want[38] = 0x72; // regular = 'r'
    [3, 2, 2, 2, 1, 1, 1, 1].forEach((d, k) => {
      v.setInt16(40 + 2 * k, d, true);
    }); // dim[0] = 3
    v.setInt16(70, 2, true); // datatype DT_UNSIGNED_CHAR
    v.setInt16(72, 8, true); // bitpix
    [-1, 0.5, 0.75, 2, 0, 0, 0, 0].forEach((p, k) => {
      v.setFloat32(76 + 4 * k, p, true);
    }); // pixdim, qfac −1
    v.setFloat32(108, 352, true); // vox_offset
    v.setFloat32(112, 1, true); // scl_slope
    want[123] = 10; // xyzt_units: mm + s
    v.setInt16(252, 1, true); // qform_code
    v.setInt16(254, 2, true); // sform_code
    [0, 0.5, 1, -3, 4, 5.5].forEach((q, k) => {
      v.setFloat32(256 + 4 * k, q, true);
    }); // quatern_b…qoffset_z
    [-0.5, 0, 0, 1, 0, 0.75, 0, 2, 0, 0, 2, 3].forEach((s, k) => {
      v.setFloat32(280 + 4 * k, s, true);
    }); // srow_x/y/z
    want.set([0x6e, 0x2b, 0x31, 0x00], 344); // magic "n+1\0"; 348…351: extension flag 0
    want.set(data, 352);
    expect(bytes).toEqual(want);
  });

  it('is read back field by field by nifti-reader-js (an independent reader)', () => {
    const h = niftiReader.readHeader(buffer(bytes)) as niftiReader.NIFTI1;
    expect(h.littleEndian).toBe(true);
    expect(h.magic).toBe('n+1');
    expect(h.dims).toEqual([3, 2, 2, 2, 1, 1, 1, 1]);
    expect(h.datatypeCode).toBe(2);
    expect(h.numBitsPerVoxel).toBe(8);
    expect(h.vox_offset).toBe(352);
    expect(h.pixDims.slice(0, 4)).toEqual([-1, 0.5, 0.75, 2]);
    expect([h.qform_code, h.sform_code, h.xyzt_units]).toEqual([1, 2, 10]);
    expect([h.quatern_b, h.quatern_c, h.quatern_d, h.qoffset_x, h.qoffset_y, h.qoffset_z]).toEqual([
      0, 0.5, 1, -3, 4, 5.5,
    ]);
    expect(h.affine.slice(0, 3)).toEqual([header.srowX, header.srowY, header.srowZ]);
    expect(new Uint8Array(niftiReader.readImage(h, buffer(bytes)))).toEqual(data);
  });

  it('gzips with gzip: true; the inflated bytes equal the plain encoding', () => {
    const gz = encodeNifti({ data, dims: [2, 2, 2], header }, { gzip: true });
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gz)).toEqual(bytes);
    expect(niftiReader.isCompressed(buffer(gz))).toBe(true);
  });
});

describe('decodeNifti reads hand-assembled NIfTI-1 files (fixtures)', () => {
  it('big-endian int16 with scl_slope 0.5, scl_inter 10 becomes scaled Float32Array in native order', () => {
    const vol = decodeNifti(fixture('be_int16_scaled.nii'));
    expect(vol.header.littleEndian).toBe(false);
    expect(vol.dims).toEqual([3, 2, 2]);
    expect(vol.shape).toEqual([2, 2, 3]);
    expect(vol.pixdim).toEqual([0.5, 0.75, 2]);
    expect(vol.data).toBeInstanceOf(Float32Array);
    expect(Array.from(vol.data as Float32Array)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i * 3 - 6) * 0.5 + 10),
    );
    const h = vol.header;
    expect([h.qformCode, h.sformCode, h.xyztUnits, h.datatype, h.bitpix]).toEqual([1, 2, 10, 4, 16]);
    expect([h.quaternB, h.quaternC, h.quaternD, h.qoffsetX, h.qoffsetY, h.qoffsetZ]).toEqual([
      0, 0, 1, -3, 4, 5.5,
    ]);
    expect(h.srowX).toEqual([-0.5, 0, 0, 1]);
    expect(h.srowZ).toEqual([0, 0, 2, 3]);
    expect(h.descrip).toBe('fixture');
    expect(h.magic).toBe('n+1');
  });

  it('agrees with nifti-reader-js on the big-endian fixture', () => {
    const bytes = fixture('be_int16_scaled.nii');
    const h = niftiReader.readHeader(buffer(bytes)) as niftiReader.NIFTI1;
    const raw = new DataView(niftiReader.readImage(h, buffer(bytes)));
    const ours = decodeNifti(bytes).data as Float32Array;
    for (let i = 0; i < 12; i++) expect(ours[i]).toBe(raw.getInt16(2 * i, false) * h.scl_slope + h.scl_inter);
  });

  it('gzipped little-endian float32 4-D probabilities: (X, Y, Z, C) = (2, 2, 1, 3), unscaled (slope 0)', () => {
    const vol = decodeNifti(fixture('le_float32_probs.nii.gz'));
    expect(vol.dims).toEqual([2, 2, 1, 3]);
    expect(vol.shape).toEqual([3, 1, 2, 2]);
    expect(vol.header.sclSlope).toBe(0);
    expect(vol.data).toEqual(PROBS);
    expect(vol.header.pixdim[0]).toBe(-1);
  });

  it('keeps stored integers when (slope, inter) is (1, 0) or slope is 0, and scales int32 to Float64Array', () => {
    const file = handNifti({
      data: new Uint8Array(new Int16Array([1, -2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).buffer),
    });
    expect(decodeNifti(file).data).toBeInstanceOf(Int16Array);
    const withSlope = file.slice();
    new DataView(withSlope.buffer).setFloat32(112, 1, true);
    expect(decodeNifti(withSlope).data).toBeInstanceOf(Int16Array);
    const i32 = handNifti({
      dim: [1, 2, 1, 1, 1, 1, 1, 1],
      datatype: 8,
      bitpix: 32,
      data: new Uint8Array(new Int32Array([2 ** 30, -7]).buffer),
    });
    new DataView(i32.buffer).setFloat32(112, 2, true);
    new DataView(i32.buffer).setFloat32(116, 1, true);
    const scaled = decodeNifti(i32).data;
    expect(scaled).toBeInstanceOf(Float64Array);
    expect(Array.from(scaled as Float64Array)).toEqual([2 ** 31 + 1, -13]);
  });
});

describe('encodeNifti and decodeNifti round-trip every supported datatype, plain and gzipped', () => {
  const samples: Record<NiftiDtype, ArrayLike<number | bigint> & { constructor: { name: string } }> = {
    uint8: new Uint8Array([0, 1, 255, 7, 8, 9]),
    int8: new Int8Array([-128, 127, 0, 1, 2, 3]),
    int16: new Int16Array([-32768, 32767, 0, 1, 2, 3]),
    uint16: new Uint16Array([65535, 0, 1, 2, 3, 4]),
    int32: new Int32Array([-(2 ** 31), 2 ** 31 - 1, 0, 1, 2, 3]),
    uint32: new Uint32Array([2 ** 32 - 1, 0, 1, 2, 3, 4]),
    int64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 0n, 1n, 2n, 3n]),
    uint64: new BigUint64Array([2n ** 64n - 1n, 0n, 1n, 2n, 3n, 4n]),
    float32: new Float32Array([0.5, -1.25, 3.4e38, 1e-40, 0, 1]),
    float64: new Float64Array([0.1, -1e300, 5e-324, 0, 1, 2]),
  };
  for (const [dtype, data] of Object.entries(samples)) {
    for (const gzip of [false, true]) {
      it(`${dtype}${gzip ? ' (.nii.gz)' : ''}`, () => {
        const vol = decodeNifti(encodeNifti({ data: data as never, dims: [3, 2] }, { gzip }));
        expect(vol.dims).toEqual([3, 2]);
        expect(vol.data.constructor.name).toBe(data.constructor.name);
        expect(Array.from(vol.data as ArrayLike<number | bigint>)).toEqual(Array.from(data));
      });
    }
  }

  it('writes number[] as float64 and a datatype override (float32 data as int16)', () => {
    expect(decodeNifti(encodeNifti({ data: [0.5, 1.5], dims: [2] })).data).toEqual(
      new Float64Array([0.5, 1.5]),
    );
    const vol = decodeNifti(encodeNifti({ data: new Float32Array([3, -4]), dims: [2], datatype: 'int16' }));
    expect(vol.data).toEqual(new Int16Array([3, -4]));
  });

  it('a decoded scaled volume written back holds the scaled values, with scl_slope 1 (no double scaling)', () => {
    const vol = decodeNifti(fixture('be_int16_scaled.nii'));
    const again = decodeNifti(encodeNifti(vol));
    expect(again.data).toEqual(vol.data);
    expect(again.header.sclSlope).toBe(1);
    expect(again.header.srowX).toEqual(vol.header.srowX);
  });
});

describe('niftiToProbabilities gives the channels-first layout [1, C, Z, Y, X]', () => {
  it('classes on the 4th NIfTI axis (default): a plain copy, shape [1, 3, 1, 2, 2]', () => {
    const vol = decodeNifti(fixture('le_float32_probs.nii.gz'));
    const p = niftiToProbabilities(vol);
    expect(p.shape).toEqual([1, 3, 1, 2, 2]);
    expect(p.data).toEqual(PROBS);
    expect(p.data).not.toBe(vol.data);
    // voxel (x=1, y=0, z=0) of class 1 is element [0, 1, 0, 0, 1]
    expect(p.data[1 * 4 + 0 * 2 + 1]).toBe(Math.fround(0.8));
  });

  it('any class axis: element (c, …, y, x) equals the voxel with that class index (brute force)', () => {
    const dims = [3, 2, 4, 2]; // (X, Y, Z, T)
    const n = 48;
    const data = Float64Array.from({ length: n }, (_, i) => i);
    const strides = [1, 3, 6, 24];
    for (const axis of [0, 1, 2, 3]) {
      const p = niftiToProbabilities({ data, dims }, { classAxis: axis });
      const spatial = [0, 1, 2, 3].filter((k) => k !== axis);
      expect(p.shape).toEqual([1, dims[axis], ...spatial.map((k) => dims[k]).reverse()]);
      expect(p.data).toBeInstanceOf(Float64Array);
      let o = 0;
      for (let c = 0; c < dims[axis]!; c++) {
        // C-order walk of the reversed spatial axes: the last spatial axis slowest
        const [s0, s1, s2] = spatial as [number, number, number];
        for (let i2 = 0; i2 < dims[s2]!; i2++)
          for (let i1 = 0; i1 < dims[s1]!; i1++)
            for (let i0 = 0; i0 < dims[s0]!; i0++) {
              const src = c * strides[axis]! + i0 * strides[s0]! + i1 * strides[s1]! + i2 * strides[s2]!;
              expect(p.data[o++]).toBe(src);
            }
      }
    }
  });

  it("a 3-D volume is one class [1, 1, Z, Y, X]; classAxis 'none' forces that for 4-D", () => {
    const p = niftiToProbabilities({ data: new Float32Array(12), dims: [3, 2, 2] });
    expect(p.shape).toEqual([1, 1, 2, 2, 3]);
    expect(
      niftiToProbabilities({ data: new Uint8Array(12), dims: [3, 2, 1, 2] }, { classAxis: 'none' }).shape,
    ).toEqual([1, 1, 2, 1, 2, 3]);
  });

  it('rejects a class axis outside the dims and data that disagrees with dims', () => {
    expect(() =>
      niftiToProbabilities({ data: new Float32Array(12), dims: [3, 2, 2] }, { classAxis: 3 }),
    ).toThrow(/options\.classAxis must be 'last', 'none' or an integer in \[0, 2\]; got 3/);
    expect(() => niftiToProbabilities({ data: new Float32Array(11), dims: [3, 2, 2] })).toThrow(RangeError);
    expect(() => niftiToProbabilities({ data: new Float32Array(1) } as never)).toThrow(TypeError);
  });
});

describe('labelsToNifti keeps the source geometry and picks the smallest label type', () => {
  const source = decodeNifti(fixture('le_float32_probs.nii.gz'));
  const mask = { data: new Uint8Array([0, 1, 2, 0]), shape: [1, 1, 2, 2] }; // [1, Z, Y, X]

  it('writes a 3-D uint8 label volume with the template pixdim, qform/sform, quatern, srow and units', () => {
    const out = decodeNifti(encodeNifti(labelsToNifti(mask, source.header), { gzip: true }));
    expect(out.dims).toEqual([2, 2, 1]);
    expect(out.data).toEqual(new Uint8Array([0, 1, 2, 0]));
    const h = out.header;
    const t = source.header;
    expect(h.datatype).toBe(2);
    expect(h.pixdim.slice(0, 4)).toEqual(t.pixdim.slice(0, 4));
    expect([h.qformCode, h.sformCode, h.xyztUnits]).toEqual([t.qformCode, t.sformCode, t.xyztUnits]);
    expect([h.quaternB, h.quaternC, h.quaternD, h.qoffsetX, h.qoffsetY, h.qoffsetZ]).toEqual([
      t.quaternB,
      t.quaternC,
      t.quaternD,
      t.qoffsetX,
      t.qoffsetY,
      t.qoffsetZ,
    ]);
    expect([h.srowX, h.srowY, h.srowZ]).toEqual([t.srowX, t.srowY, t.srowZ]);
    expect([h.intentCode, h.calMin, h.calMax, h.descrip]).toEqual([
      NIFTI_INTENT_LABEL,
      0,
      2,
      'rankseg labels',
    ]);
  });

  it('uses int16 for labels above 255 or below 0, int32 beyond int16; [Z, Y, X] without the batch axis works', () => {
    expect(labelsToNifti({ data: [0, 300, 1, 2], shape: [1, 2, 2] }, source.header).datatype).toBe('int16');
    expect(labelsToNifti({ data: [-1, 3, 1, 2], shape: [1, 2, 2] }, source.header).datatype).toBe('int16');
    expect(
      labelsToNifti({ data: new Int32Array([0, 70000, 1, 2]), shape: [1, 2, 2] }, source.header).datatype,
    ).toBe('int32');
  });

  it('rejects a shape that disagrees with the template, a batch of several volumes, and non-integer labels', () => {
    expect(() => labelsToNifti({ data: new Uint8Array(4), shape: [1, 2, 2, 1] }, source.header)).toThrow(
      /labels\.shape \[1, 2, 2, 1\] \(Z, Y, X\) does not match the template's dims \(X, Y, Z\) = \(2, 2, 1\)/,
    );
    expect(() => labelsToNifti({ data: new Uint8Array(8), shape: [2, 1, 2, 2] }, source.header)).toThrow(
      /one volume/,
    );
    expect(() => labelsToNifti({ data: [0.5, 0, 0, 0], shape: [1, 2, 2] }, source.header)).toThrow(
      /not an integer label/,
    );
    expect(() => labelsToNifti(mask, {} as never)).toThrow(TypeError);
  });
});

describe('decodeNifti rejects bad files with an IoFormatError that says what is wrong', () => {
  const good = handNifti({});
  it('a file shorter than the header', () => {
    expectNiftiError(
      () => decodeNifti(good.subarray(0, 100)),
      /truncated: 100 bytes, the header alone needs 348/,
    );
  });
  it('voxel data shorter than dims × datatype', () => {
    expectNiftiError(
      () => decodeNifti(good.subarray(0, good.length - 4)),
      /truncated: dims \[3, 2, 2\] of int16 need 24 bytes after vox_offset 352, found 20/,
    );
  });
  it('a truncated or corrupt gzip stream', () => {
    const gz = fixture('le_float32_probs.nii.gz');
    expectNiftiError(() => decodeNifti(gz.subarray(0, 60)), /gzip stream is corrupt or truncated/);
  });
  it('wrong magic, header/image pairs, wrong sizeof_hdr, NIfTI-2', () => {
    expectNiftiError(() => decodeNifti(handNifti({ magic: 'abc\0' })), /wrong magic "abc\\x00"/);
    expectNiftiError(() => decodeNifti(handNifti({ magic: 'ni1\0' })), /header\/image pairs/);
    expectNiftiError(
      () => decodeNifti(handNifti({ sizeofHdr: 1234 })),
      /sizeof_hdr is 1234 \(little-endian\)/,
    );
    expectNiftiError(() => decodeNifti(handNifti({ sizeofHdr: 540 })), /NIfTI-2/);
    expectNiftiError(() => decodeNifti(fixture('palette8.png')), /not NIfTI-1 data/);
  });
  it('unsupported datatypes and a bitpix that disagrees', () => {
    expectNiftiError(
      () => decodeNifti(handNifti({ datatype: 128, bitpix: 24 })),
      /unsupported NIfTI datatype 128 \(rgb24\)/,
    );
    expectNiftiError(
      () => decodeNifti(handNifti({ datatype: 32, bitpix: 64 })),
      /unsupported NIfTI datatype 32 \(complex64\)/,
    );
    expectNiftiError(
      () => decodeNifti(handNifti({ datatype: 16, bitpix: 16 })),
      /bitpix is 16, datatype 16 \(float32\) has 32/,
    );
  });
  it('bad dims and vox_offset', () => {
    expectNiftiError(
      () => decodeNifti(handNifti({ dim: [0, 1, 1, 1, 1, 1, 1, 1] })),
      /dim\[0\] is 0, expected 1…7/,
    );
    expectNiftiError(() => decodeNifti(handNifti({ dim: [8, 1, 1, 1, 1, 1, 1, 1] })), /dim\[0\] is 8/);
    expectNiftiError(
      () => decodeNifti(handNifti({ dim: [3, 3, 0, 2, 1, 1, 1, 1] })),
      /dim\[2\] is 0, expected ≥ 1/,
    );
    expectNiftiError(() => decodeNifti(handNifti({ voxOffset: 100 })), /vox_offset is 100/);
  });
  it('reads a big-endian file built by hand the same as its little-endian twin', () => {
    const payload = new Int16Array([1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12]);
    const le = handNifti({ data: new Uint8Array(payload.buffer) });
    const beData = new Uint8Array(24);
    const dv = new DataView(beData.buffer);
    payload.forEach((x, i) => {
      dv.setInt16(2 * i, x, false);
    });
    const be = handNifti({ littleEndian: false, data: beData });
    expect(decodeNifti(be).data).toEqual(payload);
    expect(decodeNifti(le).data).toEqual(payload);
  });
});

describe('encodeNifti rejects bad arguments with TypeError/RangeError', () => {
  it('dims, data length, datatype, values', () => {
    expect(() => encodeNifti({ data: [1], dims: [] })).toThrow(/image\.dims must have 1 to 7 entries/);
    expect(() => encodeNifti({ data: [1], dims: [1, 1, 1, 1, 1, 1, 1, 1] })).toThrow(/1 to 7/);
    expect(() => encodeNifti({ data: new Uint8Array(40000), dims: [40000] })).toThrow(/\[1, 32767\]/);
    expect(() => encodeNifti({ data: [1, 2], dims: [3] })).toThrow(/image\.data\.length \(2\) must equal/);
    expect(() => encodeNifti({ data: [1], dims: [1], datatype: 'float16' as NiftiDtype })).toThrow(
      /NIfTI-1 cannot store float16/,
    );
    expect(() => encodeNifti({ data: [300], dims: [1], datatype: 'uint8' })).toThrow(
      /image\.data\[0\] = 300/,
    );
    expect(() => encodeNifti({ data: 'x', dims: [1] } as never)).toThrow(TypeError);
    expect(() => encodeNifti({ data: [1], dims: 'x' } as never)).toThrow(TypeError);
  });
});
