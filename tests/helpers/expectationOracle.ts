/** Test helpers for the exact solver: a seeded PRNG, instance generators and a brute-force oracle. */

import { normalFrom as gaussian, seededRandom as prng } from './random';

export { gaussian, prng };

/** Probability regimes for random instances. */
export type Regime = 'extreme' | 'half' | 'uniform' | 'mixed' | 'ties';

/** d probabilities in one regime: near 0/1, near ½, uniform, a mix of all, or a few repeated values. */
export function randomProbs(random: () => number, d: number, regime: Regime): Float64Array {
  const out = new Float64Array(d);
  const pick = (r: Regime): number => {
    const u = random();
    switch (r) {
      case 'extreme':
        return random() < 0.5 ? u * 1e-3 : 1 - u * 1e-3;
      case 'half':
        return 0.5 + (u - 0.5) * 0.1;
      case 'uniform':
        return u;
      case 'ties':
        return [0, 0.2, 0.5, 0.7, 1][Math.floor(u * 5)]!;
      default:
        return pick((['extreme', 'half', 'uniform', 'ties'] as const)[Math.floor(random() * 4)]!);
    }
  };
  for (let i = 0; i < d; i++) out[i] = pick(regime);
  return out;
}

/** Popcounts of 0…2^d − 1. */
function popcounts(d: number): Uint8Array {
  const n = 1 << d;
  const out = new Uint8Array(n);
  for (let x = 1; x < n; x++) out[x] = out[x >> 1]! + (x & 1);
  return out;
}

/**
 * Enumerates every label outcome Y ∈ {0,1}^d with its probability Πp^y(1−p)^(1−y) and returns
 * the expected score of every mask A ∈ {0,1}^d (index = bit set of A), straight from
 * Dice(A, Y) = (2|A∩Y| + s)/(|A| + |Y| + s) and IoU(A, Y) = (|A∩Y| + s)/(|A∪Y| + s), 0/0 = 0.
 * O(4^d): d ≤ 12.
 */
export function bruteForceAllMasks(
  probs: ArrayLike<number>,
  metric: 'dice' | 'iou',
  s: number,
): Float64Array {
  const d = probs.length;
  const n = 1 << d;
  const pc = popcounts(d);
  const py = new Float64Array(n);
  for (let y = 0; y < n; y++) {
    let pr = 1;
    for (let i = 0; i < d; i++) pr *= (y >> i) & 1 ? probs[i]! : 1 - probs[i]!;
    py[y] = pr;
  }
  const out = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const na = pc[a]!;
    let acc = 0;
    for (let y = 0; y < n; y++) {
      const w = py[y]!;
      if (w === 0) continue;
      const inter = pc[a & y]!;
      const num = metric === 'dice' ? 2 * inter + s : inter + s;
      const den = metric === 'dice' ? na + pc[y]! + s : pc[a | y]! + s;
      if (den > 0) acc += (w * num) / den;
    }
    out[a] = acc;
  }
  return out;
}

/** Realistic slice: a coarse g×g grid of N(0,1) logits, bilinear upsampling, ×scale + shift, sigmoid. */
export function blobSlice(
  seed: number,
  side: number,
  grid: number,
  scale: number,
  shift: number,
): Float32Array {
  const normal = gaussian(prng(seed));
  const nodes = new Float64Array(grid * grid);
  for (let i = 0; i < nodes.length; i++) nodes[i] = normal();
  const out = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    const gy = ((y + 0.5) * grid) / side - 0.5;
    const y0 = Math.max(0, Math.min(grid - 1, Math.floor(gy)));
    const y1 = Math.min(grid - 1, y0 + 1);
    const fy = Math.max(0, Math.min(1, gy - y0));
    for (let x = 0; x < side; x++) {
      const gx = ((x + 0.5) * grid) / side - 0.5;
      const x0 = Math.max(0, Math.min(grid - 1, Math.floor(gx)));
      const x1 = Math.min(grid - 1, x0 + 1);
      const fx = Math.max(0, Math.min(1, gx - x0));
      const top = nodes[y0 * grid + x0]! * (1 - fx) + nodes[y0 * grid + x1]! * fx;
      const bottom = nodes[y1 * grid + x0]! * (1 - fx) + nodes[y1 * grid + x1]! * fx;
      const logit = (top * (1 - fy) + bottom * fy) * scale + shift;
      out[y * side + x] = 1 / (1 + Math.exp(-logit));
    }
  }
  return out;
}
