/**
 * PNG files.
 *
 * @module
 */

import type { ReadOptions } from '../limits';
import { decodePng } from '../png/decodePng';
import { encodePng } from '../png/encodePng';
import type { PngImage } from '../png/pngImage';
import { guard } from './errors';
import { readBytes } from './runOnFile';
import { lazy, writeFileAtomic } from './writeFileAtomic';

/**
 * Reads a PNG file (see `decodePng`).
 *
 * @param options - limits (see {@link ReadOptions}): `maxPixels`, `maxBytes`.
 * @throws {IoFormatError} when the content is not a valid PNG; {@link IoFileError} when the file
 *   cannot be read. Messages start with the path.
 * @example
 * ```ts
 * import { readPng } from 'rankseg/io/node';
 * const photo = await readPng('photo.png');
 * ```
 */
export async function readPng(path: string, options?: ReadOptions): Promise<PngImage> {
  return guard(path, 'read', async (p) => decodePng(await readBytes(p), options));
}

/**
 * Writes an image as PNG (see `encodePng`) atomically.
 *
 * @throws {TypeError}/{RangeError} for a bad image; {@link IoFileError} on write failure.
 * @example
 * ```ts
 * import { labelsToPng } from 'rankseg/io';
 * import { writePng } from 'rankseg/io/node';
 * await writePng('labels.png', labelsToPng(mask));
 * ```
 */
export async function writePng(path: string, image: PngImage): Promise<void> {
  return guard(path, 'write', (p) =>
    writeFileAtomic(
      p,
      lazy(() => encodePng(image)),
    ),
  );
}
