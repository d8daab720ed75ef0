/**
 * Format-agnostic array files, chosen by extension.
 *
 * @module
 */

import { type Dtype, type DtypeData, parseDtype } from '../dtype';
import { extensionList, type FileFormat, formatOfPath } from '../formats';
import { type ReadOptions, readLimits } from '../limits';
import { encodeNiftiChunks } from '../nifti/encodeNifti';
import type { NiftiDtype } from '../nifti/niftiDatatype';
import type { NiftiHeader } from '../nifti/niftiHeader';
import { niftiTask } from '../nifti/niftiTask';
import { encodeNpyChunks } from '../npy/encodeNpy';
import { encodeNpzChunks } from '../npy/encodeNpz';
import { npyTask } from '../npy/npyTask';
import { npzTask } from '../npy/npzTask';
import { decodePng } from '../png/decodePng';
import { encodePng } from '../png/encodePng';
import { labelsToPng } from '../png/labelsToPng';
import { maskToPng } from '../png/maskToPng';
import type { PngImage } from '../png/pngImage';
import { readArrayInput } from '../shape';
import type { ArrayInput } from '../types';
import { guard } from './errors';
import { readBytes, runOnFile } from './runOnFile';
import { lazy, writeFileAtomic } from './writeFileAtomic';

/** The formats of {@link readArrayFile} / {@link writeArrayFile} (the table in `io/formats.ts`). */
export type ArrayFileFormat = FileFormat;

/** An array read from a file, C order, with what its format adds. */
export type ArrayFile =
  | { format: 'npy'; data: DtypeData; shape: number[]; dtype: Dtype }
  | { format: 'npz'; data: DtypeData; shape: number[]; dtype: Dtype; key: string }
  /** `shape` is NIfTI's dims reversed, `[(T,) Z, Y, X]`; `header` keeps the geometry. */
  | { format: 'nifti'; data: DtypeData; shape: number[]; header: NiftiHeader }
  /** `shape` is `[H, W]` for one channel, `[H, W, channels]` otherwise; indexed PNGs give labels. */
  | {
      format: 'png';
      data: Uint8Array | Uint16Array;
      shape: number[];
      bitDepth: PngImage['bitDepth'];
      palette?: number[][];
    };

/** Options of {@link readArrayFile}: the limits of {@link ReadOptions}, and the `.npz` member. */
export interface ReadArrayFileOptions extends ReadOptions {
  /** `.npz` member to read (name without `.npy`); may be omitted when the archive holds one array. */
  key?: string;
}

/** Options of {@link writeArrayFile}. */
export interface WriteArrayFileOptions {
  /** Element type for `.npy`, `.npz`, `.nii(.gz)` (NIfTI: no float16/bool); for `.png`, `'uint16'` writes 16 bits. */
  dtype?: Dtype;
  /** `.npz` member name. Default `'arr_0'` (numpy's name for a positional array). */
  key?: string;
  /** `.nii(.gz)`: header template whose geometry (pixdim, qform, sform, units…) is kept. */
  niftiHeader?: Partial<NiftiHeader>;
  /**
   * `.png`: `'gray'` [default] writes the values as samples (shape `[H, W]` or `[H, W, 1…4]`);
   * `'labels'` a palette image of labels 0…255; `'mask'` 0/1 as black/white. Leading axes of size
   * 1 are dropped first, so a rankseg mask `[1, H, W]` is accepted.
   */
  png?: 'gray' | 'labels' | 'mask';
}

/**
 * The format of a path by its extension, case-insensitive: `.npy`, `.npz`, `.nii`, `.nii.gz`, `.png`.
 *
 * @throws {RangeError} for any other extension (the message lists the supported ones).
 * @example
 * ```ts
 * arrayFileFormat('scan.nii.gz'); // 'nifti'
 * ```
 */
export function arrayFileFormat(path: string): ArrayFileFormat {
  const format = formatOfPath(path);
  if (format === undefined) {
    throw new RangeError(`unknown file extension of "${path}"; expected ${extensionList()}`);
  }
  return format;
}

/**
 * Reads an array from `.npy`, `.npz`, `.nii`/`.nii.gz` or `.png`, chosen by extension, as a C-order
 * `{ data, shape }` plus what the format adds (see {@link ArrayFile}).
 *
 * Large files are read without holding them whole: `.npy`/`.nii` data straight into the returned
 * array, `.npz`/`.nii.gz` inflated from the file in chunks (see `readNpy`, `readNifti`).
 *
 * @param path - the file.
 * @param options - `{ key }` for `.npz`; the limits of {@link ReadOptions} (`maxBytes`…).
 * @throws {RangeError} for an unknown extension, an invalid limit, or an `.npz` key that is missing or ambiguous
 *   (the message lists the members); {@link IoFormatError} for bad content; {@link IoFileError}
 *   when the file cannot be read. Messages start with the path.
 * @example
 * ```ts
 * import { readArrayFile } from 'rankseg/io/node';
 * const probs = await readArrayFile('probs.npy'); // { format: 'npy', data, shape, dtype }
 * ```
 */
