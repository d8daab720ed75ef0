/** Summary numbers of a probability array, for the manifest and the provenance notes. */

/** min, max and mean probability, and the fraction of values strictly inside (0.05, 0.95). */
export interface ProbabilityStats {
  min: number;
  max: number;
  mean: number;
  uncertain: number;
}

/** Statistics of `values[from … from + count)`. */
export function probabilityStats(
  values: ArrayLike<number>,
  from = 0,
  count = values.length - from,
): ProbabilityStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let uncertain = 0;
  for (let i = from; i < from + count; i++) {
    const p = values[i]!;
    if (p < min) min = p;
    if (p > max) max = p;
    sum += p;
    if (p > 0.05 && p < 0.95) uncertain++;
  }
  return { min, max, mean: sum / count, uncertain: uncertain / count };
}

/** Rounds for display/JSON: 4 significant digits is what float16 carries anyway (11 bits ≈ 3.3). */
export function round4(stats: ProbabilityStats): ProbabilityStats {
  const r = (x: number) => Number(x.toPrecision(4));
  return { min: r(stats.min), max: r(stats.max), mean: r(stats.mean), uncertain: r(stats.uncertain) };
}
