/**
 * `rankseg predict` never destroys its inputs: outputs that resolve to an input are refused before
 * anything is written, symbolic links are written through, and temporary files never outlive a
 * run (removed on SIGINT/SIGTERM, swept when stale).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankseg as ranksegApi } from '../../../src/index';
import { readNpy, writeNpy } from '../../../src/io/node/index';
import { isTempName } from '../../../src/io/node/tempFiles';
import { ensureBuilt, expectUsageError, numbers, ROOT, rankseg, tempDir } from '../../helpers/cli';
import { realisticProbs } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);
const SHAPE = [1, 3, 4, 5];
const PROBS = realisticProbs(9, 1, 3, [4, 5], { cell: 2 });
let original = new Uint8Array(0);

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  await mkdir(at('sub'));
  await mkdir(at('batch'));
  await writeNpy(at('probs.npy'), { data: PROBS, shape: SHAPE });
  await writeNpy(at('batch/a.npy'), { data: PROBS, shape: SHAPE });
  original = new Uint8Array(await readFile(at('probs.npy')));
  await symlink('probs.npy', at('to-input.npy'));
  await link(at('probs.npy'), at('hard.npy'));
}, 60_000);
afterAll(() => remove());

async function expectInputUntouched(): Promise<void> {
  expect(new Uint8Array(await readFile(at('probs.npy')))).toEqual(original);
  expect((await readdir(dir)).filter(isTempName)).toEqual([]);
}

describe('an output that is an input is refused (exit 2), the input untouched', () => {
  it.each([
    ['the same path', 'probs.npy'],
    ['another spelling, through ../', 'sub/../probs.npy'],
    ['a symbolic link to the input', 'to-input.npy'],
    ['a hard link to the input', 'hard.npy'],
  ])('%s', async (_, output) => {
    const run = await rankseg(['predict', 'probs.npy', '-o', output], dir);
    expectUsageError(
      run,
      new RegExp(
        `^rankseg predict: the mask of probs\\.npy would be written to ${output.replace(/\./g, '\\.')}, which is the input probs\\.npy \\(the same (path|file on disk)\\); rankseg never overwrites its inputs`,
      ),
    );
    await expectInputUntouched();
  });

  it('--report onto the input', async () => {
    const run = await rankseg(['predict', 'probs.npy', '-o', 'r.npy', '--report', 'probs.npy'], dir);
    expectUsageError(run, /--report would be written to probs\.npy, which is the input probs\.npy/);
    await expectInputUntouched();
    expect(existsSync(at('r.npy'))).toBe(false); // refused before any work
  });

  it('a folder mapped onto itself, under any spelling and output format', async () => {
    for (const args of [
      ['batch', '-o', 'batch'],
      ['batch', '-o', 'sub/../batch/', '--output-format', 'png'],
    ]) {
      const run = await rankseg(['predict', ...args], dir);
      expectUsageError(
        run,
        /the output folder \S+ is the input folder batch: write the masks into another folder/,
      );
    }
    expect(await readdir(at('batch'))).toEqual(['a.npy']);
  });
});

describe('symbolic links are written through', () => {
  it('an output that is a link to another file: that file gets the mask, the link stays', async () => {
    await writeFile(at('old-mask.npy'), 'stale');
    await symlink('old-mask.npy', at('mask-link.npy'));
    const run = await rankseg(['predict', 'probs.npy', '-o', 'mask-link.npy'], dir);
    expect(run.code).toBe(0);
    expect((await lstat(at('mask-link.npy'))).isSymbolicLink()).toBe(true);
    expect(await readlink(at('mask-link.npy'))).toBe('old-mask.npy');
    const expected = ranksegApi({ data: PROBS, shape: SHAPE }).data;
    expect(numbers((await readNpy(at('old-mask.npy'))).data)).toEqual(Array.from(expected));
  });
});

describe('temporary files', () => {
  it('stale ones of killed runs in an output folder are removed at the next run, others kept', async () => {
    await mkdir(at('masks'));
    const stale = '.probs.npy.4194999.0123456789ab.tmp'; // a pid no process has, untouched for 2 minutes
    const fresh = '.probs.npy.4194999.ba9876543210.tmp'; // just written: maybe a live write elsewhere
    const mine = '.notes.tmp'; // not our name
    for (const name of [stale, fresh, mine]) await writeFile(at(`masks/${name}`), 'partial');
    const past = new Date(Date.now() - 120_000);
    await utimes(at(`masks/${stale}`), past, past);
    await utimes(at(`masks/${mine}`), new Date(0), new Date(0));
    const run = await rankseg(['predict', 'probs.npy', '-o', 'masks/'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`removed 1 stale temporary file of killed runs: ${join('masks', stale)}\n`);
    expect((await readdir(at('masks'))).sort()).toEqual([fresh, mine, 'probs.npy'].sort());
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'on %s the unfinished file of a write under way is removed (exit %d)',
    async (signal, code) => {
      // the command line's exit handling around a write that takes seconds (chunks made slowly)
      const script = at(`slow-${signal}.mts`);
      const src = (p: string) => JSON.stringify(join(ROOT, 'src', p));
      await writeFile(
        script,
        [
          `import { writeFileAtomic } from ${src('io/node/writeFileAtomic.ts')};`,
          `import { removeTempFilesOnExit } from ${src('cli/common/signals.ts')};`,
          'removeTempFilesOnExit((t) => process.stderr.write(t));',
          'function* slow() { for (let k = 0; k < 400; k++) { const end = Date.now() + 10; while (Date.now() < end); yield new Uint8Array(65536); } }',
          `await writeFileAtomic(${JSON.stringify(at(`out-${signal}.bin`))}, slow());`,
        ].join('\n'),
      );
      const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [script], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += String(d);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      const started = Date.now();
      while (!(await readdir(dir)).some((n) => isTempName(n) && n.startsWith(`.out-${signal}`))) {
        if (Date.now() - started > 20_000) throw new Error(`no temporary file appeared; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toBe(`rankseg: stopped by ${signal}; removed 1 unfinished file\n`);
      expect((await readdir(dir)).filter((n) => n.includes(`out-${signal}`))).toEqual([]);
    },
    30_000,
  );
});