export async function readArrayFile(path: string, options: ReadArrayFileOptions = {}): Promise<ArrayFile> {
  return guard(path, 'read', async (p): Promise<ArrayFile> => {
    const format = arrayFileFormat(p);
    const limits = readLimits(options);
    switch (format) {
      case 'npy':
        return { format, ...(await runOnFile(p, (size) => npyTask(0, size, limits))) };
      case 'npz': {
        let key: string | undefined;
        // the directory is read first; only the chosen member is then read
        const pick = (names: string[]): string[] => {
          key = options.key ?? (names.length === 1 ? names[0]! : undefined);
          const list = names.map((n) => `"${n}"`).join(', ') || 'none';
          if (key === undefined) throw new RangeError(`options.key must name one of the arrays: ${list}`);
          if (!names.includes(key))
            throw new RangeError(`options.key "${key}" is not in the archive; it holds ${list}`);
          return [key];
        };
        const members = await runOnFile(p, (size) => npzTask(size, limits, pick));
        return { format, ...members[key!]!, key: key! };
      }
      case 'nifti': {
        const vol = await runOnFile(p, (size) => niftiTask(size, limits));
        return { format, data: vol.data, shape: vol.shape, header: vol.header };
      }
      case 'png': {
        const img = decodePng(await readBytes(p), limits);
        const shape = img.channels === 1 ? [img.height, img.width] : [img.height, img.width, img.channels];
        const out: ArrayFile = { format, data: img.data, shape, bitDepth: img.bitDepth };
        if (img.palette !== undefined) out.palette = img.palette;
        return out;
      }
      default:
        return unknownFormat(format);
    }
  });
}

/**
 * Writes a C-order array as `.npy`, `.npz`, `.nii`/`.nii.gz` (gzipped) or `.png`, chosen by
 * extension, atomically (temporary file, then rename). NIfTI dims are the shape reversed (C order
 * `[Z, Y, X]` → NIfTI (X, Y, Z)).
 *
 * @param path - the file.
 * @param array - `{ data, shape }` (or `dims`).
 * @param options - dtype, npz key, NIfTI template, PNG mode.
 * @throws {TypeError}/{RangeError} for an unknown extension, a bad array or option, or a value that
 *   does not fit; {@link IoFileError} on write failure. Messages start with the path.
 * @example
 * ```ts
 * import { writeArrayFile } from 'rankseg/io/node';
 * await writeArrayFile('mask.png', mask, { png: 'labels' });
 * await writeArrayFile('mask.npy', mask, { dtype: 'uint8' });
 * ```
 */
export async function writeArrayFile(
  path: string,
  array: ArrayInput,
  options: WriteArrayFileOptions = {},
): Promise<void> {
  return guard(path, 'write', async (p) => {
    const format = arrayFileFormat(p);
    const { data, shape } = readArrayInput(array, 'array');
    const dtype = options.dtype === undefined ? undefined : parseDtype(options.dtype, 'options.dtype');
    switch (format) {
      case 'npy':
        return writeFileAtomic(p, encodeNpyChunks({ data, shape }, dtype === undefined ? {} : { dtype }));
      case 'npz': {
        const key = options.key ?? 'arr_0';
        const members = { [key]: { data, shape } };
        return writeFileAtomic(
          p,
          encodeNpzChunks(members, dtype === undefined ? {} : { dtypes: { [key]: dtype } }),
        );
      }
      case 'nifti': {
        const dims = shape.slice().reverse();
        const image = {
          data,
          dims,
          ...(options.niftiHeader === undefined ? {} : { header: options.niftiHeader }),
          ...(dtype === undefined ? {} : { datatype: dtype as NiftiDtype }),
        };
        return writeFileAtomic(p, encodeNiftiChunks(image, { gzip: p.toLowerCase().endsWith('.gz') }));
      }
      case 'png':
        return writeFileAtomic(
          p,
          lazy(() => encodePng(arrayToPng(data, shape, options.png ?? 'gray', dtype))),
        );
      default:
        return unknownFormat(format);
    }
  });
}

/** A format of the table this file has no case for: a new format must be added here too. */
function unknownFormat(format: never): never {
  throw new Error(`no reader or writer for format ${String(format)}`);
}

function arrayToPng(
  data: ArrayInput['data'],
  fullShape: number[],
  mode: string,
  dtype: Dtype | undefined,
): PngImage {
  const shape = fullShape.slice();
  while (shape.length > 2 && shape[0] === 1) shape.shift();
  if (mode === 'labels') return labelsToPng({ data, shape });
  if (mode === 'mask') return maskToPng({ data, shape });
  if (mode !== 'gray')
    throw new RangeError(`options.png must be 'gray', 'labels' or 'mask'; got ${JSON.stringify(mode)}`);
  const channels = shape.length === 2 ? 1 : shape[2]!;
  if (shape.length < 2 || shape.length > 3 || channels < 1 || channels > 4) {
    throw new RangeError(`a PNG needs shape [H, W] or [H, W, 1…4]; got [${fullShape.join(', ')}]`);
  }
  const bitDepth = dtype === 'uint16' || (dtype === undefined && data instanceof Uint16Array) ? 16 : 8;
  if (dtype !== undefined && dtype !== 'uint8' && dtype !== 'uint16') {
    throw new RangeError(`options.dtype for a PNG must be 'uint8' or 'uint16'; got '${dtype}'`);
  }
  return {
    data: data as Uint8Array,
    width: shape[1]!,
    height: shape[0]!,
    channels: channels as PngImage['channels'],
    bitDepth,
  };
}
