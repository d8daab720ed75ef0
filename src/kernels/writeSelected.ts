import type { SliceRanking } from './SliceRanking';
import type { TopSet } from './types';

/**
 * Sets `out[outOffset + i] = 1` for every selected pixel i of `top`, visiting only the ranking's
 * kept pixels (a superset of the selection); `out` must be zero where nothing is selected.
 * O(kept), usually a few percent of the slice.
 */
export function writeSelected(ranking: SliceRanking, top: TopSet, out: Uint8Array, outOffset: number): void {
  const { threshold, lastTie } = top;
  const values = ranking.keptValues;
  const indices = ranking.keptIndices;
  for (let j = 0; j < ranking.kept; j++) {
    const p = values[j]!;
    const i = indices[j]!;
    if (p > threshold || (p === threshold && i <= lastTie)) out[outOffset + i] = 1;
  }
}
