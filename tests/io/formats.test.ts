import { describe, expect, it } from 'vitest';
import {
  extensionList,
  FILE_EXTENSIONS,
  FILE_FORMAT_NAMES,
  FILE_FORMATS,
  formatOfPath,
  isArrayFormat,
  splitFileName,
} from '../../src/io/formats';
import { arrayFileFormat } from '../../src/io/node/index';

describe('the file format table', () => {
  it('lists the formats and extensions the readers and writers handle, written out by hand', () => {
    expect(Object.keys(FILE_FORMATS)).toEqual(['npy', 'npz', 'nifti', 'png']);
    expect(FILE_EXTENSIONS).toEqual(['.npy', '.npz', '.nii', '.nii.gz', '.png']);
    expect(extensionList()).toBe('.npy, .npz, .nii, .nii.gz or .png');
  });

  it('says what each format can do: only NIfTI keeps geometry, only npz holds members, only PNG is one image', () => {
    const which = (key: 'geometry' | 'members' | 'oneImage' | 'anyAxes') =>
      Object.entries(FILE_FORMATS)
        .filter(([, f]) => f[key])
        .map(([name]) => name);
    expect(which('geometry')).toEqual(['nifti']);
    expect(which('members')).toEqual(['npz']);
    expect(which('oneImage')).toEqual(['png']);
    expect(which('anyAxes')).toEqual(['npy', 'npz']);
    expect(extensionList((f) => f.anyAxes)).toBe('.npy or .npz');
    expect(FILE_FORMAT_NAMES.filter(isArrayFormat)).toEqual(['npy', 'npz']);
    for (const format of Object.values(FILE_FORMATS)) {
      expect([format.probabilities, format.labels, format.masks]).toEqual([true, true, true]);
    }
  });

  it('splits names case-insensitively, the longest extension first, and needs a stem', () => {
    expect(splitFileName('Case01.NII.GZ')).toEqual({ stem: 'Case01', ext: '.nii.gz', format: 'nifti' });
    expect(splitFileName('scan.nii')).toEqual({ stem: 'scan', ext: '.nii', format: 'nifti' });
    expect(splitFileName('a.b.npz')).toEqual({ stem: 'a.b', ext: '.npz', format: 'npz' });
    expect(splitFileName('notes.txt')).toBeUndefined();
    expect(splitFileName('.png')).toBeUndefined();
    expect(splitFileName('archive.gz')).toBeUndefined();
  });

  it('gives arrayFileFormat (rankseg/io/node) the same answer for every extension, any case', () => {
    for (const ext of FILE_EXTENSIONS) {
      expect(arrayFileFormat(`dir/x${ext.toUpperCase()}`)).toBe(formatOfPath(`x${ext}`));
    }
    expect(() => arrayFileFormat('x.tiff')).toThrow(
      /unknown file extension of "x\.tiff"; expected \.npy, \.npz, \.nii, \.nii\.gz or \.png/,
    );
  });
});
