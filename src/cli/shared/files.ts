/**
 * Paths: which files the CLI reads, how output names are made, directory walking.
 *
 * @module
 */

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_EXTENSIONS, type FileExtension, splitFileName } from '../../io/formats';

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

/**
 * The array files of a directory, as paths relative to it, sorted by code point (a stable order
 * for progress and reports). Only supported extensions are listed; hidden entries (starting with
 * `.`, which includes the temporary files of atomic writes) are skipped. With `recursive`,
 * subdirectories are walked too and their files listed as `sub/name.ext` (with `/`).
 *
 * @example
 * ```ts
 * await listArrayFiles('probs'); // ['a.npy', 'b.nii.gz']
 * ```
 */
export async function listArrayFiles(dir: string, recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(rel === '' ? dir : join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive) await walk(relPath);
      } else if (splitExtension(entry.name) !== undefined) {
        out.push(relPath);
      }
    }
  };
  await walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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
