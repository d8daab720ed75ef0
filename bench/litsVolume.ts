/**
 * A LiTS-like CT probability volume, generated at run time (issue 16): `[1, 3, Z, H, W]` float32
 * softmax fields over background, liver and tumour. The liver is an ellipsoid with a wavy
 * surface, the tumours small ellipsoids inside it; each class's logit is a sharpness times a
 * signed radial distance (positive inside), so interiors are confident (p ≈ 1 − 1e-9), far
 * voxels have p ≈ 1e-17, and the boundary is a smooth ramp a few voxels wide — what a trained
 * network outputs on a CT scan. Seeded: the same seed and size give the same bytes.
 *
 * Cost: one pass with two `exp` per voxel (a few seconds at 800×512×512).
 */
import { seededRandom } from '../tests/helpers/random';

/** Centre, semi-axes (in voxels) and logit slope of one ellipsoid. */
interface Blob {
  cz: number;
  cy: number;
  cx: number;
  rz: number;
  ry: number;
  rx: number;
  /** Logits per voxel across the surface, along the shorter in-plane semi-axis. */
  slope: number;
}

/** The generated volume with its shape. */
export interface LitsVolume {
  data: Float32Array;
  shape: [number, number, number, number, number];
}

/** Logits are clipped to ±LOGIT_CAP so that far voxels stay normal float32 numbers. */
const LOGIT_CAP = 40;

/**
 * Generates the volume (Z slices of H×W). The liver spans about 40 % of the slices and a third
 * of each slice's width; tumours hold about 2 % of the liver.
 */
export function litsVolume(seed: number, z: number, h = 512, w = 512): LitsVolume {
  const random = seededRandom(seed);
  const liver: Blob = {
    cz: z * (0.45 + 0.1 * random()),
    cy: h * (0.45 + 0.1 * random()),
    cx: w * (0.35 + 0.1 * random()),
    rz: z * 0.2,
    ry: h * 0.18,
    rx: w * 0.2,
    slope: 0.5,
  };
  const tumours: Blob[] = [];
  for (let t = 0; t < 4; t++) {
    const r = 0.15 + 0.1 * random();
    tumours.push({
      cz: liver.cz + liver.rz * 0.5 * (random() - 0.5),
      cy: liver.cy + liver.ry * 0.8 * (random() - 0.5),
      cx: liver.cx + liver.rx * 0.8 * (random() - 0.5),
      rz: liver.rz * r,
      ry: liver.ry * r,
      rx: liver.rx * r,
      slope: 0.7,
    });
  }
  // A wavy liver surface: separable low-frequency ripples added to the radius.
  const ripple = (n: number, amplitude: number): Float64Array => {
    const out = new Float64Array(n);
    const f1 = 1 + 3 * random();
    const f2 = 2 + 5 * random();
    const phase1 = 2 * Math.PI * random();
    const phase2 = 2 * Math.PI * random();
    for (let i = 0; i < n; i++) {
      const t = i / n;
      out[i] =
        amplitude * (Math.sin(2 * Math.PI * f1 * t + phase1) + 0.5 * Math.sin(2 * Math.PI * f2 * t + phase2));
    }
    return out;
  };
  const rippleZ = ripple(z, 0.06);
  const rippleY = ripple(h, 0.06);
  const rippleX = ripple(w, 0.06);

  const pixels = z * h * w;
  const data = new Float32Array(3 * pixels);
  const dx = new Float64Array(w);
  const tumourDx = tumours.map(() => new Float64Array(w));
  for (let x = 0; x < w; x++) {
    dx[x] = ((x - liver.cx) / liver.rx) ** 2;
    for (let t = 0; t < tumours.length; t++) tumourDx[t]![x] = ((x - tumours[t]!.cx) / tumours[t]!.rx) ** 2;
  }
  const tumourDyz = new Float64Array(tumours.length);
  const liverScale = logitScale(liver);
  const tumourScale = tumours.map(logitScale);
  for (let k = 0; k < z; k++) {
    const dz = ((k - liver.cz) / liver.rz) ** 2;
    for (let y = 0; y < h; y++) {
      const dyz = dz + ((y - liver.cy) / liver.ry) ** 2;
      const wave = rippleZ[k]! + rippleY[y]!;
      let anyTumour = false;
      for (let t = 0; t < tumours.length; t++) {
        const b = tumours[t]!;
        tumourDyz[t] = ((k - b.cz) / b.rz) ** 2 + ((y - b.cy) / b.ry) ** 2;
        // A tumour can only reach this row if its y–z part leaves room (its logit ≥ −cap).
        if (Math.sqrt(tumourDyz[t]!) < 1 + LOGIT_CAP / logitScale(b)) anyTumour = true;
      }
      const row = (k * h + y) * w;
      for (let x = 0; x < w; x++) {
        const r = Math.sqrt(dyz + dx[x]!);
        const liverLogit = clip(liverScale * (1 + wave + rippleX[x]! - r));
        let tumourLogit = -LOGIT_CAP;
        if (anyTumour) {
          for (let t = 0; t < tumours.length; t++) {
            const rt = Math.sqrt(tumourDyz[t]! + tumourDx[t]![x]!);
            const logit = clip(tumourScale[t]! * (1 - rt));
            if (logit > tumourLogit) tumourLogit = logit;
          }
        }
        // Softmax of (0, liver, tumour) with the tumour nested in the liver: the liver's logit
        // inside a tumour is lowered by the tumour's confidence.
        const liverExp = Math.exp(liverLogit - Math.max(0, tumourLogit));
        const tumourExp = Math.exp(tumourLogit);
        const total = 1 + liverExp + tumourExp;
        const i = row + x;
        data[i] = 1 / total;
        data[pixels + i] = liverExp / total;
        data[2 * pixels + i] = tumourExp / total;
      }
    }
  }
  return { data, shape: [1, 3, z, h, w] };
}

function clip(logit: number): number {
  return Math.min(LOGIT_CAP, Math.max(-LOGIT_CAP, logit));
}

/**
 * Logit per unit of normalized radius, from the in-plane semi-axes: CT slices are thicker than
 * their pixels, so across slices the same ramp spans fewer voxels.
 */
function logitScale(b: Blob): number {
  return b.slope * Math.min(b.ry, b.rx);
}
