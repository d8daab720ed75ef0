/**
 * `array.fill(value, from, to)` for label arrays, four bytes at a time. V8 fills a typed array
 * over a SharedArrayBuffer element by element: 22 MB of Uint8 took 14.5 ms here against 1.5 ms
 * unshared, and 3.7 ms through a Uint32 view — the view used here for the whole words.
 *
 * @module
 */

type Labels = Uint8Array | Uint16Array | Uint32Array;

/**
 * Sets `array[from…to)` to `value` (a value of the array's type), as `array.fill` does.
 *
 * @example
 * ```ts
 * const labels = new Uint8Array(new SharedArrayBuffer(10));
 * fillLabels(labels, 255); // every element 255
 * ```
 */
export function fillLabels(array: Labels, value: number, from = 0, to = array.length): void {
  const size = array.BYTES_PER_ELEMENT;
  const perWord = 4 / size;
  // The elements [first, last) start on whole words of the buffer.
  const start = array.byteOffset + from * size;
  const first = Math.min(to, from + ((4 - (start & 3)) & 3) / size);
  const last = Math.max(first, to - ((to - first) % perWord));
  if (first > from) array.fill(value, from, first);
  if (last > first) {
    // value repeated over four bytes: 0x01010101·v for bytes, 0x00010001·v for 16-bit labels
    const pattern = size === 4 ? value : size === 2 ? value * 0x10001 : value * 0x1010101;
    new Uint32Array(array.buffer, array.byteOffset + first * size, (last - first) / perWord).fill(pattern);
  }
  if (to > last) array.fill(value, last, to);
}
