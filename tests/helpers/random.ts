import { seeded } from '../../scripts/random';

/** A small seeded PRNG (mulberry32, scripts/random.ts) so every random test is reproducible. */
export function seededRandom(seed: number): () => number {
  return seeded(seed);
}

/** Standard normal draws by Box–Muller. */
export function normalFrom(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * "Realistic" probabilities (DESIGN §5): per class a coarse grid (one node per `cell` pixels) of
 * N(0,1) logits, +1.5 on class 0, multilinear upsampling, ×scale, softmax over classes (a
 * sigmoid for a single class). Any number of spatial dimensions.
 */
export function realisticProbs(
  seed: number,
  batch: number,
  classes: number,
  spatial: number[],
  options: { cell?: number; scale?: number } = {},
): Float32Array {
  const cell = options.cell ?? 32;
  const scale = options.scale ?? 6;
  const normal = normalFrom(seededRandom(seed));
  const grid = spatial.map((n) => Math.max(2, Math.ceil(n / cell) + 1));
  const gridSize = grid.reduce((a, b) => a * b, 1);
  const pixels = spatial.reduce((a, b) => a * b, 1);
  // Per pixel and axis: the lower grid node and the interpolation weight.
  const axes = spatial.map((n, a) => {
    const lower = new Int32Array(n);
    const weight = new Float64Array(n);
    for (let x = 0; x < n; x++) {
      const g = (x / n) * (grid[a]! - 1);
      lower[x] = Math.min(grid[a]! - 2, Math.floor(g));
      weight[x] = g - lower[x]!;
    }
    return { lower, weight };
  });
  const strides = grid.map((_, a) => grid.slice(a + 1).reduce((x, y) => x * y, 1));
  const corners = 1 << spatial.length;
  const out = new Float32Array(batch * classes * pixels);
  const logits = new Float64Array(classes * pixels);
  const index = new Int32Array(spatial.length);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < classes; c++) {
      const nodes = Float64Array.from({ length: gridSize }, () => normal() + (c === 0 ? 1.5 : 0));
      index.fill(0);
      for (let i = 0; i < pixels; i++) {
        let value = 0;
        for (let corner = 0; corner < corners; corner++) {
          let w = 1;
          let at = 0;
          for (let a = 0; a < spatial.length; a++) {
            const up = (corner >> a) & 1;
            const t = axes[a]!.weight[index[a]!]!;
            w *= up ? t : 1 - t;
            at += (axes[a]!.lower[index[a]!]! + up) * strides[a]!;
          }
          value += w * nodes[at]!;
        }
        logits[c * pixels + i] = scale * value;
        for (let a = spatial.length - 1; a >= 0; a--) {
          if (++index[a]! < spatial[a]!) break;
          index[a] = 0;
        }
      }
    }
    for (let i = 0; i < pixels; i++) {
      if (classes === 1) {
        out[b * pixels + i] = 1 / (1 + Math.exp(-logits[i]!));
        continue;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[c * pixels + i]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[c * pixels + i]! - max);
      for (let c = 0; c < classes; c++) {
        out[(b * classes + c) * pixels + i] = Math.exp(logits[c * pixels + i]! - max) / sum;
      }
    }
  }
  return out;
}
