/**
 * The fuzzer's seed files: valid files of each format, made in code by the project's own writers
 * (nothing is stored), each with where its bytes lie (so a mutation can be judged).
 *
 * @module
 */

import { concatChunks } from '../../src/io/bytes';
import { gzipChunks } from '../../src/io/compress/deflateChunks';
import { encodeNifti } from '../../src/io/nifti/encodeNifti';
import { encodeNpy } from '../../src/io/npy/encodeNpy';
import { encodeNpz } from '../../src/io/npy/encodeNpz';
import { encodePng } from '../../src/io/png/encodePng';
import { labelsToPng } from '../../src/io/png/labelsToPng';
import { seeded } from './random';

/** The formats fuzzed. */
export type FuzzFormat = 'npy' | 'npz' | 'nii' | 'nii.gz' | 'png';

export const FUZZ_FORMATS: readonly FuzzFormat[] = ['npy', 'npz', 'nii', 'nii.gz', 'png'];

/** One valid file. */
export interface SeedFile {
  format: FuzzFormat;
  name: string;
  bytes: Uint8Array;
}

function floats(seed: number, n: number): Float32Array {
  const random = seeded(seed);
  return Float32Array.from({ length: n }, () => random());
}

function ints(seed: number, n: number, max: number): number[] {
  const random = seeded(seed);
  return Array.from({ length: n }, () => Math.floor(random() * (max + 1)));
}

/**
 * The seed files of `format` (a few per format, a few hundred bytes to a few KB each).
 *
 * @example
 * ```ts
 * seedFiles('npz').map((f) => f.name); // ['deflate-2-members', 'store-1-member']
 * ```
 */
export function seedFiles(format: FuzzFormat): SeedFile[] {
  const file = (name: string, bytes: Uint8Array): SeedFile => ({ format, name, bytes });
  switch (format) {
    case 'npy':
      return [
        file('float32-2x3x4', encodeNpy({ data: floats(1, 24), shape: [2, 3, 4] })),
        file(
          'int16-big-endian-fortran-3x5',
          encodeNpy(
            { data: Int16Array.from(ints(2, 15, 600), (v) => v - 300), shape: [3, 5] },
            { endianness: 'big', order: 'F' },
          ),
        ),
        file('float16-7-v2', encodeNpy({ data: floats(3, 7), shape: [7] }, { dtype: 'float16', version: 2 })),
        file('bool-2x2', encodeNpy({ data: [1, 0, 0, 1], shape: [2, 2] }, { dtype: 'bool' })),
      ];
    case 'npz':
      return [
        file(
          'deflate-2-members',
          encodeNpz({
            probs: { data: floats(4, 32), shape: [1, 2, 4, 4] },
            mask: { data: Uint8Array.from(ints(5, 16, 1)), shape: [1, 4, 4] },
          }),
        ),
        file(
          'store-1-member',
          encodeNpz(
            { labels: { data: Int32Array.from(ints(6, 6, 9)), shape: [6] } },
            { compression: 'store' },
          ),
        ),
      ];
    case 'nii':
      return [
        file(
          'int16-4x3x2',
          encodeNifti({
            data: Int16Array.from(ints(7, 24, 2000), (v) => v - 1000),
            dims: [4, 3, 2],
            header: { pixdim: [1, 0.5, 0.5, 2], descrip: 'fuzz seed' },
          }),
        ),
        file('float32-2x2x2x3', encodeNifti({ data: floats(8, 24), dims: [2, 2, 2, 3] })),
      ];
    case 'nii.gz': {
      const plain = encodeNifti({ data: Uint8Array.from(ints(9, 60, 255)), dims: [5, 4, 3] });
      // three gzip members, as bgzip writes them, then zero padding
      const members = [plain.subarray(0, 100), plain.subarray(100, 360), plain.subarray(360)].map((part) =>
        concatChunks(gzipChunks([part])),
      );
      return [
        file('float32-4x4x3x2', encodeNifti({ data: floats(10, 96), dims: [4, 4, 3, 2] }, { gzip: true })),
        file('uint8-5x4x3-3-members', concatChunks([...members, new Uint8Array(5)])),
      ];
    }
    default:
      return [
        file(
          'gray8-5x4',
          encodePng({
            data: Uint8Array.from(ints(11, 20, 255)),
            width: 5,
            height: 4,
            channels: 1,
            bitDepth: 8,
          }),
        ),
        file(
          'rgb8-3x3',
          encodePng({
            data: Uint8Array.from(ints(12, 27, 255)),
            width: 3,
            height: 3,
            channels: 3,
            bitDepth: 8,
          }),
        ),
        file(
          'gray16-4x2',
          encodePng({
            data: Uint16Array.from(ints(13, 8, 65535)),
            width: 4,
            height: 2,
            channels: 1,
            bitDepth: 16,
          }),
        ),
        file(
          'labels-6x5',
          encodePng(labelsToPng({ data: Uint8Array.from(ints(14, 30, 20)), shape: [5, 6] })),
        ),
      ];
  }
}
