/**
 * Byte-level helpers: platform endianness, byte swapping, UTF-8 and Latin-1 text.
 * (`TextDecoder` is not part of the ES2022 library the core compiles against, and the strings
 * involved are a few hundred bytes, so a direct loop is simplest.)
 *
 * @module
 */

/** True on little-endian platforms (every current browser and Node target). */
export const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reverses the bytes of every `size`-byte item of `bytes`, in place. O(n).
 *
 * @param bytes - items packed back to back; `bytes.length` is a multiple of `size`.
 * @param size - item size in bytes (1 is a no-op).
 */
export function swapBytes(bytes: Uint8Array, size: number): void {
  if (size <= 1) return;
  const half = size >> 1;
  for (let base = 0; base < bytes.length; base += size) {
    for (let k = 0; k < half; k++) {
      const a = base + k;
      const b = base + size - 1 - k;
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Decodes strict UTF-8 (no overlong forms, no surrogates).
 *
 * @throws {RangeError} at the first invalid sequence.
 */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  const n = bytes.length;
  const cont = (j: number): number => {
    const b = j < n ? bytes[j]! : 0;
    if ((b & 0xc0) !== 0x80) throw new RangeError(`invalid UTF-8 at byte ${j}`);
    return b & 0x3f;
  };
  while (i < n) {
    const b0 = bytes[i]!;
    let cp: number;
    if (b0 < 0x80) {
      cp = b0;
      i += 1;
    } else if (b0 >= 0xc2 && b0 < 0xe0) {
      cp = ((b0 & 0x1f) << 6) | cont(i + 1);
      i += 2;
    } else if (b0 >= 0xe0 && b0 < 0xf0) {
      cp = ((b0 & 0x0f) << 12) | (cont(i + 1) << 6) | cont(i + 2);
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) throw new RangeError(`invalid UTF-8 at byte ${i}`);
      i += 3;
    } else if (b0 >= 0xf0 && b0 < 0xf5) {
      cp = ((b0 & 0x07) << 18) | (cont(i + 1) << 12) | (cont(i + 2) << 6) | cont(i + 3);
      if (cp < 0x10000 || cp > 0x10ffff) throw new RangeError(`invalid UTF-8 at byte ${i}`);
      i += 4;
    } else {
      throw new RangeError(`invalid UTF-8 at byte ${i}`);
    }
    out += String.fromCodePoint(cp);
  }
  return out;
}

/** Encodes a string as UTF-8. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Decodes Latin-1 (one byte, one code point). */
export function latin1Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/** Shows up to `max` bytes as escaped text for an error message, e.g. `"\x93NUMPY"`. */
export function showBytes(bytes: Uint8Array, max = 8): string {
  let out = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    out += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${hex2(b)}`;
  }
  return `"${out}"${bytes.length > max ? '…' : ''}`;
}

function hex2(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16);
}

/**
 * Joins chunks into one array.
 *
 * @example
 * ```ts
 * concatChunks([Uint8Array.of(1), Uint8Array.of(2, 3)]); // Uint8Array [1, 2, 3]
 * ```
 */
export function concatChunks(chunks: Iterable<Uint8Array>): Uint8Array {
  const list = [...chunks];
  let total = 0;
  for (const c of list) total += c.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of list) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
