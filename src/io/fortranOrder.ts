/**
 * Reordering between Fortran (first axis fastest) and C (last axis fastest) element order.
 *
 * @module
 */

import { shapeSize } from './shape';

/**
 * Permutes packed items between Fortran and C order.
 *
 * For shape [s₀…s_{n−1}], the item at multi-index (i₀…i_{n−1}) sits at Σ iₖ·Πⱼ₌ₖ₊₁ sⱼ in C order and
 * at Σ iₖ·Πⱼ<ₖ sⱼ in Fortran order. Items are moved whole as 1-, 2- or 4-byte words, so bit patterns
 * (NaN payloads included) are kept. O(n) time, one output allocation.
 *
 * @param bytes - `shapeSize(shape) · itemSize` bytes (copied first if not aligned to the word size).
 * @param itemSize - bytes per item.
 * @param shape - the array's shape.
 * @param direction - `'toC'` reads Fortran order and writes C order; `'toFortran'` the reverse.
 * @returns a new array; `bytes` is not modified.
 * @example
 * ```ts
 * // shape [2, 3], Fortran bytes 0 3 1 4 2 5 hold rows [0 1 2] and [3 4 5]
 * reorderFortran(new Uint8Array([0, 3, 1, 4, 2, 5]), 1, [2, 3], 'toC'); // Uint8Array [0, 1, 2, 3, 4, 5]
 * ```
 */
export function reorderFortran(
  bytes: Uint8Array,
  itemSize: number,
  shape: readonly number[],
  direction: 'toC' | 'toFortran',
): Uint8Array {
  const n = shapeSize(shape);
  const out = new Uint8Array(n * itemSize);
  const ndim = shape.length;
  if (n === 0) return out;
  if (ndim <= 1) {
    out.set(bytes.subarray(0, n * itemSize));
    return out;
  }
  const word = itemSize % 4 === 0 ? 4 : itemSize % 2 === 0 ? 2 : 1;
  const per = itemSize / word; // words per item
  const src = wordView(bytes, word);
  const dst = wordView(out, word);
  // Fortran strides, in items
  const fStride = new Array<number>(ndim);
  fStride[0] = 1;
  for (let k = 1; k < ndim; k++) fStride[k] = fStride[k - 1]! * shape[k - 1]!;
  const idx = new Array<number>(ndim).fill(0);
  const last = ndim - 1;
  const rowLen = shape[last]!;
  const rowStride = fStride[last]!;
  const toC = direction === 'toC';
  let fBase = 0; // Fortran offset of the current row's first item
  for (let c = 0; c < n; c += rowLen) {
    // inner loop: one C-order row (last axis), a strided walk in Fortran order
    for (let j = 0, f = fBase; j < rowLen; j++, f += rowStride) {
      const cw = (c + j) * per;
      const fw = f * per;
      for (let w = 0; w < per; w++) {
        if (toC) dst[cw + w] = src[fw + w]!;
        else dst[fw + w] = src[cw + w]!;
      }
    }
    // odometer over the outer axes
    for (let k = last - 1; k >= 0; k--) {
      idx[k] = idx[k]! + 1;
      fBase += fStride[k]!;
      if (idx[k]! < shape[k]!) break;
      fBase -= fStride[k]! * shape[k]!;
      idx[k] = 0;
    }
  }
  return out;
}

function wordView(bytes: Uint8Array, word: number): Uint8Array | Uint16Array | Uint32Array {
  if (word === 1) return bytes;
  const length = bytes.length / word;
  if (bytes.byteOffset % word === 0) {
    return word === 2
      ? new Uint16Array(bytes.buffer, bytes.byteOffset, length)
      : new Uint32Array(bytes.buffer, bytes.byteOffset, length);
  }
  const copy = new Uint8Array(bytes); // unaligned input: an aligned copy
  return word === 2 ? new Uint16Array(copy.buffer, 0, length) : new Uint32Array(copy.buffer, 0, length);
}
