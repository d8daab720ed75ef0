/**
 * Whether two NIfTI images lie in the same place: a prediction scored against a target voxel by
 * voxel must share its grid, or the score means nothing.
 *
 * @module
 */

import type { NiftiHeader } from '../../io/nifti/niftiHeader';

/** Relative tolerance of the comparison: header fields are float32 (~6e-8), resampling rounds more. */
const TOLERANCE = 1e-4;

/**
 * The voxel → world affine of a header, 3 rows of 4 (nifti1.h): the sform when its code is set,
 * else the qform (quaternion, qfac = pixdim[0], voxel sizes pixdim[1..3], offsets), else the
 * voxel sizes alone.
 *
 * @example
 * ```ts
 * niftiAffine(header); // [[-0.5, 0, 0, 10], [0, 0.5, 0, -20], [0, 0, 2, 3]]
 * ```
 */
export function niftiAffine(header: NiftiHeader): number[][] {
  if (header.sformCode > 0) return [header.srowX.slice(), header.srowY.slice(), header.srowZ.slice()];
  const [dx, dy, dz] = [1, 2, 3].map((k) => header.pixdim[k] || 1) as [number, number, number];
  if (header.qformCode <= 0) {
    return [
      [dx, 0, 0, 0],
      [0, dy, 0, 0],
      [0, 0, dz, 0],
    ];
  }
  const [b, c, d] = [header.quaternB, header.quaternC, header.quaternD];
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const qfac = header.pixdim[0] === -1 ? -1 : 1;
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const offsets = [header.qoffsetX, header.qoffsetY, header.qoffsetZ];
  return r.map((row, i) => [row[0]! * dx, row[1]! * dy, row[2]! * dz * qfac, offsets[i]!]);
}

/**
 * How the geometries of two NIfTI headers differ — the voxel → world affine (see
 * {@link niftiAffine}) — or undefined when they agree within a relative 1e-4 (float32 headers
 * and resampling round). Grid sizes are compared with the arrays, not here.
 *
 * @example
 * ```ts
 * geometryDifference(pred.header, target.header); // 'affine row 1 [0, 0.5, 0, -20] vs [0, 0.5, 0, -21]'
 * ```
 */
export function geometryDifference(a: NiftiHeader, b: NiftiHeader): string | undefined {
  const [ma, mb] = [niftiAffine(a), niftiAffine(b)];
  for (let i = 0; i < 3; i++) {
    const [ra, rb] = [ma[i]!, mb[i]!];
    const scale = 1 + Math.max(...ra.map(Math.abs), ...rb.map(Math.abs));
    if (ra.some((x, j) => !(Math.abs(x - rb[j]!) <= TOLERANCE * scale))) {
      const show = (row: number[]) => `[${row.map((x) => Number(x.toPrecision(6))).join(', ')}]`;
      return `voxel-to-world affine row ${i} ${show(ra)} vs ${show(rb)}`;
    }
  }
  return undefined;
}
