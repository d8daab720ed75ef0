/**
 * PNG image data (PNG spec §7–§9): passes (one, or seven with Adam7 interlacing), rows that each
 * start with a filter type byte, the five filters reversed, and samples unpacked to one per
 * element.
 *
 * @module
 */

import type { PngHeader } from './pngChunks';
import { CHANNELS, pngError } from './pngChunks';

/** A reduced image of the scan: pixels (x0 + i·dx, y0 + j·dy). */
interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

/** Adam7 pass origins and steps (PNG spec §8.2). */
const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** The passes of an image; empty passes (no pixel) are left out, as they hold no bytes. */
export function pngPasses(h: PngHeader): Pass[] {
  if (h.interlace === 0) return [{ x0: 0, y0: 0, dx: 1, dy: 1, width: h.width, height: h.height }];
  const out: Pass[] = [];
  for (const [x0, y0, dx, dy] of ADAM7) {
    const width = Math.ceil((h.width - x0) / dx);
    const height = Math.ceil((h.height - y0) / dy);
    if (width > 0 && height > 0) out.push({ x0, y0, dx, dy, width, height });
  }
  return out;
}

/** Bytes of one row of `width` pixels, without the filter byte. */
export function rowBytes(h: PngHeader, width: number): number {
  return Math.ceil((width * CHANNELS[h.colorType]! * h.bitDepth) / 8);
}

/**
 * Size of the inflated image data: Σ over passes of height · (1 + row bytes). Exact, computed in
 * doubles (at most 2^31 · (1 + 2^31 · 8) < 2^66: the caller compares it with its limits first).
 */
export function pngDataSize(h: PngHeader): number {
  let total = 0;
  for (const p of pngPasses(h)) total += p.height * (1 + rowBytes(h, p.width));
  return total;
}

/**
 * Reverses the filters and unpacks the samples of inflated image data into one sample per
 * element, rows top to bottom (Adam7 passes scattered to their pixels). `raw` is modified.
 *
 * @param raw - exactly {@link pngDataSize} bytes.
 * @throws {IoFormatError} for a filter type above 4.
 */
export function pngSamples(h: PngHeader, raw: Uint8Array): Uint8Array | Uint16Array {
  const channels = CHANNELS[h.colorType]!;
  const count = h.width * h.height * channels;
  const out = h.bitDepth === 16 ? new Uint16Array(count) : new Uint8Array(count);
  // filters work on whole bytes: the distance to the corresponding byte of the previous pixel
  const bpp = Math.max(1, (channels * h.bitDepth) >> 3);
  let offset = 0;
  for (const pass of pngPasses(h)) {
    const stride = rowBytes(h, pass.width);
    for (let j = 0; j < pass.height; j++) {
      const filter = raw[offset]!;
      const row = offset + 1;
      const prior = j === 0 ? -1 : row - (stride + 1);
      unfilterRow(raw, row, prior, stride, bpp, filter, offset);
      writeRow(h, raw.subarray(row, row + stride), pass, j, channels, out);
      offset = row + stride;
    }
  }
  return out;
}

/** Reverses one row's filter in place; `prior` is the previous row's start, −1 for the first row. */
function unfilterRow(
  b: Uint8Array,
  row: number,
  prior: number,
  n: number,
  bpp: number,
  filter: number,
  at: number,
): void {
  switch (filter) {
    case 0:
      return;
    case 1: // Sub
      for (let i = bpp; i < n; i++) b[row + i] = (b[row + i]! + b[row + i - bpp]!) & 0xff;
      return;
    case 2: // Up
      if (prior < 0) return;
      for (let i = 0; i < n; i++) b[row + i] = (b[row + i]! + b[prior + i]!) & 0xff;
      return;
    case 3: // Average
      for (let i = 0; i < n; i++) {
        const left = i >= bpp ? b[row + i - bpp]! : 0;
        const up = prior < 0 ? 0 : b[prior + i]!;
        b[row + i] = (b[row + i]! + ((left + up) >> 1)) & 0xff;
      }
      return;
    case 4: // Paeth
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? b[row + i - bpp]! : 0;
        const up = prior < 0 ? 0 : b[prior + i]!;
        const c = i >= bpp && prior >= 0 ? b[prior + i - bpp]! : 0;
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        const pred = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
        b[row + i] = (b[row + i]! + pred) & 0xff;
      }
      return;
    default:
      throw pngError(
        `PNG image data is corrupt: row filter type ${filter} at inflated byte ${at} (0…4 exist)`,
      );
  }
}

/** Writes the samples of pass row `j` to their pixels in `out`. */
function writeRow(
  h: PngHeader,
  row: Uint8Array,
  pass: Pass,
  j: number,
  channels: number,
  out: Uint8Array | Uint16Array,
): void {
  const y = pass.y0 + j * pass.dy;
  const samples = pass.width * channels;
  const base = (y * h.width + pass.x0) * channels;
  const step = pass.dx * channels;
  if (h.bitDepth === 8 && pass.dx === 1) {
    (out as Uint8Array).set(row.subarray(0, samples), base);
    return;
  }
  for (let s = 0; s < samples; s++) {
    const pixel = (s / channels) | 0;
    const at = base + pixel * step + (s - pixel * channels);
    out[at] = sample(row, s, h.bitDepth);
  }
}

/** Sample `s` of a row: 16-bit big-endian, 8-bit, or packed high bits first. */
function sample(row: Uint8Array, s: number, depth: number): number {
  if (depth === 16) return (row[2 * s]! << 8) | row[2 * s + 1]!;
  if (depth === 8) return row[s]!;
  const bit = s * depth;
  return (row[bit >> 3]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}
