import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeNpy, decodeNpz, encodeNpy, encodeNpz, IoFormatError } from '../../src/io/index';
import { fixture, rawNpy } from '../helpers/ioFixtures';

const PROBS = Float32Array.from([0, 1, 2, 3, 4, 5], (v) => v / 8);

/** Compression method (0 stored, 8 deflate) of each entry, from the central directory. */
function methods(zip: Uint8Array): Record<string, number> {
  const out: Record<string, number> = {};
  unzipSync(zip, {
    filter: (f) => {
      out[f.name] = f.compression;
      return false;
    },
  });
  return out;
}

function expectNpzError(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IoFormatError);
    expect((e as IoFormatError).format).toBe('npz');
    expect((e as IoFormatError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an IoFormatError');
}

describe('decodeNpz reads numpy archives (golden fixtures)', () => {
  for (const [file, method] of [
    ['stored.npz', 0],
    ['deflated.npz', 8],
  ] as const) {
    it(`reads ${file} (entries compressed with method ${method}) and strips the .npy suffix`, () => {
      const bytes = fixture(file);
      expect(Object.values(methods(bytes))).toEqual([method, method]);
      const npz = decodeNpz(bytes);
      expect(Object.keys(npz).sort()).toEqual(['labels', 'probs']);
      expect(npz.probs).toEqual({ data: PROBS, shape: [2, 3], dtype: 'float32' });
      expect(npz.labels).toEqual({ data: new Uint8Array([0, 1, 2, 255]), shape: [4], dtype: 'uint8' });
    });
  }

  it('skips members that are not .npy and keeps any member name as a plain key', () => {
    const zip = zipSync({
      'readme.txt': new Uint8Array([104, 105]),
      '__proto__.npy': encodeNpy({ data: [1], shape: [1] }),
      'dir/a.npy': encodeNpy({ data: [2], shape: [1] }),
    });
    const npz = decodeNpz(zip);
    expect(Object.keys(npz).sort()).toEqual(['__proto__', 'dir/a']);
    expect(npz['dir/a']?.data).toEqual(new Float64Array([2]));
    expect(Object.getPrototypeOf(npz)).toBe(null);
  });
});

describe('encodeNpz writes archives numpy can read', () => {
  it('deflates each member as name.npy, byte-identical to encodeNpy inside', () => {
    const zip = encodeNpz({
      probs: { data: PROBS, shape: [2, 3] },
      labels: { data: new Uint8Array([0, 1, 2, 255]), shape: [4] },
    });
    expect(methods(zip)).toEqual({ 'probs.npy': 8, 'labels.npy': 8 });
    const files = unzipSync(zip);
    expect(files['probs.npy']).toEqual(encodeNpy({ data: PROBS, shape: [2, 3] }));
    expect(decodeNpz(zip).labels?.data).toEqual(new Uint8Array([0, 1, 2, 255]));
  });

  it("stores entries with compression: 'store' and round-trips per-member dtypes", () => {
    const zip = encodeNpz(
      { probs: { data: PROBS, shape: [2, 3] }, mask: { data: [1, 0, 1], shape: [3] } },
      { compression: 'store', dtypes: { probs: 'float16', mask: 'bool' } },
    );
    expect(methods(zip)).toEqual({ 'probs.npy': 0, 'mask.npy': 0 });
    const npz = decodeNpz(zip);
    expect(npz.probs?.dtype).toBe('float16');
    expect(npz.probs?.data).toEqual(PROBS); // multiples of 1/8 are exact halves
    expect(npz.mask).toEqual({ data: new Uint8Array([1, 0, 1]), shape: [3], dtype: 'bool' });
  });

  it('is deterministic: equal inputs give equal bytes', () => {
    const m = { a: { data: PROBS, shape: [6] } };
    expect(encodeNpz(m)).toEqual(encodeNpz(m));
  });

  it('rejects bad arguments with TypeError/RangeError naming the member or option', () => {
    expect(() => encodeNpz(null as never)).toThrow(TypeError);
    expect(() => encodeNpz({ a: { data: [1, 2], shape: [3] } })).toThrow(
      /member "a": array\.data\.length \(2\)/,
    );
    expect(() => encodeNpz({ a: { data: [300], shape: [1] } }, { dtypes: { a: 'uint8' } })).toThrow(
      RangeError,
    );
    expect(() => encodeNpz({ a: { data: 'x', shape: [1] } as never })).toThrow(TypeError);
    expect(() => encodeNpz({ a: { data: [1], shape: [1] } }, { dtypes: { b: 'uint8' } })).toThrow(
      /options\.dtypes\.b names no member/,
    );
    expect(() => encodeNpz({ '': { data: [1], shape: [1] } })).toThrow(/non-empty/);
    expect(() => encodeNpz({ a: { data: [1], shape: [1] } }, { compression: 'lzma' as 'store' })).toThrow(
      /options\.compression/,
    );
    expect(() => encodeNpz({ a: { data: [1], shape: [1] } }, { level: 12 })).toThrow(/options\.level/);
  });
});

describe('decodeNpz rejects bad archives with an IoFormatError', () => {
  it('wrong magic', () => {
    expectNpzError(() => decodeNpz(fixture('le_f4.npy')), /not NPZ data: wrong magic "\\x93NUM"/);
  });
  it('a truncated archive', () => {
    const bytes = fixture('deflated.npz');
    expectNpzError(
      () => decodeNpz(bytes.subarray(0, bytes.length - 30)),
      /NPZ archive is corrupt or truncated/,
    );
  });
  it('a member that is not valid NPY names the member and the NPY problem', () => {
    const bad = rawNpy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
    expectNpzError(
      () => decodeNpz(zipSync({ 'z.npy': bad })),
      /NPZ member "z\.npy": unsupported dtype '<c8'/,
    );
    const cut = encodeNpy({ data: [1, 2], shape: [2] }).subarray(0, 130);
    expectNpzError(() => decodeNpz(zipSync({ 'c.npy': cut })), /NPZ member "c\.npy": NPY data is truncated/);
  });
  it('the decoded member equals decodeNpy of the same bytes', () => {
    const npy = encodeNpy({ data: new Int16Array([-3, 4]), shape: [2] }, { endianness: 'big' });
    expect(decodeNpz(zipSync({ x: npy, 'x.npy': npy })).x).toEqual(decodeNpy(npy));
  });
});
