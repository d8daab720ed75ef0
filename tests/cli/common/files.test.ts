import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listInputFiles,
  nnunetPairs,
  outputPathFor,
  parseExtension,
  splitExtension,
} from '../../../src/cli/common/files';
import { fileFilter } from '../../../src/cli/common/glob';
import { tempDir } from '../../helpers/cli';

describe('paths', () => {
  it('splits the supported extensions, .nii.gz as one', () => {
    expect(splitExtension('Case01.NII.GZ')).toEqual({ stem: 'Case01', ext: '.nii.gz' });
    expect(splitExtension('a.b.npy')).toEqual({ stem: 'a.b', ext: '.npy' });
    expect(splitExtension('notes.txt')).toBeUndefined();
    expect(splitExtension('.npy')).toBeUndefined();
  });

  it('names directory outputs <stem><ext>, the input extension by default', () => {
    expect(outputPathFor('sub/a.nii.gz', 'out', undefined)).toBe(join('out', 'sub', 'a.nii.gz'));
    expect(outputPathFor('a.npz', 'out', '.png')).toBe(join('out', 'a.png'));
    expect(parseExtension('NII.GZ')).toBe('.nii.gz');
    expect(() => parseExtension('tiff')).toThrow(RangeError);
  });
});

describe('listInputFiles', () => {
  let dir = '';
  let remove: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    await mkdir(join(dir, 'sub'));
    await mkdir(join(dir, 'tmp'));
    for (const f of ['b.npy', 'a.npz', 'notes.txt', '.hidden.npy', 'sub/c.nii.gz', 'tmp/d.npy'])
      await writeFile(join(dir, f), '');
    await symlink(join(dir, 'a.npz'), join(dir, 'link.npz'));
    await symlink(join(dir, 'sub'), join(dir, 'sublink'));
    await symlink(join(dir, 'missing.npy'), join(dir, 'broken.npy'));
  });
  afterAll(() => remove());

  it('lists the array files and every other entry with its reason, sorted', async () => {
    const { files, skipped } = await listInputFiles(dir, false, fileFilter());
    expect(files).toEqual(['a.npz', 'b.npy', 'link.npz']);
    expect(skipped.map((s) => [s.file.slice(dir.length + 1), s.reason])).toEqual([
      ['.hidden.npy', 'hidden (its name starts with a dot)'],
      ['broken.npy', 'a broken symbolic link'],
      ['notes.txt', 'not a .npy, .npz, .nii, .nii.gz or .png file'],
      ['sub', 'a folder (pass -r to process subfolders)'],
      ['sublink', 'a symbolic link to a folder (not followed)'],
      ['tmp', 'a folder (pass -r to process subfolders)'],
    ]);
  });

  it('with -r walks subfolders, and --exclude leaves out a folder or files, listing them', async () => {
    const { files, skipped } = await listInputFiles(dir, true, fileFilter([], ['tmp', 'b.*']));
    expect(files).toEqual(['a.npz', 'link.npz', 'sub/c.nii.gz']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file.slice(dir.length + 1), s.reason]));
    expect(reasons.tmp).toBe('excluded by --exclude tmp');
    expect(reasons['b.npy']).toBe('excluded by --exclude b.*');
    const only = await listInputFiles(dir, true, fileFilter(['*.nii.gz']));
    expect(only.files).toEqual(['sub/c.nii.gz']);
  });
});

describe('nnunetPairs', () => {
  it('of case.npz and case.nii.gz reads the .npz as probabilities, the .nii.gz as labels', () => {
    const files = ['a.nii.gz', 'a.npz', 'b.nii.gz', 'c.npy', 'c.npz'];
    const probs = nnunetPairs(files, 'out', 'probabilities');
    expect(probs.files).toEqual(['a.npz', 'b.nii.gz', 'c.npy', 'c.npz']);
    expect(probs.skipped).toEqual([
      {
        file: join('out', 'a.nii.gz'),
        reason: 'taken for the segmentation beside a.npz (as nnU-Net writes them), not read as probabilities',
      },
    ]);
    const labels = nnunetPairs(files, 'out', 'labels');
    expect(labels.files).toEqual(['a.nii.gz', 'b.nii.gz', 'c.npy', 'c.npz']);
    expect(labels.skipped[0]?.reason).toMatch(/^taken for the probabilities beside a\.nii\.gz/);
  });
});
