/**
 * `rankseg predict --like IMAGE`: the geometry of a NIfTI output taken from an image, as nnU-Net's
 * probabilities (an `.npz` without geometry) need.
 *
 * @module
 */

import { basename, dirname, join } from 'node:path';
import { formatOfPath } from '../../io/formats';
import type { NiftiHeader } from '../../io/nifti/niftiHeader';
import { readNiftiHeaderFile } from '../../io/node/nifti';
import { pathKind, splitExtension } from '../common/files';
import { UsageError } from '../common/usage';

/** A `--like` image: its path, and its header cut to the spatial axes (the template of a label volume). */
export interface LikeImage {
  path: string;
  /** The header with `dim` cut to the spatial axes (x, y(, z)), as `labelsToNifti` takes it. */
  template: NiftiHeader;
  /** Spatial sizes in NIfTI order, `(X, Y, Z)` (2 or 3 of them, as the image has). */
  dims: number[];
}

/** Where the `--like` geometry comes from: one image for every input, or a folder of them. */
export type LikeSource = { kind: 'file'; image: LikeImage } | { kind: 'folder'; folder: string };

/**
 * Checks `--like`: a `.nii`/`.nii.gz` image (its header is read now) or a folder where each
 * input's image is found by name (see {@link likeImageFor}).
 *
 * @throws {UsageError} for a path that is missing, not NIfTI, or whose header cannot be read.
 * @example
 * ```ts
 * const like = await readLikeFlag('imagesTs/case_0000.nii.gz');
 * ```
 */
export async function readLikeFlag(path: string): Promise<LikeSource> {
  const kind = await pathKind(path);
  if (kind === 'missing') throw new UsageError(`--like ${path} does not exist`);
  if (kind === 'directory') return { kind: 'folder', folder: path };
  if (formatOfPath(path) !== 'nifti') {
    throw new UsageError(`--like ${path} must be a NIfTI image (.nii or .nii.gz), or a folder of them`);
  }
  try {
    return { kind: 'file', image: await readLikeImage(path) };
  } catch (e) {
    throw new UsageError(`--like ${(e as Error).message}`);
  }
}

/**
 * The `--like` image of one input: the file given, or, for a folder, the first that exists of
 * `<name>.nii.gz`, `<name>.nii`, `<name>_0000.nii.gz`, `<name>_0000.nii` in it (`<name>` the
 * input's name without extension, in the same subfolder): nnU-Net's segmentation `case.nii.gz`
 * beside `case.npz`, or its input `case_0000.nii.gz` in imagesTs.
 *
 * @param relInput - the input's path relative to its folder (or its file name).
 * @throws {Error} naming the names tried when none exists; io errors for an unreadable header.
 * @example
 * ```ts
 * await likeImageFor({ kind: 'folder', folder: 'imagesTs' }, 'case_001.npz'); // imagesTs/case_001_0000.nii.gz
 * ```
 */
export async function likeImageFor(like: LikeSource, relInput: string): Promise<LikeImage> {
  if (like.kind === 'file') return like.image;
  const stem = splitExtension(basename(relInput))?.stem ?? basename(relInput);
  const folder = join(like.folder, dirname(relInput));
  const names = [`${stem}.nii.gz`, `${stem}.nii`, `${stem}_0000.nii.gz`, `${stem}_0000.nii`];
  for (const name of names) {
    const path = join(folder, name);
    if ((await pathKind(path)) === 'file') return readLikeImage(path);
  }
  throw new Error(`no --like image for it in ${folder} (looked for ${names.join(', ')})`);
}

async function readLikeImage(path: string): Promise<LikeImage> {
  const { header, dims } = await readNiftiHeaderFile(path);
  const spatial = dims.slice(0, 3);
  const dim = [spatial.length, ...spatial];
  while (dim.length < 8) dim.push(1);
  const pixdim = header.pixdim.slice();
  for (let k = 4; k < 8; k++) pixdim[k] = 1;
  return { path, template: { ...header, dim, pixdim }, dims: spatial };
}

/**
 * Checks that a mask's spatial shape (C order, `[Z, Y, X]`, as nnU-Net writes its arrays) is the
 * `--like` image's, whose NIfTI dims are `(X, Y, Z)`: one reversed is the other, leading axes of
 * size 1 aside (nnU-Net's 2-D `(1, Y, X)` against a 2-D image `(X, Y)`).
 *
 * @throws {RangeError} naming both shapes, with a hint when the array is in `(X, Y, Z)` order.
 * @example
 * ```ts
 * checkLikeShape([64, 128, 128], like); // like.dims (128, 128, 64): fine
 * ```
 */
export function checkLikeShape(spatial: readonly number[], like: LikeImage): void {
  const trim = (shape: readonly number[]) => {
    const out = shape.slice();
    while (out.length > 0 && out[0] === 1) out.shift();
    return out;
  };
  const mine = trim(spatial);
  const expected = trim(like.dims.slice().reverse());
  if (mine.length === expected.length && mine.every((n, k) => n === expected[k])) return;
  const reversedOrder = trim(like.dims);
  const hint =
    mine.length === reversedOrder.length && mine.every((n, k) => n === reversedOrder[k])
      ? '; the array looks like (X, Y, Z) order (nibabel, MONAI): rankseg reads arrays as (Z, Y, X), ' +
        'as nnU-Net and SimpleITK write them, so transpose its spatial axes'
      : '';
  throw new RangeError(
    `its spatial shape [${spatial.join(', ')}] (Z, Y, X) does not match --like ${like.path}, ` +
      `dims (${like.dims.join(', ')}) = (X, Y, Z)${hint}`,
  );
}
