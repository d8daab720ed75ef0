/**
 * Synthetic segmentation scenes for the calibration demo: smooth per-class logits z (a coarse grid
 * of N(0, 1) values upsampled bilinearly, class 0 lifted as a background), the true probabilities
 * softmax(z), an over-confident model's output softmax(k·z), and labels drawn from the truth pixel
 * by pixel (independent labels: the world RankSEG's expectation is about).
 */
import { uniformGenerator } from '../../src/cli/common/random';

/** One batch of scenes, channels-first `[B, C, H, W]` and label maps `[B, H, W]`. */
export interface Scenes {
  truth: Float32Array;
  model: Float32Array;
  labels: Uint8Array;
  shape: [number, number, number, number];
}

/** Settings of {@link makeScenes}. */
export interface SceneSettings {
  images: number;
  classes: number;
  size: number;
  /** Pixels per coarse grid cell. */
  cell: number;
  /** Logit scale of the truth. */
  scale: number;
  /** Added to class 0's logits (the background). */
  background: number;
  /** The model outputs softmax(sharpen · z). */
  sharpen: number;
  seed: number;
}

/**
 * Draws the scenes. Seeded: the same settings give the same arrays. O(images · classes · size²).
 *
 * @example
 * ```ts
 * const s = makeScenes({ images: 100, classes: 4, size: 64, cell: 16, scale: 2, background: 1, sharpen: 3, seed: 1 });
 * ```
 */
export function makeScenes(settings: SceneSettings): Scenes {
  const { images: B, classes: C, size: N, cell, scale, background, sharpen, seed } = settings;
  const uniform = uniformGenerator(seed, 0);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const D = N * N;
  const truth = new Float32Array(B * C * D);
  const model = new Float32Array(B * C * D);
  const labels = new Uint8Array(B * D);
  const g = Math.ceil(N / cell) + 1;
  const grid = new Float64Array(g * g);
  const z = new Float64Array(C * D);
  const e = new Float64Array(C);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < grid.length; k++) grid[k] = normal();
      for (let y = 0; y < N; y++) {
        const gy = y / cell;
        const y0 = Math.floor(gy);
        const fy = gy - y0;
        for (let x = 0; x < N; x++) {
          const gx = x / cell;
          const x0 = Math.floor(gx);
          const fx = gx - x0;
          const v =
            (1 - fy) * ((1 - fx) * grid[y0 * g + x0]! + fx * grid[y0 * g + x0 + 1]!) +
            fy * ((1 - fx) * grid[(y0 + 1) * g + x0]! + fx * grid[(y0 + 1) * g + x0 + 1]!);
          z[c * D + y * N + x] = scale * (v + (c === 0 ? background : 0));
        }
      }
    }
    for (let i = 0; i < D; i++) {
      for (const [k, out] of [
        [1, truth],
        [sharpen, model],
      ] as const) {
        let max = -Infinity;
        for (let c = 0; c < C; c++) max = Math.max(max, k * z[c * D + i]!);
        let sum = 0;
        for (let c = 0; c < C; c++) sum += e[c] = Math.exp(k * z[c * D + i]! - max);
        for (let c = 0; c < C; c++) out[(b * C + c) * D + i] = e[c]! / sum;
      }
      // the label: inverse CDF of the true probabilities
      let u = uniform();
      let label = C - 1;
      for (let c = 0; c < C - 1; c++) {
        u -= truth[(b * C + c) * D + i]!;
        if (u < 0) {
          label = c;
          break;
        }
      }
      labels[b * D + i] = label;
    }
  }
  return { truth, model, labels, shape: [B, C, N, N] };
}
