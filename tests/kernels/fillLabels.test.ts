import { describe, expect, it } from 'vitest';
import { fillLabels } from '../../src/kernels/fillLabels';

describe('fillLabels', () => {
  it('fills as array.fill does, for every label type, offset and range, shared or not', () => {
    const types = [Uint8Array, Uint16Array, Uint32Array] as const;
    for (const Type of types) {
      const max = 2 ** (8 * Type.BYTES_PER_ELEMENT) - 1;
      for (const Buffer of [ArrayBuffer, SharedArrayBuffer]) {
        for (const offset of [0, 1, 2, 3, 5]) {
          for (const [from, to] of [
            [0, 11],
            [1, 10],
            [3, 4],
            [2, 2],
            [0, 1],
            [5, 11],
          ] as const) {
            for (const value of [0, 7, max]) {
              const buffer = new Buffer(64 * 4);
              const actual = new Type(buffer as ArrayBuffer, offset * Type.BYTES_PER_ELEMENT, 11).fill(3);
              const expected = new Type(11).fill(3);
              fillLabels(actual, value, from, to);
              expected.fill(value, from, to);
              expect(Array.from(actual), `${Type.name} ${offset} ${from}-${to} ${value}`).toEqual(
                Array.from(expected),
              );
              // Nothing outside the array is written.
              const bytes = new Uint8Array(buffer as ArrayBuffer);
              const begin = offset * Type.BYTES_PER_ELEMENT;
              expect(bytes.subarray(0, begin).every((b) => b === 0)).toBe(true);
              expect(bytes.subarray(begin + 11 * Type.BYTES_PER_ELEMENT).every((b) => b === 0)).toBe(true);
            }
          }
        }
      }
    }
  });
});
