import { describe, expect, it } from 'vitest';
import { geometryDifference, niftiAffine } from '../../../src/cli/evaluate/geometry';
import { defaultNiftiHeader, type NiftiHeader } from '../../../src/io/nifti/niftiHeader';

const header = (fields: Partial<NiftiHeader>): NiftiHeader => ({ ...defaultNiftiHeader(), ...fields });

describe('niftiAffine', () => {
  it('is the sform when its code is set', () => {
    const h = header({ sformCode: 1, srowX: [-1, 0, 0, 5], srowY: [0, 2, 0, 6], srowZ: [0, 0, 3, 7] });
    expect(niftiAffine(h)).toEqual([
      [-1, 0, 0, 5],
      [0, 2, 0, 6],
      [0, 0, 3, 7],
    ]);
  });

  it('is the qform otherwise (hand-worked: a 180° turn about z, qfac −1)', () => {
    // quaternion (a, b, c, d) = (0, 0, 0, 1): R = diag(−1, −1, 1); columns scaled by (0.5, 2, −3)
    const h = header({
      qformCode: 1,
      quaternB: 0,
      quaternC: 0,
      quaternD: 1,
      pixdim: [-1, 0.5, 2, 3, 1, 1, 1, 1],
      qoffsetX: 10,
      qoffsetY: -20,
      qoffsetZ: 4,
    });
    const plus = (m: number[][]) => m.map((row) => row.map((x) => x + 0)); // -0 → 0
    expect(plus(niftiAffine(h))).toEqual([
      [-0.5, 0, 0, 10],
      [0, -2, 0, -20],
      [0, 0, -3, 4],
    ]);
    // nibabel's get_qform() for (b, c, d) = (0.5, 0.5, 0.5), the same pixdim and offsets (oracle)
    const turned = niftiAffine({ ...h, quaternB: 0.5, quaternC: 0.5, quaternD: 0.5 });
    expect(plus(turned)).toEqual([
      [0, 0, -3, 10],
      [0.5, 0, 0, -20],
      [0, 2, 0, 4],
    ]);
  });

  it('two headers that differ past the tolerance are named by the affine row; float32 noise is not', () => {
    const a = header({ sformCode: 1, srowX: [1, 0, 0, 0], srowY: [0, 1, 0, 0], srowZ: [0, 0, 1, 0] });
    const b = header({ ...a, srowY: [0, 1, 0, 1.5] });
    expect(geometryDifference(a, b)).toBe('voxel-to-world affine row 1 [0, 1, 0, 0] vs [0, 1, 0, 1.5]');
    expect(geometryDifference(a, header({ ...a, srowZ: [0, 0, Math.fround(1 + 1e-7), 0] }))).toBeUndefined();
  });
});
