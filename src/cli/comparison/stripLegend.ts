/**
 * The one-line caption of a comparison picture.
 *
 * @module
 */

import type { StripKind } from './overlays';
import type { WrittenStrip } from './writeStrips';

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
