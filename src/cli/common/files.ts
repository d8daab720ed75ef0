/**
 * Paths: which files the CLI reads, how output names are made, directory walking.
 *
 * @module
 */

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionList, FILE_EXTENSIONS, type FileExtension, splitFileName } from '../../io/formats';
import type { FileFilter } from './glob';

/** A file extension the CLI reads and writes (lower case, with the dot; the io format table). */
export type Extension = FileExtension;

/**
 * Splits a file name into its stem and supported extension (`scan.nii.gz` → `scan`, `.nii.gz`),
 * case-insensitively; `undefined` for an unsupported extension.
 *
 * @example
 * ```ts
 * splitExtension('Case01.NII.GZ'); // { stem: 'Case01', ext: '.nii.gz' }
 * splitExtension('notes.txt'); // undefined
 * ```
 */
export function splitExtension(name: string): { stem: string; ext: Extension } | undefined {
  const parts = splitFileName(name);
  return parts === undefined ? undefined : { stem: parts.stem, ext: parts.ext };
}

/**
 * Reads an `--output-format` value: an extension of the io format table (`npy`, `npz`, `nii`,
 * `nii.gz`, `png`), with or without the leading dot, any case.
 *
 * @throws {RangeError} for any other value (the message lists the valid ones).
 * @example
 * ```ts
 * parseExtension('NII.GZ'); // '.nii.gz'
 * ```
 */
export function parseExtension(value: string): Extension {
  const v = value.trim().toLowerCase();
  const ext = (v.startsWith('.') ? v : `.${v}`) as Extension;
  if (!FILE_EXTENSIONS.includes(ext)) {
    const valid = FILE_EXTENSIONS.map((e) => e.slice(1)).join(', ');
    throw new RangeError(`unknown format '${value}'; valid: ${valid}`);
  }
  return ext;
}

/** What a path is on disk. */
export type PathKind = 'file' | 'directory' | 'missing' | 'other';

/**
 * Whether `path` is a file, a directory, missing, or something else (a socket, a broken link).
 *
 * @example
 * ```ts
 * await pathKind('/tmp'); // 'directory'
 * ```
 */
export async function pathKind(path: string): Promise<PathKind> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw e;
  }
}

/** A file (or folder) a command leaves alone, and why; listed instead of skipped silently. */
export interface Skipped {
  /** The path, as the command line names it (`<folder>/<relative path>`). */
  file: string;
  reason: string;
}

/** The files of a folder that a command takes, and those it leaves out. */
export interface Listing {
  /** Array files taken, relative to the folder (`sub/name.ext` with `/`), sorted by code point. */
  files: string[];
  /** Everything else in the folder, each with its reason, in the same order. */
  skipped: Skipped[];
}

/**
 * The array files of a folder, and every other entry with the reason it is not taken:
 * - a hidden entry (its name starts with `.`, as the temporary files of atomic writes do);
 * - a subfolder without `recursive` ("pass -r"), or one a `--exclude` glob matches;
 * - a symbolic link to a folder (never followed: no cycles);
 * - a file whose extension no reader knows;
 * - a file `filter` leaves out (`--include`/`--exclude`, matched against the relative path).
 * Symbolic links to files are taken like files. Paths use `/` and are sorted by code point (a
 * stable order for progress and reports).
 *
 * @example
 * ```ts
 * await listInputFiles('probs', false, fileFilter());
 * // { files: ['a.npy', 'b.nii.gz'], skipped: [{ file: 'probs/notes.txt', reason: 'not a .npy, … file' }] }
 * ```
 */
