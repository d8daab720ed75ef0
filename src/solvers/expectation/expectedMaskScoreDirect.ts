import type { OverlapMetric } from '../catalog';
import { poissonBinomialPmf } from './poissonBinomialPmf';

/**
 * Exact expected Dice or IoU of an arbitrary 0/1 mask A, straight from the definitions: with
 * X = Σ_{i∈A} Yᵢ and Z = Σ_{i∉A} Yᵢ independent Poisson-binomials and a = |A|,
 * - Dice: E[(2X + s)/(a + X + Z + s)],
 * - IoU: E[(X + s)/(a + Z + s)],
 * summed over the joint law f_X(x)·f_Z(z) with 0/0 counted as 0 (only x = z = a = s = 0).
 *
 * O(d²) time (two pmfs and an |A|·|Aᶜ| double sum), O(d) memory. An oracle for tests: it shares
 * no code path with the fast solver beyond the forward convolution of poissonBinomialPmf.
 *
 * @param probs - p₁…p_d in [0, 1].
 * @param mask - d entries, 1 = selected, 0 = not.
 * @param metric - 'dice' or 'iou'.
 * @param smooth - s ≥ 0.
 * @throws RangeError if the lengths differ or a mask entry is neither 0 nor 1.
 * @example
 * // One pixel p = 0.8 selected: Dice = E[2Y/(1 + Y)] = 0.8.
 * expectedMaskScoreDirect([0.8], [1], 'dice', 0); // 0.8
 */
export function expectedMaskScoreDirect(
  probs: ArrayLike<number>,
  mask: ArrayLike<number>,
  metric: OverlapMetric,
  smooth: number,
): number {
  if (probs.length !== mask.length) {
    throw new RangeError(`mask: length ${mask.length} differs from probs length ${probs.length}`);
  }
  const inA: number[] = [];
  const outA: number[] = [];
  for (let i = 0; i < probs.length; i++) {
    const m = mask[i];
    if (m === 1) inA.push(probs[i]!);
    else if (m === 0) outA.push(probs[i]!);
    else throw new RangeError(`mask: entry ${i} is ${String(m)}, expected 0 or 1`);
  }
  const a = inA.length;
  const fX = poissonBinomialPmf(inA);
  const fZ = poissonBinomialPmf(outA);
  const s = smooth;
  let acc = 0;
  for (let x = 0; x <= a; x++) {
    const px = fX[x]!;
    for (let z = 0; z <= outA.length; z++) {
      const num = metric === 'dice' ? 2 * x + s : x + s;
      const den = metric === 'dice' ? a + x + z + s : a + z + s;
      if (den > 0) acc += (px * fZ[z]! * num) / den;
    }
  }
  return acc;
}
