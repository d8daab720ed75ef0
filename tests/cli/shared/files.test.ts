import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPathFor, parseExtension, splitExtension } from '../../../src/cli/shared/files';

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
