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
  /**
   * Set when this metric's RankSEG mask equals the one of an earlier strip: no file was written,
   * `path` is that strip's file.
   */
  sameAs?: OverlapMetric;
}

/**
 * For each metric with a RankSEG row, writes `<dir>/<stem>-<metric>.png`: photo | baseline |
 * RankSEG | difference (see `comparisonStrip`). The RankSEG mask shown is the `exact` solver's
 * when it is among the rows, else the first solver of that metric. The masks must be of one image
 * (`[1, 1, H, W]` masks or `[1, H, W]` labels). A picture identical to one already written is not
 * written again: its strip has `sameAs` and the earlier `path`.
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
  const masks: ComparisonRow['mask'][] = [];
  for (const metric of ['dice', 'iou'] as const) {
    const candidates = rows.filter((r) => r.metric === metric);
    const shown = candidates.find((r) => r.solver === 'exact') ?? candidates[0];
    if (shown === undefined) continue;
    const strip = { metric, solver: shown.solver, baseline: baseline.solver };
    const same = masks.findIndex((m) => sameValues(m.data, shown.mask.data));
    if (same >= 0) {
      written.push({ ...strip, path: written[same]!.path, sameAs: written[same]!.metric });
    } else {
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${stem}-${metric}.png`);
      await writePng(path, comparisonStrip(photo, baseline.mask, shown.mask, kind));
      written.push({ ...strip, path });
    }
    masks.push(shown.mask);
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

/**
 * The line that reports a strip: where it was written and what it shows, or which strip already
 * shows its mask.
 *
 * @example
 * ```ts
 * stripLine({ path: 'a-dice.png', metric: 'iou', solver: 'exact', baseline: 'threshold', sameAs: 'dice' }, 'mask');
 * // 'iou: the same RankSEG mask as dice, pictured in a-dice.png'
 * ```
 */
export function stripLine(strip: WrittenStrip, kind: StripKind): string {
  if (strip.sameAs !== undefined) {
    return `${strip.metric}: the same RankSEG mask as ${strip.sameAs}, pictured in ${strip.path}`;
  }
  return `wrote ${strip.path}: ${stripLegend(strip, kind)}`;
}

/** The files written (a strip that repeats an earlier one names that one's file). */
export function stripFiles(strips: readonly WrittenStrip[]): string[] {
  return strips.filter((s) => s.sameAs === undefined).map((s) => s.path);
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
