import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Dtype,
  decodeNpy,
  encodeNpy,
  encodeNpyChunks,
  IoFormatError,
  type NumericData,
} from '../../src/io/index';
import { ascii, fixture, fixturePath, npyDataBytes, rawNpy } from '../helpers/ioFixtures';

/** The values make_fixtures.py wrote for each dtype, shape (2, 3), and the arrays that hold them. */
const VALUES: Record<string, { dtype: Dtype; data: NumericData }> = {
  f2: { dtype: 'float16', data: new Float32Array([0, -1.5, 0.5, 65504, -(2 ** -10), 2 ** -14]) },
  f4: {
    dtype: 'float32',
    data: new Float32Array([1.5, -2.25, 3.4028234663852886e38, 2 ** -149, -0, Infinity]),
  },
  f8: { dtype: 'float64', data: new Float64Array([1.5, -2.25, 1e300, 5e-324, -0, -Infinity]) },
  i1: { dtype: 'int8', data: new Int8Array([-128, 127, 0, -1, 5, 42]) },
  i2: { dtype: 'int16', data: new Int16Array([-32768, 32767, 0, -1, 300, -300]) },
  i4: { dtype: 'int32', data: new Int32Array([-(2 ** 31), 2 ** 31 - 1, 0, -1, 70000, -70000]) },
  i8: {
    dtype: 'int64',
    data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 2n ** 40n, -(2n ** 53n + 1n)]),
  },
  u1: { dtype: 'uint8', data: new Uint8Array([0, 255, 1, 128, 7, 42]) },
  u2: { dtype: 'uint16', data: new Uint16Array([0, 65535, 1, 256, 300, 42]) },
  u4: { dtype: 'uint32', data: new Uint32Array([0, 2 ** 32 - 1, 1, 65536, 70000, 42]) },
  u8: { dtype: 'uint64', data: new BigUint64Array([0n, 2n ** 64n - 1n, 1n, 2n ** 53n + 1n, 2n ** 40n, 42n]) },
  b1: { dtype: 'bool', data: new Uint8Array([1, 0, 1, 1, 0, 0]) },
};

const CLASS: Record<Dtype, string> = {
  bool: 'Uint8Array',
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int64: 'BigInt64Array',
  uint64: 'BigUint64Array',
  float16: 'Float32Array',
  float32: 'Float32Array',
  float64: 'Float64Array',
};

function expectNpyError(f: () => unknown, pattern: RegExp): IoFormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IoFormatError);
    const err = e as IoFormatError;
    expect(err.format).toBe('npy');
    expect(err.message).toMatch(pattern);
    return err;
  }
  throw new Error('expected an IoFormatError');
}

