/**
 * A synthetic abdominal "organ" probability volume for the web demo's volume view, and a label
 * volume drawn from it. Seeded: the same seed gives the same bytes.
 *
 * The field: four classes (background, liver, kidney, lesion) on a 64×64×48 grid of 2×2×2.5 mm
 * voxels. Each organ is a wobbly ellipsoid; its logit is a·(1 − ρ)/w, with ρ the ellipsoid radius
 * (1 on the surface), w the border's width as a fraction of the radius, plus a smooth random field
 * (trilinear interpolation of N(0, 1) nodes every 8 voxels) that moves the borders about. The
 * lesion sits inside the liver with a wide border and a modest peak, so that many of its voxels
 * are uncertain: the volume where argmax and RankSEG disagree. Background has logit 0; softmax
 * over the classes gives the probabilities.
 *
 * Probabilities are rounded to multiples of 1/255 that still sum to 1 at every voxel (largest
 * remainder), which keeps the gzipped file small (far from the borders they are exactly 0 or 1).
 * Labels are one categorical draw per voxel from those rounded probabilities: the world in which
 * RankSEG's expectation is the truth.
 */

import { seeded } from '../random';

/** NIfTI sizes `[X, Y, Z]` of the sample. */
export const ORGAN_DIMS = [64, 64, 48] as const;
/** Voxel sizes in mm along x, y, z. */
export const ORGAN_VOXEL_MM = [2, 2, 2.5] as const;
/** Class names, index = label value. */
export const ORGAN_CLASSES = ['background', 'liver', 'kidney', 'lesion'] as const;

/** The sample in NIfTI order (x fastest). */
export interface OrganVolume {
  /** `(X, Y, Z, C)` probabilities, x fastest, class slowest: multiples of 1/255 summing to 1. */
  probs: Float32Array;
  /** `(X, Y, Z)` labels 0…C−1 drawn from `probs`. */
  labels: Uint8Array;
  dims: [number, number, number];
  classes: number;
}

/** A smooth random field on the grid: N(0, 1) nodes every `cell` voxels, trilinear in between. */
function smoothField(next: () => number, dims: readonly number[], cell: number): Float32Array {
  const [nx, ny, nz] = dims as [number, number, number];
  const gx = Math.ceil(nx / cell) + 1;
  const gy = Math.ceil(ny / cell) + 1;
  const gz = Math.ceil(nz / cell) + 1;
  const nodes = new Float64Array(gx * gy * gz);
  for (let i = 0; i < nodes.length; i++) {
    // Box–Muller
    nodes[i] = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  }
  const node = (i: number, j: number, k: number) => nodes[i + gx * (j + gy * k)]!;
  const out = new Float32Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) {
    const k = Math.floor(z / cell);
    const wz = z / cell - k;
    for (let y = 0; y < ny; y++) {
      const j = Math.floor(y / cell);
      const wy = y / cell - j;
      for (let x = 0; x < nx; x++) {
        const i = Math.floor(x / cell);
        const wx = x / cell - i;
        let v = 0;
        for (let c = 0; c < 8; c++) {
          const dx = c & 1;
          const dy = (c >> 1) & 1;
          const dz = c >> 2;
          const w = (dx ? wx : 1 - wx) * (dy ? wy : 1 - wy) * (dz ? wz : 1 - wz);
          v += w * node(i + dx, j + dy, k + dz);
        }
        out[x + nx * (y + ny * z)] = v;
      }
    }
  }
  return out;
}

/** An organ: ellipsoid centre and radii in mm (volume centred on 0), border width, peak logit. */
interface Organ {
  centre: [number, number, number];
  radii: [number, number, number];
  /** Border width as a fraction of the radius: larger = more uncertain voxels. */
  border: number;
  /** Logit at the centre over the background's 0 (before the border ramp saturates). */
  peak: number;
  /** Amplitude of the smooth field added to the logit. */
  wobble: number;
}

const ORGANS: Organ[] = [
  { centre: [-12, 6, 4], radii: [30, 24, 34], border: 0.06, peak: 9, wobble: 1.2 }, // liver
  { centre: [28, -16, -12], radii: [11, 15, 20], border: 0.1, peak: 7, wobble: 1.0 }, // kidney
  { centre: [-18, 12, 10], radii: [8, 7, 9], border: 0.4, peak: 2, wobble: 0.8 }, // lesion
];

/**
 * Builds the sample.
 * @param seed - any integer; the shipped sample uses 20240618.
 * @returns probabilities and labels in NIfTI order. O(X·Y·Z·C).
 */
export function organVolume(seed: number): OrganVolume {
  const dims: [number, number, number] = [...ORGAN_DIMS];
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const classes = ORGANS.length + 1;
  const next = seeded(seed);
  const fields = ORGANS.map(() => smoothField(next, dims, 8));
  // logits[c * n + v]; class 0 (background) stays 0
  const logits = new Float32Array(classes * n);
  const [sx, sy, sz] = ORGAN_VOXEL_MM;
  ORGANS.forEach((organ, k) => {
    const c = k + 1;
    const field = fields[k]!;
    for (let z = 0; z < nz; z++) {
      const mz = (z - (nz - 1) / 2) * sz;
      for (let y = 0; y < ny; y++) {
        const my = (y - (ny - 1) / 2) * sy;
        for (let x = 0; x < nx; x++) {
          const mx = (x - (nx - 1) / 2) * sx;
          const v = x + nx * (y + ny * z);
          const rho = Math.hypot(
            (mx - organ.centre[0]) / organ.radii[0],
            (my - organ.centre[1]) / organ.radii[1],
            (mz - organ.centre[2]) / organ.radii[2],
          );
          // a ramp of slope 1/border through the surface, capped at the peak inside
          const ramp = Math.min(organ.peak, (1 - rho) / organ.border);
          let logit = ramp + organ.wobble * field[v]!;
          // the lesion grows inside the liver: it competes with the liver, not the background
          if (c === 3) logit += logits[1 * n + v]!;
          logits[c * n + v] = logit;
        }
      }
    }
  });
  const probs = new Float32Array(classes * n);
  const labels = new Uint8Array(n);
  const exact = new Float64Array(classes);
  const units = new Int32Array(classes);
  for (let v = 0; v < n; v++) {
    let top = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) top = Math.max(top, logits[c * n + v]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += exact[c] = Math.exp(logits[c * n + v]! - top);
    // round to k/255 with Σk = 255: floor, then hand the leftover units to the largest remainders
    let given = 0;
    for (let c = 0; c < classes; c++) {
      const scaled = (exact[c]! / sum) * 255;
      units[c] = Math.floor(scaled);
      exact[c] = scaled - units[c]!;
      given += units[c]!;
    }
    for (let left = 255 - given; left > 0; left--) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (exact[c]! > exact[best]!) best = c;
      units[best]!++;
      exact[best] = -1;
    }
    // one categorical draw from the rounded probabilities
    let u = Math.floor(next() * 255);
    let label = 0;
    while (label < classes - 1 && u >= units[label]!) {
      u -= units[label]!;
      label++;
    }
    labels[v] = label;
    for (let c = 0; c < classes; c++) probs[c * n + v] = units[c]! / 255;
  }
  return { probs, labels, dims, classes };
}
