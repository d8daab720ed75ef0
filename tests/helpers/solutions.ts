/** Inputs and byte views shared by the tests that compare solveAsync with solve. */
import type { Solution } from '../../src/api/types';
import { realisticProbs } from './random';

export interface Probs {
  data: Float32Array | Float64Array;
  shape: number[];
}

/** Every byte of the four outputs, as arrays (so a failure shows where they differ). */
export function bytesOf(s: Solution) {
  const bytes = (a: ArrayBufferView) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return {
    maskType: s.mask.data.constructor.name,
    shape: s.mask.shape,
    mask: bytes(s.mask.data),
    volume: bytes(s.volume),
    cutoff: bytes(s.cutoff),
    expected: bytes(s.expected),
  };
}

/** Softmax-like probabilities with some confident, some faint classes (so pruning, overlaps and voids occur). */
export function probsFor(batch: number, classes: number, spatial: number[], seed: number): Probs {
  return {
    data: realisticProbs(seed, batch, classes, spatial, { cell: 3, scale: 3 }),
    shape: [batch, classes, ...spatial],
  };
}