describe('encodeNpy follows the NPY 1.0 specification byte by byte', () => {
  it('writes magic, version 1.0, a little-endian header length, a space-padded dict ending in \\n at a 64-byte boundary, then the data', () => {
    const bytes = encodeNpy({ data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect(headerLength).toBe(118); // 10 + 118 = 128, two 64-byte blocks
    const header = String.fromCharCode(...bytes.subarray(10, 128));
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    expect(header.startsWith(dict)).toBe(true);
    expect(header.slice(dict.length, -1)).toMatch(/^ +$/);
    expect(header.endsWith('\n')).toBe(true);
    expect(bytes.length).toBe(128 + 24);
    const view = new DataView(bytes.buffer, bytes.byteOffset + 128);
    expect([0, 1, 2, 3, 4, 5].map((k) => view.getFloat32(4 * k, true))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("writes '|' for one-byte dtypes, '>' for big-endian, (n,) for 1-D and () for 0-d shapes", () => {
    const text = (b: Uint8Array) => String.fromCharCode(...b.subarray(10, 10 + (b[8]! | (b[9]! << 8))));
    expect(text(encodeNpy({ data: new Uint8Array(3), shape: [3] }))).toContain(
      "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
    );
    expect(text(encodeNpy({ data: [1], shape: [] }, { endianness: 'big' }))).toContain(
      "'descr': '>f8', 'fortran_order': False, 'shape': (), }",
    );
    expect(text(encodeNpy({ data: new Uint8Array(1), shape: [1] }, { dtype: 'bool' }))).toContain(
      "'descr': '|b1'",
    );
    expect(text(encodeNpy({ data: new Float32Array(4), shape: [2, 2] }, { order: 'F' }))).toContain(
      "'fortran_order': True",
    );
  });

  it('writes version 2.0 with a 4-byte header length and a 64-byte aligned data start', () => {
    const bytes = encodeNpy({ data: new Float32Array(6), shape: [2, 3] }, { version: 2 });
    expect(bytes[6]).toBe(2);
    const len = bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24);
    expect((12 + len) % 64).toBe(0);
    expect(bytes[12 + len - 1]).toBe(0x0a);
  });
});

describe('encodeNpy output is byte-identical to numpy.save (golden fixtures)', () => {
  for (const [code, { dtype, data }] of Object.entries(VALUES)) {
    it(`writes ${dtype} little-endian exactly as numpy`, () => {
      expect(encodeNpy({ data, shape: [2, 3] }, { dtype })).toEqual(fixture(`le_${code}.npy`));
    });
    if (!['i1', 'u1', 'b1'].includes(code)) {
      it(`writes ${dtype} big-endian exactly as numpy`, () => {
        expect(encodeNpy({ data, shape: [2, 3] }, { dtype, endianness: 'big' })).toEqual(
          fixture(`be_${code}.npy`),
        );
      });
    }
  }

  it('writes Fortran order exactly as numpy (float32, big-endian int16, bool)', () => {
    const arange = (n: number, off = 0) => Array.from({ length: n }, (_, i) => i + off);
    expect(encodeNpy({ data: new Float32Array(arange(24)), shape: [2, 3, 4] }, { order: 'F' })).toEqual(
      fixture('f_float32_234.npy'),
    );
    expect(
      encodeNpy(
        { data: new Int16Array(arange(24, -12)), shape: [2, 3, 4] },
        { order: 'F', endianness: 'big' },
      ),
    ).toEqual(fixture('f_be_int16_234.npy'));
    expect(encodeNpy({ data: [1, 0, 0, 1, 1, 0], shape: [2, 3] }, { order: 'F', dtype: 'bool' })).toEqual(
      fixture('f_bool_23.npy'),
    );
  });

  it('writes versions 2.0 and 3.0, 0-d, empty and 1-D arrays exactly as numpy', () => {
    const six = new Float32Array([0, 1, 2, 3, 4, 5]);
    expect(encodeNpy({ data: six, shape: [2, 3] }, { version: 2 })).toEqual(fixture('v2_float32.npy'));
    expect(encodeNpy({ data: six, shape: [2, 3] }, { version: 3 })).toEqual(fixture('v3_float32.npy'));
    expect(encodeNpy({ data: [3.5], shape: [] })).toEqual(fixture('scalar_f8.npy'));
    expect(encodeNpy({ data: new Int32Array(0), shape: [0, 3] })).toEqual(fixture('empty_i4_03.npy'));
    expect(encodeNpy({ data: new Uint16Array([0, 1, 2, 3, 4]), shape: [5] })).toEqual(
      fixture('vector_u2.npy'),
    );
  });

  it('converts to float16 with the same rounding as numpy astype (float32 and float64 sources)', () => {
    for (const [src, want] of [
      ['f16_source_f4.npy', 'f16_expected_f4.npy'],
      ['f16_source_f8.npy', 'f16_expected_f8.npy'],
    ] as const) {
      const source = decodeNpy(fixture(src));
      expect(encodeNpy(source, { dtype: 'float16' })).toEqual(fixture(want));
    }
  });
});

describe('decodeNpy reads numpy files (golden fixtures)', () => {
  for (const [code, { dtype, data }] of Object.entries(VALUES)) {
    const files = ['i1', 'u1', 'b1'].includes(code)
      ? [`le_${code}.npy`]
      : [`le_${code}.npy`, `be_${code}.npy`];
    for (const file of files) {
      it(`reads ${file} as ${CLASS[dtype]} in native order`, () => {
        const out = decodeNpy(fixture(file));
        expect(out.dtype).toBe(dtype);
        expect(out.shape).toEqual([2, 3]);
        expect(out.data.constructor.name).toBe(CLASS[dtype]);
        expect(Array.from(out.data as ArrayLike<number | bigint>)).toEqual(
          Array.from(data as ArrayLike<number | bigint>),
        );
      });
    }
  }

  it('reorders Fortran-order files to C order', () => {
    const f = decodeNpy(fixture('f_float32_234.npy'));
    expect(f.shape).toEqual([2, 3, 4]);
    expect(Array.from(f.data as Float32Array)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const g = decodeNpy(fixture('f_be_int16_234.npy'));
    expect(g.data).toBeInstanceOf(Int16Array);
    expect(Array.from(g.data as Int16Array)).toEqual(Array.from({ length: 24 }, (_, i) => i - 12));
    const b = decodeNpy(fixture('f_bool_23.npy'));
    expect(Array.from(b.data as Uint8Array)).toEqual([1, 0, 0, 1, 1, 0]);
  });

  it('reads header versions 2.0 and 3.0, 0-d, empty and 1-D arrays', () => {
    for (const v of ['v2_float32.npy', 'v3_float32.npy']) {
      const out = decodeNpy(fixture(v));
      expect(out.shape).toEqual([2, 3]);
      expect(Array.from(out.data as Float32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    }
    expect(decodeNpy(fixture('scalar_f8.npy'))).toEqual({
      data: new Float64Array([3.5]),
      shape: [],
      dtype: 'float64',
    });
    expect(decodeNpy(fixture('empty_i4_03.npy'))).toEqual({
      data: new Int32Array(0),
      shape: [0, 3],
      dtype: 'int32',
    });
    expect(decodeNpy(fixture('vector_u2.npy')).shape).toEqual([5]);
  });

  it('decodes half floats exactly as numpy stored them (float16 → Float32Array)', () => {
    const expected = decodeNpy(fixture('f16_expected_f4.npy')).data as Float32Array;
    const source = decodeNpy(fixture('f16_source_f4.npy')).data as Float32Array;
    expect(expected[0]).toBe(0);
    expect(Object.is(expected[1], -0)).toBe(true);
    expect(expected[5]).toBe(65504); // 65519 rounds down
    expect(expected[6]).toBe(Infinity); // 65520 is the tie to 2^16, which overflows
    expect(Number.isNaN(expected[18])).toBe(true);
    // every decoded half is within half a unit of the source's binade spacing
    for (let i = 19; i < source.length; i++) {
      const s = source[i]!;
      const h = expected[i]!;
      if (Math.abs(s) < 65504)
        expect(Math.abs(h - s)).toBeLessThanOrEqual(Math.max(Math.abs(s) * 2 ** -11, 2 ** -25));
    }
  });

  it('reads hand-assembled headers: native "=" order, "?" bool, Python 2 longs, double quotes, extra whitespace', () => {
    const le = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    expect(decodeNpy(rawNpy("{'descr': '=f4', 'fortran_order': False, 'shape': (2,), }", le)).data).toEqual(
      new Float32Array([1.5, -2]),
    );
    expect(
      decodeNpy(rawNpy("{'descr': '|?', 'fortran_order': False, 'shape': (2L,), }", [0, 7])).data,
    ).toEqual(new Uint8Array([0, 1]));
    expect(decodeNpy(rawNpy('{"shape": [1, 2], "fortran_order": False, "descr": "<f4"}', le)).shape).toEqual([
      1, 2,
    ]);
  });

  it('does not alias the input: the result is a copy and the bytes are left untouched', () => {
    const bytes = new Uint8Array(readFileSync(fixturePath('be_i4.npy'))); // big-endian: swapped on decode
    const before = bytes.slice();
    const a = decodeNpy(bytes);
    (a.data as Int32Array)[0] = 99;
    expect(bytes).toEqual(before);
    expect((decodeNpy(bytes).data as Int32Array)[0]).toBe(-(2 ** 31));
    // a Node Buffer, whose slice() aliases, gives the same answer twice
    const buf = readFileSync(fixturePath('be_f8.npy'));
    expect(decodeNpy(buf).data).toEqual(decodeNpy(buf).data);
  });
});

describe('encodeNpy and decodeNpy round-trip every dtype, order and byte order', () => {
  const shape = [2, 3, 4];
  const n = 24;
  const sample: Record<Dtype, NumericData> = {
    bool: Uint8Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)),
    int8: Int8Array.from({ length: n }, (_, i) => i * 11 - 128),
    uint8: Uint8Array.from({ length: n }, (_, i) => i * 11),
    int16: Int16Array.from({ length: n }, (_, i) => i * 2731 - 32768),
    uint16: Uint16Array.from({ length: n }, (_, i) => i * 2849),
    int32: Int32Array.from({ length: n }, (_, i) => i * 186_000_000 - 2 ** 31),
    uint32: Uint32Array.from({ length: n }, (_, i) => i * 186_000_000),
    int64: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 400_000_000_000_000_000n - 2n ** 63n),
    uint64: BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 800_000_000_000_000_000n),
    float16: Float32Array.from({ length: n }, (_, i) => (i - 12) / 4),
    float32: Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i) * 1e3)),
    float64: Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e300),
  };
  for (const [dtype, data] of Object.entries(sample) as [Dtype, NumericData][]) {
    for (const order of ['C', 'F'] as const) {
      for (const endianness of ['little', 'big'] as const) {
        it(`${dtype}, order ${order}, ${endianness}-endian`, () => {
          const out = decodeNpy(encodeNpy({ data, shape }, { dtype, order, endianness }));
          expect(out.dtype).toBe(dtype);
          expect(out.shape).toEqual(shape);
          expect(out.data.constructor.name).toBe(CLASS[dtype]);
          expect(Array.from(out.data as ArrayLike<number | bigint>)).toEqual(
            Array.from(data as ArrayLike<number | bigint>),
          );
        });
      }
    }
  }

  it('Fortran order really transposes: element (i, j) of a [2, 3] array is at file position i + 2j', () => {
    const bytes = encodeNpy({ data: new Uint8Array([0, 1, 2, 3, 4, 5]), shape: [2, 3] }, { order: 'F' });
    expect(Array.from(npyDataBytes(bytes))).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('writes a dtype override: float32 probabilities as float16 (half the bytes), labels as uint8', () => {
    const probs = new Float32Array([0, 0.25, 0.5, 1]);
    const half = encodeNpy({ data: probs, shape: [4] }, { dtype: 'float16' });
    expect(npyDataBytes(half).length).toBe(8);
    expect(decodeNpy(half).data).toEqual(probs);
    const labels = decodeNpy(
      encodeNpy({ data: new Int32Array([0, 3, 255]), shape: [3] }, { dtype: 'uint8' }),
    );
    expect(labels.data).toEqual(new Uint8Array([0, 3, 255]));
  });

  it('accepts dims instead of shape and does not modify the input', () => {
    const data = new Float64Array([1, 2]);
    const out = decodeNpy(encodeNpy({ data, dims: [1, 2] }, { dtype: 'float16', endianness: 'big' }));
    expect(out.shape).toEqual([1, 2]);
    expect(data).toEqual(new Float64Array([1, 2]));
  });
});

describe('encodeNpyChunks streams the same bytes and fails only when the bad block is reached', () => {
  it('concatenated chunks equal encodeNpy', () => {
    const data = Float32Array.from({ length: 10 }, (_, i) => i / 3);
    const parts = [...encodeNpyChunks({ data, shape: [10] }, {}, 3)];
    expect(parts.map((p) => p.length)).toEqual([128, 12, 12, 12, 4]);
    const joined = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    expect(joined).toEqual(encodeNpy({ data, shape: [10] }));
  });

  it('a value that does not fit the dtype in the last block throws after the header and first block', () => {
    const gen = encodeNpyChunks({ data: [1, 2, 3, 300], shape: [4] }, { dtype: 'uint8' }, 2);
    expect(gen.next().value?.length).toBe(128);
    expect(Array.from(gen.next().value as Uint8Array)).toEqual([1, 2]);
    expect(() => gen.next()).toThrow(/array\.data\[3\] = 300 cannot be stored as uint8/);
  });
});

describe('encodeNpy rejects bad arguments with TypeError/RangeError naming the parameter and value', () => {
  it('data length that disagrees with the shape', () => {
    expect(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] })).toThrow(RangeError);
    expect(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] })).toThrow(
      /array\.data\.length \(5\).*\[2, 3\] \(6\)/,
    );
  });
  it('values that do not fit the dtype: 300 as uint8, 0.5 as int16, 2 as bool, 2^63 as int64, NaN as int32', () => {
    expect(() => encodeNpy({ data: [300], shape: [1] }, { dtype: 'uint8' })).toThrow(
      /array\.data\[0\] = 300.*uint8.*\[0, 255\]/,
    );
    expect(() => encodeNpy({ data: [0.5], shape: [1] }, { dtype: 'int16' })).toThrow(RangeError);
    expect(() => encodeNpy({ data: [2], shape: [1] }, { dtype: 'bool' })).toThrow(/only 0 and 1/);
    expect(() => encodeNpy({ data: [2 ** 63], shape: [1] }, { dtype: 'int64' })).toThrow(RangeError);
    expect(() => encodeNpy({ data: [Number.NaN], shape: [1] }, { dtype: 'int32' })).toThrow(RangeError);
    expect(() => encodeNpy({ data: new BigInt64Array([-1n]), shape: [1] }, { dtype: 'uint64' })).toThrow(
      RangeError,
    );
    expect(() =>
      encodeNpy({ data: new BigInt64Array([1n << 40n]), shape: [1] }, { dtype: 'uint32' }),
    ).toThrow(RangeError);
  });
  it('unknown dtype, order, endianness or version', () => {
    expect(() => encodeNpy({ data: [1], shape: [1] }, { dtype: 'complex64' as Dtype })).toThrow(
      /options\.dtype must be one of bool, .*"complex64"/,
    );
    expect(() => encodeNpy({ data: [1], shape: [1] }, { order: 'X' as 'C' })).toThrow(/options\.order/);
    expect(() => encodeNpy({ data: [1], shape: [1] }, { endianness: 'middle' as 'big' })).toThrow(
      /options\.endianness/,
    );
    expect(() => encodeNpy({ data: [1], shape: [1] }, { version: 4 as 1 })).toThrow(/options\.version/);
  });
  it('wrong kinds: no data, a string, a DataView, a shape that is not an array or has a negative entry', () => {
    expect(() => encodeNpy(null as never)).toThrow(TypeError);
    expect(() => encodeNpy({ data: 'abc', shape: [3] } as never)).toThrow(
      /array\.data must be a typed array/,
    );
    expect(() => encodeNpy({ data: new DataView(new ArrayBuffer(4)), shape: [4] } as never)).toThrow(
      TypeError,
    );
    expect(() => encodeNpy({ data: [1], shape: 1 } as never)).toThrow(TypeError);
    expect(() => encodeNpy({ data: [1], shape: [-1] })).toThrow(
      /array\.shape\[0\] must be a non-negative integer, got -1/,
    );
    expect(() => encodeNpy({ data: ['a'], shape: [1] } as never)).toThrow(
      /array\.data\[0\] must be a number/,
    );
  });
});

