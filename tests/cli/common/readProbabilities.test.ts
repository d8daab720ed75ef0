import { describe, expect, it } from 'vitest';
import { niftiChannelsFirst } from '../../../src/cli/common/readProbabilities';
import { niftiToProbabilities } from '../../../src/io/nifti/niftiToProbabilities';

/** A volume of dims `dims` whose voxel k holds k/n (x fastest, as NIfTI stores it). */
type Voxels = Float32Array | Float64Array | Int16Array;

function ramp(
  make: new (n: number) => Voxels,
  dims: number[],
  scale: number,
): { data: Voxels; dims: number[] } {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new make(n);
  for (let k = 0; k < n; k++) data[k] = Math.round((k / n) * scale);
  return { data, dims };
}

describe('niftiChannelsFirst', () => {
  const dims = [5, 4, 3, 2]; // X, Y, Z, C

  it('uses float32 and float64 voxels in place when the classes are on the last axis, or absent', () => {
    for (const make of [Float32Array, Float64Array]) {
      const volume = ramp(make, dims, 1000);
      const last = niftiChannelsFirst(volume, 3);
      expect(last.data).toBe(volume.data);
      expect(last.shape).toEqual([1, 2, 3, 4, 5]);
      const none = niftiChannelsFirst(volume, 'none');
      expect(none.data).toBe(volume.data);
      expect(none.shape).toEqual([1, 1, 2, 3, 4, 5]);
    }
  });

  it('gives the values and shape of niftiToProbabilities for every class axis and dtype', () => {
    for (const make of [Float32Array, Float64Array, Int16Array]) {
      const volume = ramp(make, dims, 1000);
      for (const axis of [0, 1, 2, 3, 'none'] as const) {
        const ours = niftiChannelsFirst(volume, axis);
        const reference = niftiToProbabilities(volume, { classAxis: axis });
        expect(ours.shape).toEqual(reference.shape);
        expect(Array.from(ours.data)).toEqual(Array.from(reference.data));
        expect(ours.data.constructor).toBe(reference.data.constructor);
      }
    }
  });

  it('reads voxel (x, y, z, c) at [0, c, z, y, x] (hand-worked: dims (2, 1, 1, 2))', () => {
    // x fastest: voxels (x0,c0), (x1,c0), (x0,c1), (x1,c1)
    const volume = { data: new Float32Array([0.1, 0.2, 0.9, 0.8]), dims: [2, 1, 1, 2] };
    const { data, shape } = niftiChannelsFirst(volume, 3);
    expect(shape).toEqual([1, 2, 1, 1, 2]);
    expect(Array.from(data)).toEqual(Array.from(new Float32Array([0.1, 0.2, 0.9, 0.8])));
    const moved = niftiChannelsFirst(volume, 0); // classes along x: [1, 2(x), 1, 1, 2(c as spatial)]
    expect(moved.shape).toEqual([1, 2, 2, 1, 1]);
    expect(Array.from(moved.data)).toEqual(Array.from(new Float32Array([0.1, 0.9, 0.2, 0.8])));
  });

  it('copies (never aliases) when it must reorder or convert', () => {
    const volume = ramp(Float32Array, dims, 1000);
    expect(niftiChannelsFirst(volume, 0).data).not.toBe(volume.data);
    const ints = ramp(Int16Array, dims, 1000);
    expect(niftiChannelsFirst(ints, 3).data).toBeInstanceOf(Float32Array);
  });
});
