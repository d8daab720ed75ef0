/**
 * Masks in the layout of the input file: no axes added, the class axis where the input had it.
 *
 * @module
 */

import type { Mask, MaskData } from '../../api/types';
import type { StoredArray } from '../common/readProbabilities';

/**
 * `solve()`'s mask (labels `[B, ...spatial]` or 0/1 masks `[B, C, ...spatial]`, channels first,
 * with the batch axis the reader added) in the layout of the stored input array:
 * - labels: the input's shape without its class axis (`[H, W]` → `[H, W]`; `[C, H, W]` with
 *   `--class-axis 0` → `[H, W]`; nnU-Net's `(C, Z, Y, X)` → `(Z, Y, X)`; `[1, C, H, W]` →
 *   `[1, H, W]`; `[1, H, W, C]` → `[1, H, W]`). The values are already in that order.
 * - masks: the input's own shape, the classes moved back to the input's class axis (`[1, H, W, C]`
 *   stays channels-last); a one-class input without a class axis keeps its shape.
 * The data is shared when no axis moves, else copied once (O(n)).
 *
 * @example
 * ```ts
 * maskAsStored({ data, shape: [1, 4, 5] }, { shape: [3, 4, 5], classAxis: 0, batched: false, … }, false);
 * // { data, shape: [4, 5] }
 * ```
 */
export function maskAsStored(mask: Mask, stored: StoredArray, multilabel: boolean): Mask {
  const { shape, classAxis } = stored;
  if (classAxis === undefined) return { data: mask.data, shape: shape.slice() };
  if (!multilabel) return { data: mask.data, shape: shape.filter((_, k) => k !== classAxis) };
  // [B, C, rest] → the stored order; an unbatched array has a batch of one in front
  const to = stored.batched ? classAxis : classAxis + 1;
  if (to === 1) return { data: mask.data, shape: shape.slice() };
  return { data: moveAxisFromOne(mask.data, mask.shape, to), shape: shape.slice() };
}

/**
 * Moves axis 1 of a C-order array of `shape` to position `to` (> 1): `[A, C, M…, N…]` read as
 * `[A][C][M][N]` becomes `[A][M][C][N]`, where M are the axes 2…to and N the rest.
 */
function moveAxisFromOne(data: MaskData, shape: readonly number[], to: number): MaskData {
  const outer = shape[0]!;
  const classes = shape[1]!;
  let middle = 1;
  for (let k = 2; k <= to; k++) middle *= shape[k]!;
  const inner = data.length / (outer * classes * middle);
  const out = new (data.constructor as new (n: number) => MaskData)(data.length);
  for (let a = 0; a < outer; a++) {
    for (let c = 0; c < classes; c++) {
      for (let m = 0; m < middle; m++) {
        const from = ((a * classes + c) * middle + m) * inner;
        const into = ((a * middle + m) * classes + c) * inner;
        out.set(data.subarray(from, from + inner), into);
      }
    }
  }
  return out;
}