describe('decodeNpy rejects bad files with an IoFormatError that says what is wrong', () => {
  const good = fixture('le_f4.npy');
  it('truncated data names the shape, dtype and byte counts', () => {
    expectNpyError(
      () => decodeNpy(good.subarray(0, good.length - 3)),
      /truncated: shape \[2, 3\] of float32 needs 24 data bytes, found 21/,
    );
  });
  it('data longer than the shape says', () => {
    const long = new Uint8Array(good.length + 4);
    long.set(good);
    expectNpyError(
      () => decodeNpy(long),
      /longer than its header says: shape \[2, 3\] of float32 needs 24 data bytes, found 28/,
    );
  });
  it('a file cut inside the header or before the header length', () => {
    expectNpyError(
      () => decodeNpy(good.subarray(0, 60)),
      /truncated: the header says it is 118 bytes long, 50 bytes follow/,
    );
    expectNpyError(() => decodeNpy(good.subarray(0, 5)), /truncated: 5 bytes/);
    expectNpyError(() => decodeNpy(new Uint8Array(0)), /truncated: 0 bytes/);
  });
  it('wrong magic, shown escaped', () => {
    const bad = good.slice();
    bad[0] = 0x50;
    expectNpyError(() => decodeNpy(bad), /not NPY data: wrong magic "PNUMPY"/);
    expectNpyError(() => decodeNpy(fixture('gray8.png')), /wrong magic "\\x89PNG\\x0d\\x0a"/);
  });
  it('an unsupported version', () => {
    const bad = good.slice();
    bad[6] = 4;
    expectNpyError(() => decodeNpy(bad), /unsupported NPY format version 4\.0/);
  });
  it('unsupported dtypes: complex, structured, strings, datetimes; a multi-byte dtype without byte order', () => {
    expectNpyError(() => decodeNpy(fixture('complex64.npy')), /unsupported dtype '<c8'/);
    expectNpyError(
      () => decodeNpy(fixture('structured.npy')),
      /unsupported dtype: structured \(record\) dtype/,
    );
    expectNpyError(
      () => decodeNpy(rawNpy("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }")),
      /unsupported dtype '<U3'/,
    );
    expectNpyError(
      () => decodeNpy(rawNpy("{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,), }")),
      /unsupported dtype/,
    );
    expectNpyError(
      () => decodeNpy(rawNpy("{'descr': '|f4', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0])),
      /has no byte order/,
    );
  });
  it('malformed headers: missing or extra keys, bad shape, bad fortran_order, syntax errors, invalid UTF-8 in 3.0', () => {
    expectNpyError(
      () => decodeNpy(rawNpy("{'descr': '<f4', 'shape': (1,), }", [0, 0, 0, 0])),
      /keys must be descr, fortran_order, shape/,
    );
    expectNpyError(
      () =>
        decodeNpy(rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", [0, 0, 0, 0])),
      /found descr, fortran_order, shape, x/,
    );
    expectNpyError(
      () => decodeNpy(rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")),
      /non-negative integers/,
    );
    expectNpyError(
      () => decodeNpy(rawNpy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }")),
      /fortran_order must be True or False/,
    );
    expectNpyError(
      () => decodeNpy(rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ")),
      /bad NPY header: malformed header/,
    );
    expectNpyError(() => decodeNpy(rawNpy("['descr']")), /header is not a dict/);
    const badUtf8 = [...ascii("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }"), 0xff];
    expectNpyError(() => decodeNpy(rawNpy('', [], 3, badUtf8)), /invalid UTF-8/);
  });
});
