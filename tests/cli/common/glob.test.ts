import { describe, expect, it } from 'vitest';
import { compileGlob, fileFilter } from '../../../src/cli/common/glob';

describe('compileGlob', () => {
  const cases: [string, string, boolean][] = [
    ['*.npz', 'a.npz', true],
    ['*.npz', 'sub/a.npz', true], // no '/' in the pattern: the name alone
    ['*.npz', 'a.nii.gz', false],
    ['*.nii.gz', 'case.nii.gz', true],
    ['case_??.npz', 'case_01.npz', true],
    ['case_??.npz', 'case_1.npz', false],
    ['sub/*.npz', 'sub/a.npz', true],
    ['sub/*.npz', 'sub/x/a.npz', false], // '*' stays within one name
    ['sub/**', 'sub/x/a.npz', true],
    ['**/*.nii.gz', 'c.nii.gz', true], // '**/' matches no folder too
    ['**/*.nii.gz', 'a/b/c.nii.gz', true],
    ['a/**/b.npy', 'a/b.npy', true],
    ['a/**/b.npy', 'a/x/y/b.npy', true],
    ['a/**/b.npy', 'ab.npy', false],
    ['[abc].npy', 'b.npy', true],
    ['[a-c]1.npy', 'b1.npy', true],
    ['[a-c]1.npy', 'd1.npy', false],
    ['[!abc].npy', 'b.npy', false],
    ['[^abc].npy', 'd.npy', true],
    ['[]x].npy', '].npy', true], // ']' first in a set is a member
    ['a\\*b.npy', 'a*b.npy', true], // '\' escapes
    ['a\\*b.npy', 'axb.npy', false],
    ['x-y(1).npy', 'x-y(1).npy', true], // RegExp characters are literal
    ['a.npy', 'abnpy', false],
    ['Case*.npy', 'case1.npy', false], // case-sensitive
  ];
  it.each(cases)('%s matches %s: %s', (pattern, path, expected) => {
    expect(compileGlob(pattern)(path)).toBe(expected);
  });

  it('refuses an empty pattern, an unclosed [ and a reversed range, naming the pattern', () => {
    expect(() => compileGlob('')).toThrow(/must not be empty/);
    expect(() => compileGlob('[abc')).toThrow(/glob "\[abc" has an unclosed \[/);
    expect(() => compileGlob('[z-a].npy')).toThrow(RangeError);
  });
});

describe('fileFilter', () => {
  it('takes a file matching an --include (any of them) and no --exclude, and says why otherwise', () => {
    const filter = fileFilter(['*.npz', '*.npy'], ['*_tmp*', 'old/**']);
    expect(filter.reasonToSkip('a.npz')).toBeUndefined();
    expect(filter.reasonToSkip('sub/b.npy')).toBeUndefined();
    expect(filter.reasonToSkip('a.nii.gz')).toBe('not matched by --include *.npz, *.npy');
    expect(filter.reasonToSkip('a_tmp.npz')).toBe('excluded by --exclude *_tmp*');
    expect(filter.reasonToSkip('old/a.npz')).toBe('excluded by --exclude old/**');
    expect(filter.folderExcluded('x_tmp_dir')).toBe('excluded by --exclude *_tmp*');
    expect(fileFilter().empty).toBe(true);
    expect(fileFilter().reasonToSkip('anything.npy')).toBeUndefined();
  });

  it('names the flag of a bad glob', () => {
    expect(() => fileFilter([], ['[x'])).toThrow(/^--exclude: glob "\[x" has an unclosed \[/);
  });
});
