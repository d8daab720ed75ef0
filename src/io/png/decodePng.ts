/**
 * PNG reader.
 *
 * @module
 */

import { StreamError } from '../inflate/StreamError';
import { ZlibDecoder } from '../inflate/ZlibDecoder';
import { maxInflatedSize, type ReadOptions, readLimits, tooManyBytes } from '../limits';
import { CHANNELS, pngError, readPngChunks } from './pngChunks';
import type { PngImage } from './pngImage';
import { pngDataSize, pngSamples } from './pngPixels';

/**
 * Decodes a PNG: gray (1/2/4/8/16 bits), gray+alpha, RGB, RGBA (8/16 bits), indexed (1/2/4/8 bits),
 * interlaced (Adam7) or not. Samples come one per element — 1/2/4-bit rows are unpacked, 16-bit
 * samples are a `Uint16Array` — and indexed images keep their indices in `data` (a label map stays
 * a label map) with the colours in `palette` (`[r, g, b, a]` per entry when a tRNS chunk gives
 * alpha). O(width · height · channels).
 *
 * Verified as read: every chunk's CRC-32, the zlib header and Adler-32, and exactly the amount of
 * image data the header implies (neither less nor more). The pixel count is checked against
 * `maxPixels` and the inflated size against `maxBytes` before anything is allocated.
 *
 * @param bytes - the whole file.
 * @param options - limits (see {@link ReadOptions}): `maxPixels` (default 2^28), `maxBytes`
 *   (default 1 GiB) for the inflated image data.
 * @returns `{ data, width, height, channels, bitDepth, palette? }`.
 * @throws {IoFormatError} (format `'png'`) for a wrong signature, a truncated or corrupt chunk
 *   (CRC-32), a bad header, missing or misplaced chunks, corrupt or truncated image data, an
 *   Adler-32 mismatch, image data longer than the header implies, or an image over the limits.
 * @throws {RangeError} for an invalid option.
 * @example
 * ```ts
 * import { decodePng } from 'rankseg/io';
 * const { data, width, height, channels, bitDepth } = decodePng(bytes);
 * ```
 */
export function decodePng(bytes: Uint8Array, options?: ReadOptions): PngImage {
  const limits = readLimits(options);
  const { header, palette, idat } = readPngChunks(bytes);
  const { width, height, bitDepth } = header;
  const pixels = width * height;
  if (pixels > limits.maxPixels) {
    throw pngError(
      `PNG image is ${width}×${height} = ${pixels} pixels, more than the limit of ${limits.maxPixels} (maxPixels); ` +
        'if the file is trusted, raise it with the maxPixels option',
    );
  }
  const size = pngDataSize(header);
  if (size > limits.maxBytes) throw tooManyBytes('png', 'the PNG image data', size, limits.maxBytes);
  let compressed = 0;
  for (const chunk of idat) compressed += chunk.length;
  if (size > maxInflatedSize(compressed)) {
    throw pngError(
      `PNG data is truncated: a ${width}×${height} image needs ${size} bytes of image data, ${compressed} compressed bytes cannot hold them`,
    );
  }
  const raw = new Uint8Array(size);
  let filled = 0;
  const zlib = new ZlibDecoder(
    (piece) => {
      if (filled + piece.length > size) {
        throw pngError(`PNG image data is longer than the ${size} bytes a ${width}×${height} image needs`);
      }
      raw.set(piece, filled);
      filled += piece.length;
    },
    () => size - filled,
  );
  try {
    for (const chunk of idat) zlib.push(chunk);
    zlib.finish();
  } catch (e) {
    if (e instanceof StreamError) throw pngError(`PNG image data is corrupt or truncated: ${e.message}`, e);
    throw e;
  }
  if (filled < size) {
    throw pngError(
      `PNG data is truncated: the image data inflates to ${filled} bytes, a ${width}×${height} image needs ${size}`,
    );
  }
  const image: PngImage = {
    data: pngSamples(header, raw),
    width,
    height,
    channels: CHANNELS[header.colorType]!,
    bitDepth,
  };
  if (palette !== undefined) image.palette = palette;
  return image;
}
