import { describe, expect, it } from 'vitest';
import { encodeNifti } from '../../../src/io/nifti/encodeNifti';
import { niftiHeaderTask } from '../../../src/io/nifti/niftiHeaderTask';
import { runInMemory } from '../../../src/io/readTask';

const geometry = {
  pixdim: [-1, 0.5, 0.75, 2.5, 1, 0, 0, 0],
  qformCode: 1,
  sformCode: 2,
  srowX: [-0.5, 0, 0, -10.5],
  srowY: [0, 0.75, 0, 20.25],
  srowZ: [0, 0, 2.5, 3],
};

describe('niftiHeaderTask', () => {
  it('reads the header of a .nii and of a .nii.gz without the voxels', () => {
    const image = { data: new Int16Array(40 * 30 * 20), dims: [40, 30, 20], header: geometry };
    for (const gzip of [false, true]) {
      const bytes = encodeNifti(image, { gzip });
      let asked = 0;
      const task = niftiHeaderTask(bytes.length);
      // count the bytes the task asks for: a few kilobytes, not the 48 000 of voxels
      let step = task.next();
      while (!step.done) {
        const req = step.value as { at: number; length: number };
        asked += req.length;
        step = task.next(bytes.subarray(req.at, req.at + req.length));
      }
      const { dims, header } = step.value;
      expect(dims).toEqual([40, 30, 20]);
      expect([header.qformCode, header.sformCode, header.srowX]).toEqual([1, 2, geometry.srowX]);
      expect(asked).toBeLessThan(gzip ? 10_000 : 400);
    }
  });

  it('refuses a file shorter than a header', () => {
    const bytes = encodeNifti({ data: new Uint8Array(8), dims: [2, 2, 2] }).subarray(0, 200);
    expect(() => runInMemory(bytes, niftiHeaderTask(bytes.length))).toThrow(/truncated/);
  });
});