export async function listInputFiles(dir: string, recursive: boolean, filter: FileFilter): Promise<Listing> {
  const files: string[] = [];
  const skipped: Skipped[] = [];
  const skip = (rel: string, reason: string) => skipped.push({ file: join(dir, rel), reason });
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(rel === '' ? dir : join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.name.startsWith('.')) {
        skip(relPath, 'hidden (its name starts with a dot)');
        continue;
      }
      const kind = entry.isSymbolicLink() ? await linkKind(join(dir, relPath)) : direntKind(entry);
      if (kind === 'directory') {
        const excluded = filter.folderExcluded(relPath);
        if (entry.isSymbolicLink()) skip(relPath, 'a symbolic link to a folder (not followed)');
        else if (!recursive) skip(relPath, 'a folder (pass -r to process subfolders)');
        else if (excluded !== undefined) skip(relPath, excluded);
        else await walk(relPath);
      } else if (kind !== 'file') {
        skip(relPath, kind === 'missing' ? 'a broken symbolic link' : 'not a regular file');
      } else if (splitExtension(entry.name) === undefined) {
        skip(relPath, `not a ${extensionList()} file`);
      } else {
        const reason = filter.reasonToSkip(relPath);
        if (reason === undefined) files.push(relPath);
        else skip(relPath, reason);
      }
    }
  };
  await walk('');
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  files.sort(byPath);
  skipped.sort((a, b) => byPath(a.file, b.file));
  return { files, skipped };
}

function direntKind(entry: Dirent): PathKind {
  return entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other';
}

/** What a symbolic link points to (stat follows it). */
async function linkKind(path: string): Promise<PathKind> {
  try {
    return await pathKind(path);
  } catch {
    return 'other'; // a link loop, or a target that cannot be examined
  }
}

/**
 * The nnU-Net rule for a folder where one name has both an array file (`.npy`/`.npz`) and an image
 * file (`.nii`/`.nii.gz`/`.png`), as nnU-Net's `--save_probabilities` writes `case.npz` (the
 * probabilities) beside `case.nii.gz` (its segmentation): for `'probabilities'` (predict,
 * calibrate) the array file is read and the image is left out; for `'labels'` (evaluate) the image
 * is read and the array file left out. Left-out files are returned as skipped, naming the file read
 * instead. Other files are untouched (two array files of one name are both kept).
 *
 * @example
 * ```ts
 * nnunetPairs(['case.nii.gz', 'case.npz', 'other.nii.gz'], 'out', 'probabilities').files;
 * // ['case.npz', 'other.nii.gz']; out/case.nii.gz is skipped: taken for the segmentation beside case.npz
 * ```
 */
export function nnunetPairs(
  files: readonly string[],
  dir: string,
  role: 'probabilities' | 'labels',
): Listing {
  const isArray = (rel: string) => {
    const ext = splitExtension(rel)!.ext;
    return ext === '.npy' || ext === '.npz';
  };
  const arrays = new Map<string, string>();
  const images = new Map<string, string>();
  for (const rel of files) (isArray(rel) ? arrays : images).set(splitExtension(rel)!.stem, rel);
  const kept: string[] = [];
  const skipped: Skipped[] = [];
  for (const rel of files) {
    const stem = splitExtension(rel)!.stem;
    const array = arrays.get(stem);
    const image = images.get(stem);
    if (array === undefined || image === undefined) kept.push(rel);
    else if (role === 'probabilities' && rel === image)
      skipped.push({
        file: join(dir, rel),
        reason: `taken for the segmentation beside ${array} (as nnU-Net writes them), not read as probabilities`,
      });
    else if (role === 'labels' && isArray(rel))
      skipped.push({
        file: join(dir, rel),
        reason: `taken for the probabilities beside ${image} (as nnU-Net writes them), not read as a prediction`,
      });
    else kept.push(rel);
  }
  return { files: kept, skipped };
}

/**
 * The output path of an input file written into a directory: `<outDir>/<relative stem><ext>`,
 * where `ext` is the `--output-format` or, by default, the input's own extension.
 *
 * @example
 * ```ts
 * outputPathFor('sub/a.nii.gz', 'out', undefined); // 'out/sub/a.nii.gz'
 * outputPathFor('a.npz', 'out', '.png'); // 'out/a.png'
 * ```
 */
export function outputPathFor(relInput: string, outDir: string, ext: Extension | undefined): string {
  const parts = splitExtension(relInput);
  if (parts === undefined) throw new RangeError(`unsupported file extension of '${relInput}'`);
  return join(outDir, `${parts.stem}${ext ?? parts.ext}`);
}
