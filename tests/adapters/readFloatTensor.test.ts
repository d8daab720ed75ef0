import { describe, expect, it } from 'vitest';
import { readFloatTensor } from '../../src/adapters/shared/readFloatTensor';

describe('readFloatTensor (duck-typed tensor reading shared by the adapters)', () => {
  it('returns a Float32Array/Float64Array as it is, with dims or shape', () => {
    const data = new Float32Array(6);
    expect(readFloatTensor({ data, dims: [1, 2, 3] }, 'x').data).toBe(data);
    const f64 = new Float64Array(2);
    expect(readFloatTensor({ data: f64, shape: [2] }, 'x')).toEqual({ data: f64, dims: [2] });
  });

  it('reads fields through getters behind a Proxy, without enumerating them', () => {
    const target = { hidden: new Float32Array([0.25, 0.75]) };
    const proxy = new Proxy(target, {
      get: (t, key) => (key === 'data' ? t.hidden : key === 'dims' ? [1, 2] : undefined),
      has: (_, key) => key === 'data' || key === 'dims',
      ownKeys: () => [],
    });
    expect(Array.from(readFloatTensor(proxy, 'x').data)).toEqual([0.25, 0.75]);
  });

  it('decodes float16: binary16 bits in a Uint16Array, or another typed array of values', () => {
    // 0x3c00 = 1, 0x3800 = 0.5, 0xc000 = -2
    const bits = readFloatTensor(
      { data: new Uint16Array([0x3c00, 0x3800, 0xc000]), dims: [3], type: 'float16' },
      'x',
    );
    expect(Array.from(bits.data)).toEqual([1, 0.5, -2]);
    // A stand-in for a native Float16Array (Node 20 has none): values, not bits.
    const values = readFloatTensor({ data: new Int8Array([1, -2]), dims: [2], type: 'float16' }, 'x');
    expect(values.data).toBeInstanceOf(Float32Array);
    expect(Array.from(values.data)).toEqual([1, -2]);
  });

  it('copies number[] into a Float64Array', () => {
    const read = readFloatTensor({ data: [0.5, 1.5], dims: [2] }, 'x');
    expect(read.data).toBeInstanceOf(Float64Array);
    expect(Array.from(read.data)).toEqual([0.5, 1.5]);
  });

  it('refuses wrong kinds with TypeError and bad sizes with RangeError, naming the tensor', () => {
    expect(() => readFloatTensor(null, 'outputs.logits')).toThrow(/outputs\.logits must be a tensor/);
    expect(() => readFloatTensor({ data: new Uint16Array(2), dims: [2] }, 'x')).toThrow(TypeError);
    expect(() => readFloatTensor({ data: new Int32Array(2), dims: [2], type: 'int32' }, 'x')).toThrow(
      /x\.data must hold float32, float64 or float16 values/,
    );
    expect(() => readFloatTensor({ data: new Float32Array(2), dims: [3] }, 'x')).toThrow(/needs? 3|need 3/);
    expect(() => readFloatTensor({ data: new Float32Array(2), dims: [2.5] }, 'x')).toThrow(RangeError);
    expect(() => readFloatTensor({ data: ['a'], dims: [1] }, 'x')).toThrow(/x\.data\[0\] must be a number/);
    expect(() =>
      readFloatTensor({ data: new Float32Array(1), dims: [1], location: 'gpu-buffer' }, 'x'),
    ).toThrow(/not on the CPU/);
  });
});
