/**
 * `rankseg predict` on folders: --include/--exclude, every file left out listed with its reason,
 * and no two inputs writing one output.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankseg as ranksegApi } from '../../../src/index';
import { readNpy, writeNpy, writeNpz } from '../../../src/io/node/index';
import { ensureBuilt, expectUsageError, numbers, rankseg, tempDir } from '../../helpers/cli';
import { realisticProbs } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);
const SHAPE = [1, 3, 4, 5];
const PROBS = realisticProbs(13, 1, 3, [4, 5], { cell: 2 });

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  for (const d of ['in', 'in/sub', 'in/sub/deeper', 'same']) await mkdir(at(d));
  for (const f of ['in/a.npy', 'in/b_tmp.npy', 'in/sub/c.npy', 'in/sub/deeper/d.npy', 'same/x.npy'])
    await writeNpy(at(f), { data: PROBS, shape: SHAPE });
  await writeNpz(at('in/e.npz'), { probs: { data: PROBS, shape: SHAPE } });
  await writeNpz(at('same/x.npz'), { probs: { data: PROBS, shape: SHAPE } });
  await writeFile(at('in/notes.txt'), 'not an array');
}, 60_000);
afterAll(() => remove());

interface Summary {
  outputs: { input: string; output: string }[];
  skipped: { file: string; reason: string }[];
}

describe('--include / --exclude', () => {
  it('pick the files (repeatable); the others are listed with their reasons', async () => {
    const run = await rankseg(
      [
        'predict',
        'in',
        '-o',
        'out1',
        '-r',
        '--include',
        '*.npy',
        '--exclude',
        '*_tmp*',
        '--exclude',
        'deeper',
        '--json',
      ],
      dir,
    );
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.outputs.map((o) => o.input)).toEqual(['in/a.npy', 'in/sub/c.npy']);
    expect(summary.skipped).toEqual([
      { file: 'in/b_tmp.npy', reason: 'excluded by --exclude *_tmp*' },
      { file: 'in/e.npz', reason: 'not matched by --include *.npy' },
      { file: 'in/notes.txt', reason: 'not a .npy, .npz, .nii, .nii.gz or .png file' },
      { file: 'in/sub/deeper', reason: 'excluded by --exclude deeper' },
    ]);
    expect(await readdir(at('out1/sub'))).toEqual(['c.npy']);
    const expected = Array.from(ranksegApi({ data: PROBS, shape: SHAPE }).data);
    expect(numbers((await readNpy(at('out1/sub/c.npy'))).data)).toEqual(expected);
  });

  it('without -r a subfolder is listed, not skipped silently; the table form prints the list on stderr', async () => {
    const run = await rankseg(['predict', 'in', '-o', 'out2', '--include', 'a.npy'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        'not processed (4):',
        '  in/b_tmp.npy: not matched by --include a.npy',
        '  in/e.npz: not matched by --include a.npy',
        '  in/notes.txt: not a .npy, .npz, .nii, .nii.gz or .png file',
        '  in/sub: a folder (pass -r to process subfolders)',
        '',
      ].join('\n'),
    );
  });

  it('a glob matching nothing processes nothing and says so; a bad glob is a usage error', async () => {
    const none = await rankseg(['predict', 'in', '-o', 'out3', '--include', '*.png'], dir);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/^no \.npy, \.npz, \.nii, \.nii\.gz or \.png files to process in in\n/);
    expectUsageError(
      await rankseg(['predict', 'in', '-o', 'out3', '--include', '[a-'], dir),
      /--include: glob "\[a-" has an unclosed \[/,
    );
  });
});

describe('outputs of a folder', () => {
  it('-o out/x.npy with a folder input is a usage error, not a folder named x.npy', async () => {
    expectUsageError(
      await rankseg(['predict', 'in', '-o', 'out/x.npy'], dir),
      /input in is a directory, so --output must be a directory; out\/x\.npy is named like a file \(to make a directory of that name, end it with \/\)/,
    );
    expect(existsSync(at('out'))).toBe(false);
  });

  it('two inputs that would write one output are a usage error naming both, before any work', async () => {
    const run = await rankseg(['predict', 'same', '-o', 'clash', '--output-format', 'png'], dir);
    expectUsageError(run, /same\/x\.npy and same\/x\.npz would both be written to clash\/x\.png/);
    expect(existsSync(at('clash'))).toBe(false);
    // each in its own format they do not clash
    const apart = await rankseg(['predict', 'same', '-o', 'apart', '--key', 'probs'], dir);
    expect(apart.code).toBe(0);
    expect((await readdir(at('apart'))).sort()).toEqual(['x.npy', 'x.npz']);
  });
});
