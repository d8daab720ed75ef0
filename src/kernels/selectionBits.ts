/**
 * A class's selection as a bit plane: bit i of the plane is set iff slice pixel i is selected.
 * The output pass of a class of a multiclass image split across threads (DESIGN §4.2) writes
 * this instead of claiming labels, so that classes can be chosen in any order on any thread;
 * the claims by pixel range then read every class's plane (`OverlapResolver.claimBits`).
 * 1/32 of a Float32 slice's size per class.
 *
 * @module
 */

import { type ClassSelection, type PassScope, recordOrTie, WHOLE_SLICE } from './ClassSelection';
import type { FloatArray } from './types';

/** Pixels per chunk of the marking pass (small calls, so that V8 optimizes the loop whole; a multiple of 32). */
const CHUNK = 1 << 13;

/**
 * Uint32 words of a class's bit plane over `pixels` pixels. Each plane starts on a word of its
 * own, so that threads marking different classes never write the same word.
 *
 * @example
 * ```ts
 * planeWords(100); // 4
 * ```
 */
export function planeWords(pixels: number): number {
  return Math.ceil(pixels / 32);
}

/**
 * The output pass of a class (as `markSelection`) into a bit plane: over the pixels `scope`
 * names, sets bit i of `bits[wordOffset…]` for each selected pixel i, records the hull and
 * tracks the smallest selected value. The plane must be zero there. After `finish`,
 * {@link markHullBits} adds the hull's selected pixels. O(length), or O(scope.count).
 *
 * @example
 * ```ts
 * const sel = new ClassSelection();
 * sel.setTies(0.5, 1, 2, 0.8); // 0.9 and the first 0.5
 * const bits = new Uint32Array(1);
 * markSelectionBits(new Float32Array([0.5, 0.9, 0.5]), 0, 3, sel, bits, 0);
 * // bits[0] = 0b011
 * ```
 */
export function markSelectionBits(
  data: FloatArray,
  offset: number,
  length: number,
  sel: ClassSelection,
  bits: Uint32Array,
  wordOffset: number,
  scope: PassScope = WHOLE_SLICE,
): void {
  if (sel.volume === 0 && !sel.pending) return;
  sel.reserveHull();
  const { indices, count } = scope;
  const limit = indices ? count : length;
  for (let start = 0; start < limit; start += CHUNK) {
    const end = Math.min(limit, start + CHUNK);
    if (indices) markListedBits(data, offset, indices, start, end, sel, bits, wordOffset);
    else markWholeBits(data, offset, start, end, sel, bits, wordOffset);
  }
}

/** Pixels [start, end) of the slice (`start` a multiple of 32), a word of 32 built at a time. */
function markWholeBits(
  data: FloatArray,
  offset: number,
  start: number,
  end: number,
  sel: ClassSelection,
  bits: Uint32Array,
  wordOffset: number,
): void {
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  let least = sel.minSelected;
  for (let first = start; first < end; first += 32) {
    const n = Math.min(32, end - first);
    let word = 0;
    for (let j = 0; j < n; j++) {
      const p = data[offset + first + j]!;
      if (p >= sureFrom || (p >= hullFrom && recordOrTie(sel, p, first + j))) {
        word |= 1 << j;
        if (p < least) least = p;
      }
    }
    if (word !== 0) bits[wordOffset + (first >>> 5)]! |= word;
  }
  sel.minSelected = least;
}

/** The listed slice indices indices[start, end). */
function markListedBits(
  data: FloatArray,
  offset: number,
  indices: Int32Array,
  start: number,
  end: number,
  sel: ClassSelection,
  bits: Uint32Array,
  wordOffset: number,
): void {
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  let least = sel.minSelected;
  for (let j = start; j < end; j++) {
    const i = indices[j]!;
    const p = data[offset + i]!;
    if (p >= sureFrom || (p >= hullFrom && recordOrTie(sel, p, i))) {
      bits[wordOffset + (i >>> 5)]! |= 1 << (i & 31);
      if (p < least) least = p;
    }
  }
  sel.minSelected = least;
}

/**
 * After `finish`: sets the bits of the hull's selected pixels (as `markHull` writes them into a
 * mask). O(hull).
 *
 * @example
 * ```ts
 * solver.finish(sel);
 * markHullBits(sel, bits, c * planeWords(pixels));
 * ```
 */
export function markHullBits(sel: ClassSelection, bits: Uint32Array, wordOffset: number): void {
  for (let j = 0; j < sel.hullCount; j++) {
    if (!sel.takesHull(j)) continue;
    const i = sel.hullIndices[j]!;
    bits[wordOffset + (i >>> 5)]! |= 1 << (i & 31);
    const p = sel.hullValues[j]!;
    if (p < sel.minSelected) sel.minSelected = p;
  }
}
