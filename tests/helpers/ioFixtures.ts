import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a fixture in tests/io/fixtures. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../io/fixtures/${name}`, import.meta.url));
}

/** Bytes of a fixture, as a plain Uint8Array copy (not a Node Buffer). */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
}

/** ASCII bytes of a string. */
export function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * NPY bytes assembled by hand from the format description, independent of the encoder:
 * magic, version, little-endian header length, the header text padded with spaces to a 64-byte
 * boundary and ended by '\n', then the data.
 */
export function rawNpy(
  dict: string,
  data: ArrayLike<number> = [],
  major = 1,
  headerBytes?: number[],
): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const text = headerBytes ?? ascii(dict);
  let total = prefix + text.length + 1;
  while (total % 64 !== 0) total++;
  const headerLength = total - prefix;
  const out = new Uint8Array(total + data.length);
  out.set([0x93, ...ascii('NUMPY'), major, 0]);
  if (major === 1) {
    out[8] = headerLength & 0xff;
    out[9] = headerLength >> 8;
  } else {
    out[8] = headerLength & 0xff;
    out[9] = (headerLength >> 8) & 0xff;
    out[10] = (headerLength >> 16) & 0xff;
    out[11] = headerLength >>> 24;
  }
  out.set(text, prefix);
  out.fill(0x20, prefix + text.length, total - 1);
  out[total - 1] = 0x0a;
  out.set(Array.from(data), total);
  return out;
}

/** Bytes of the data part of an NPY file (after the header). */
export function npyDataBytes(file: Uint8Array): Uint8Array {
  const major = file[6]!;
  const len = major === 1 ? file[8]! | (file[9]! << 8) : file[8]! | (file[9]! << 8) | (file[10]! << 16);
  return file.subarray((major === 1 ? 10 : 12) + len);
}
