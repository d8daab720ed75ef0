/**
 * Straightforward reference implementations written from DESIGN.md, independent of src/: full
 * stable sorts, explicit masks, per-pixel loops. Slow on purpose.
 */

export type OverlapMetric = 'dice' | 'iou';

/** Indices of a slice sorted by probability, descending; equal values keep index order. */
export function rankOrder(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
}

/** RMA objective (DESIGN §3.2), 0/0 := 0. */
export function rmaValue(
  metric: OverlapMetric,
  tau: number,
  cum: number,
  mean: number,
  smooth: number,
): number {
  if (tau === 0 && smooth === 0) return 0;
  return metric === 'dice'
    ? (2 * cum) / (tau + mean + 1 + smooth) + smooth / (tau + mean + smooth)
    : (cum + smooth) / (mean - cum + tau + smooth);
}

/** All RMA objective values f(0…d) of a slice by a sorted scan (f(0) = -Infinity when s = 0). */
export function rmaCurve(p: ArrayLike<number>, metric: OverlapMetric, smooth: number): number[] {
  const order = rankOrder(p);
  let mean = 0;
  for (let i = 0; i < p.length; i++) mean += p[i]!;
  const values = [smooth > 0 ? rmaValue(metric, 0, 0, mean, smooth) : Number.NEGATIVE_INFINITY];
  let cum = 0;
  for (let t = 1; t <= p.length; t++) {
    cum += p[order[t - 1]!]!;
    values.push(rmaValue(metric, t, cum, mean, smooth));
  }
  return values;
}

/** The RMA volume: first maximizer of the sorted scan. */
export function rmaVolume(p: ArrayLike<number>, metric: OverlapMetric, smooth: number): number {
  const values = rmaCurve(p, metric, smooth);
  let best = 0;
  for (let t = 1; t < values.length; t++) if (values[t]! > values[best]!) best = t;
  return best;
}

/** The 0/1 mask of the τ first pixels in rank order. */
export function topMask(p: ArrayLike<number>, tau: number): Uint8Array {
  const mask = new Uint8Array(p.length);
  const order = rankOrder(p);
  for (let j = 0; j < tau; j++) mask[order[j]!] = 1;
  return mask;
}

/**
 * Multiclass resolution (DESIGN §3.5) from explicit per-class masks of one image, written as the
 * text says: gains from the change of each class's RMA objective.
 */
export function resolveReference(
  probs: ArrayLike<number>[],
  masks: ArrayLike<number>[],
  active: boolean[],
  metric: OverlapMetric,
  smooth: number,
  policy: 'max_score' | 'void',
  voidIndex: number,
): number[] {
  const C = probs.length;
  const D = probs[0]!.length;
  const mu = probs.map((p) => Array.from(p).reduce((a, b) => a + b, 0));
  const chosenBy = (i: number) => masks.flatMap((m, c) => (m[i] ? [c] : []));
  const m = new Array(C).fill(0);
  const t = new Array(C).fill(0);
  for (let i = 0; i < D; i++) {
    const by = chosenBy(i);
    if (by.length === 1) {
      m[by[0]!] += probs[by[0]!]![i]!;
      t[by[0]!]++;
    }
  }
  const objective = (c: number, sum: number, count: number) =>
    metric === 'dice'
      ? (2 * sum) / (count + mu[c]! + 1 + smooth) + (smooth > 0 ? smooth / (count + mu[c]! + smooth) : 0)
      : count === 0 && sum === 0 && mu[c] === 0 && smooth === 0
        ? 0
        : (sum + smooth) / (mu[c]! - sum + count + smooth);
  const gain = (c: number, p: number) => objective(c, m[c] + p, t[c] + 1) - objective(c, m[c], t[c]);
  const anyActive = active.some(Boolean);
  const labels: number[] = [];
  for (let i = 0; i < D; i++) {
    const by = chosenBy(i);
    if (by.length === 1) {
      labels.push(by[0]!);
      continue;
    }
    if (by.length === 0 && policy === 'void') {
      labels.push(voidIndex);
      continue;
    }
    const candidates = by.length > 1 ? by : [...Array(C).keys()].filter((c) => !anyActive || active[c]);
    let best = candidates[0]!;
    for (const c of candidates) if (gain(c, probs[c]![i]!) > gain(best, probs[best]![i]!)) best = c;
    labels.push(best);
  }
  return labels;
}

/** E[Dice] or E[IoU] of a mask by enumerating every label outcome (d ≤ 12). */
export function enumeratedScore(p: number[], mask: number[], metric: 'dice' | 'iou', smooth: number): number {
  let total = 0;
  for (let y = 0; y < 1 << p.length; y++) {
    let prob = 1;
    let inter = 0;
    let labels = 0;
    let selected = 0;
    for (let i = 0; i < p.length; i++) {
      const yi = (y >> i) & 1;
      prob *= yi ? p[i]! : 1 - p[i]!;
      labels += yi;
      selected += mask[i]!;
      inter += yi & mask[i]!;
    }
    const num = metric === 'dice' ? 2 * inter + smooth : inter + smooth;
    const den = metric === 'dice' ? selected + labels + smooth : selected + labels - inter + smooth;
    total += prob * (den === 0 ? 0 : num / den);
  }
  return total;
}
