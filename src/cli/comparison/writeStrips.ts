/**
 * Writes the comparison pictures of one image, one strip per metric, and names what they show.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writePng } from '../../io/node/png';
import type { PngImage } from '../../io/png/pngImage';
import type { OverlapMetric } from '../../solvers/catalog';
import type { ComparisonRow } from './comparison';
import { comparisonStrip, type StripKind } from './overlays';

/** A strip that was written. */
export interface WrittenStrip {
  path: string;
  metric: OverlapMetric;
  /** The RankSEG row shown (the baseline is the first row). */
  solver: string;
  baseline: string;
}

/**
 * For each metric with a RankSEG row, writes `<dir>/<stem>-<metric>.png`: photo | baseline |
 * RankSEG | difference (see `comparisonStrip`). The RankSEG mask shown is the `exact` solver's
 * when it is among the rows, else the first solver of that metric. The masks must be of one image
 * (`[1, 1, H, W]` masks or `[1, H, W]` labels).
 *
 * @throws io errors when the folder or a file cannot be written; RangeError when sizes disagree.
 * @example
 * ```ts
 * await writeComparisonStrips('rankseg-demo', 'chelsea', photo, rows, 'mask');
 * // [{ path: 'rankseg-demo/chelsea-dice.png', metric: 'dice', solver: 'exact', baseline: 'threshold' }, …]
 * ```
 */
export async function writeComparisonStrips(
  dir: string,
  stem: string,
  photo: PngImage,
  rows: readonly ComparisonRow[],
  kind: StripKind,
): Promise<WrittenStrip[]> {
  const baseline = rows[0]!;
  const written: WrittenStrip[] = [];
  for (const metric of ['dice', 'iou'] as const) {
    const candidates = rows.filter((r) => r.metric === metric);
    const shown = candidates.find((r) => r.solver === 'exact') ?? candidates[0];
    if (shown === undefined) continue;
    const strip = comparisonStrip(photo, baseline.mask, shown.mask, kind);
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${stem}-${metric}.png`);
    await writePng(path, strip);
    written.push({ path, metric, solver: shown.solver, baseline: baseline.solver });
  }
  return written;
}

/**
 * What the four panels of a strip show, for the line that names the file.
 *
 * @example
 * ```ts
 * stripLegend({ path: 'a-dice.png', metric: 'dice', solver: 'exact', baseline: 'threshold' }, 'mask');
 * // 'photo | threshold | exact (dice) | difference: orange added by RankSEG, blue removed, bright kept'
 * ```
 */
export function stripLegend(strip: WrittenStrip, kind: StripKind): string {
  const difference =
    kind === 'mask'
      ? 'difference: orange added by RankSEG, blue removed, bright kept'
      : 'difference: relabelled pixels in their RankSEG class colour';
  return `photo | ${strip.baseline} | ${strip.solver} (${strip.metric}) | ${difference}`;
}
