import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenderJob, monteCarloJob } from '../../src/cli/comparison/comparisonJobs';
import { evaluateJob } from '../../src/cli/evaluate/evaluateJob';
import { predictJob } from '../../src/cli/predict/predictJob';
import { JOBS } from '../../src/cli/program';
import { writeNpy } from '../../src/io/node/index';
import { ensureBuilt, ROOT, rankseg, tempDir } from '../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  const probs = new Float32Array([0.9, 0.6, 0.3, 0.2, 0.1, 0.4, 0.7, 0.8]);
  await writeNpy(join(dir, 'p.npy'), { data: probs, shape: [1, 2, 2, 2] });
});
afterAll(() => remove());

/** Non-empty lines of a text. */
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('rankseg (the program)', () => {
  it('dist/cli.js starts with the node shebang, so it runs as the package bin', () => {
    expect(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--version prints the version of package.json and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await rankseg(['--version'], dir);
    expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists every command and the exit codes, on stdout, exit 0', async () => {
    const run = await rankseg(['--help'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/predict/);
    expect(run.stdout).toMatch(/evaluate/);
    expect(run.stdout).toMatch(/Exit status/);
    expect(run.stderr).toBe('');
  });

  it.each([['predict'], ['evaluate']])('%s --help documents its options and exit status', async (name) => {
    const run = await rankseg([name, '--help'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Usage: rankseg ${name}`));
    expect(run.stdout).toMatch(/--json/);
    expect(run.stdout).toMatch(/Exit status: 0/);
  });

  it('no command is a one-line usage error naming the commands, exit 2', async () => {
    const run = await rankseg([], dir);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      "rankseg: missing command; commands: predict, evaluate, demo, compare, simulate, calibrate (see 'rankseg --help')",
    ]);
  });

  it('an unknown command is a one-line usage error, exit 2', async () => {
    const run = await rankseg(['frobnicate'], dir);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(["rankseg: unknown command 'frobnicate' (see 'rankseg --help')"]);
  });
});

describe('usage errors: one line on stderr, nothing on stdout, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['predict', 'p.npy', '-o', 'm.npy', '--frob'], /unknown option '--frob'/],
    ['a missing argument', ['predict', '-o', 'm.npy'], /missing required argument 'input'/],
    [
      'a missing required option',
      ['predict', 'p.npy'],
      /required option '-o, --output <path>' not specified/,
    ],
    ['a flag without its value', ['predict', 'p.npy', '-o'], /option '-o, --output <path>' argument missing/],
    [
      'a number flag given text',
      ['predict', 'p.npy', '-o', 'm.npy', '--smooth', 'abc'],
      /--smooth.*'abc'.*number/,
    ],
    [
      'an out-of-range value (the library message, in flag terms)',
      ['predict', 'p.npy', '-o', 'm.npy', '--pruning-prob', '2'],
      /^rankseg predict: --pruning-prob must lie in \[0, 1\]; got 2/,
    ],
    [
      'an unknown metric',
      ['predict', 'p.npy', '-o', 'm.npy', '--metric', 'f1'],
      /unknown metric "f1"; valid: dice, iou, accuracy/,
    ],
    [
      'a solver that does not serve the metric',
      ['predict', 'p.npy', '-o', 'm.npy', '-m', 'iou', '-s', 'ba'],
      /solver 'ba' does not serve metric 'iou'/,
    ],
    [
      'an option the solver does not use (as the reference package refuses it)',
      ['predict', 'p.npy', '-o', 'm.npy', '--eps', '0.01'],
      /^rankseg predict: solver 'rma' does not use option eps \(it applies to ba, trna, ba\+trna\)/,
    ],
    [
      'a Dice/IoU option with an accuracy rule',
      ['predict', 'p.npy', '-o', 'm.npy', '-m', 'accuracy', '--pruning-prob', '0'],
      /solver 'argmax' does not use option --pruning-prob/,
    ],
    [
      'an unknown activation',
      ['predict', 'p.npy', '-o', 'm.npy', '--activation', 'relu'],
      /unknown activation "relu"; valid: none, softmax, sigmoid/,
    ],
    [
      '--layout together with --class-axis',
      ['predict', 'p.npy', '-o', 'm.npy', '--layout', 'channels-last', '--class-axis', '1'],
      /cannot be used with/,
    ],
    ['a missing input file', ['predict', 'nothing.npy', '-o', 'm.npy'], /input nothing\.npy does not exist/],
    [
      'an output extension no writer knows',
      ['predict', 'p.npy', '-o', 'm.txt'],
      /must end in \.npy, \.npz, \.nii, \.nii\.gz or \.png/,
    ],
    [
      'an unknown --output-format',
      ['predict', 'p.npy', '-o', 'out/', '--output-format', 'tiff'],
      /--output-format: unknown format 'tiff'/,
    ],
    [
      'options that do not fit the file (void label inside the classes)',
      ['predict', 'p.npy', '-o', 'm.npy', '--unassigned-policy', 'void', '--void-index', '1'],
      /--void-index 1 is a class label \(probs has 2 classes\)/,
    ],
    [
      'a class axis the file lacks',
      ['predict', 'p.npy', '-o', 'm.npy', '--class-axis', '7'],
      /--class-axis 7 is not an axis of p\.npy/,
    ],
    ['evaluate without --target', ['evaluate', '--pred', 'p.npy'], /required option '--target <path>'/],
    [
      'evaluate with a bad --input',
      ['evaluate', '--pred', 'p.npy', '--target', 'p.npy', '--input', 'pixels'],
      /--input.*'pixels'.*choices/,
    ],
    [
      'evaluate with --num-classes 0',
      ['evaluate', '--pred', 'p.npy', '--target', 'p.npy', '--num-classes', '0'],
      /--num-classes must be a positive integer, got 0/,
    ],
    [
      'evaluate with a missing file',
      ['evaluate', '--pred', 'p.npy', '--target', 'gone.npy'],
      /--target gone\.npy does not exist/,
    ],
  ];
  // each case is a separate process that writes nothing: run them side by side
  it.concurrent.for(cases)('%s', async ([, args, reason], { expect }) => {
    const run = await rankseg(args, dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const err = lines(run.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(reason);
    expect(err[0]).toMatch(/^rankseg (predict|evaluate): .*\(see 'rankseg (predict|evaluate) --help'\)$/);
  });

  it('a usage error writes no output file', async () => {
    await rankseg(['predict', 'p.npy', '-o', 'never.npy', '--eps', '0'], dir);
    await expect(writeFile(join(dir, 'never.npy'), '', { flag: 'wx' })).resolves.toBeUndefined();
  });
});

describe('the jobs a worker thread can run', () => {
  it('are every job the commands hand to the pool, once each, under unique names', () => {
    expect(JOBS).toEqual([predictJob, evaluateJob, contenderJob, monteCarloJob]);
    expect(new Set(JOBS.map((job) => job.name)).size).toBe(JOBS.length);
    expect(JOBS.map((job) => job.name)).toEqual([
      'predict',
      'evaluate',
      'compare-contender',
      'compare-montecarlo',
    ]);
  });
});
