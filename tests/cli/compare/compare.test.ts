import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniformGenerator } from '../../../src/cli/common/random';
import type { ComparisonRowJson } from '../../../src/cli/comparison/comparisonTable';
import { diceScore, expectedScore, iouScore, solve } from '../../../src/index';
import { readPng, writeNpy, writePng } from '../../../src/io/node/index';
import { ensureBuilt, expectUsageError, rankseg, tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};

const [H, W] = [24, 32];
const P = H * W;
/** One class: a soft disc, p = σ(4(1 − r/8)), and labels drawn from it. */
const BINARY = new Float32Array(P);
const LOGITS = new Float32Array(P);
const TARGET = new Uint8Array(P);
/** Three classes: random simplex points; labels from a rule that mostly follows them. */
const MULTI = new Float32Array(3 * P);
const LABELS = new Uint8Array(P);

interface CompareJson {
  input: string;
  shape: number[];
  outputMode: string;
  draws: number;
  seed: number;
  rows: ComparisonRowJson[];
  images: string[];
  notes: string[];
}

async function compareJson(args: string[]): Promise<CompareJson> {
  const run = await rankseg(['compare', ...args, '--json'], dir);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as CompareJson;
}

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  const u = uniformGenerator(17);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const logit = 4 * (1 - Math.hypot(y - 12, x - 15) / 8);
      LOGITS[i] = logit;
      BINARY[i] = 1 / (1 + Math.exp(-logit));
      TARGET[i] = u() < BINARY[i]! ? 1 : 0;
      const a = u();
      const b = u() * (1 - a);
      MULTI[i] = a;
      MULTI[P + i] = b;
      MULTI[2 * P + i] = 1 - a - b;
      LABELS[i] = a > 0.45 ? 0 : b > 0.25 ? 1 : 2;
    }
  }
  await writeNpy(join(dir, 'disc.npy'), { data: BINARY, shape: [1, 1, H, W] });
  await writeNpy(join(dir, 'logits.npy'), { data: LOGITS, shape: [H, W] });
  await writeNpy(join(dir, 'disc-target.npy'), { data: TARGET, shape: [H, W] });
  await writeNpy(join(dir, 'multi.npy'), { data: MULTI, shape: [1, 3, H, W] });
  await writeNpy(join(dir, 'multi-labels.npy'), { data: LABELS, shape: [1, H, W] });
  await writeNpy(join(dir, 'halves.npy'), { data: new Float32Array(P).fill(0.5), shape: [H, W] });
  await writeNpy(join(dir, 'bad.npy'), { data: new Float32Array([0.5, 1.5, 0.2, 0.1]), shape: [1, 1, 2, 2] });
  const photo = new Uint8Array(P * 3).map((_, k) => (k * 37) % 256);
  await writePng(join(dir, 'photo.png'), { data: photo, width: W, height: H, channels: 3, bitDepth: 8 });
});
afterAll(() => remove());

describe('rankseg compare: one class', () => {
  it('prints the table with the true Dice/IoU of each mask against the target, exit 0', async () => {
    const run = await rankseg(['compare', 'disc.npy', '--target', 'disc-target.npy', '--draws', '200'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      `disc.npy: 1 image, 1 class, ${H}×${W}; multilabel output; baseline: threshold p > 0.5; scores: mean over images and classes`,
    );
    expect(lines[1]).toMatch(
      /MC: mean over 200 label draws .* seed 1, ± standard error; true: against disc-target\.npy$/,
    );
    expect(lines[2]!.split(/\s{2,}/)).toEqual([
      'solver',
      'metric',
      'ms',
      'changed',
      'E[Dice]',
      'MC Dice ± se',
      'E[IoU]',
      'MC IoU ± se',
      'gain',
      'true Dice',
      'true IoU',
    ]);
    const rows = lines.slice(4).filter((l) => l !== '');
    const solvers = rows.map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    expect(solvers).toEqual(['threshold -', 'rma dice', 'ba dice', 'exact dice', 'rma iou', 'exact iou']);
    // true scores of the baseline mask, computed here
    const base = solve(
      { data: BINARY, shape: [1, 1, H, W] },
      { metric: 'accuracy', solver: 'tr', outputMode: 'multilabel' },
    ).mask;
    const target = { data: TARGET, shape: [1, 1, H, W] };
    const cells = rows[0]!.split(/\s+/);
    expect(cells.slice(-2)).toEqual([
      diceScore(base, target, { input: 'masks' }).mean.toFixed(6),
      iouScore(base, target, { input: 'masks' }).mean.toFixed(6),
    ]);
  });

  it('--json without a target: expected scores equal expectedScore of each mask, no true scores', async () => {
    const j = await compareJson(['disc.npy', '--draws', '100', '--solvers', 'rma']);
    expect(j).toMatchObject({
      input: 'disc.npy',
      shape: [1, 1, H, W],
      outputMode: 'multilabel',
      draws: 100,
      seed: 1,
    });
    expect(j.rows.map((r) => [r.solver, r.metric])).toEqual([
      ['threshold', null],
      ['rma', 'dice'],
      ['rma', 'iou'],
    ]);
    const probs = { data: BINARY, shape: [1, 1, H, W] };
    const masks = [
      solve(probs, { metric: 'accuracy', solver: 'threshold', outputMode: 'multilabel' }).mask,
      solve(probs, { metric: 'dice', outputMode: 'multilabel' }).mask,
      solve(probs, { metric: 'iou', outputMode: 'multilabel' }).mask,
    ];
    j.rows.forEach((row, k) => {
      expect(row.expectedDice).toBe(expectedScore(probs, masks[k]!)[0]);
      expect(row.expectedIou).toBe(expectedScore(probs, masks[k]!, { metric: 'iou' })[0]);
      expect('trueDice' in row).toBe(false);
    });
    // the soft disc is a case where RankSEG's mask differs from p > 0.5 and scores higher
    expect(j.rows[1]!.changed).toBeGreaterThan(0);
    expect(j.rows[1]!.gain!).toBeGreaterThan(0);
  });

  it('reads logits like predict does (--activation sigmoid, a 2-D array is one image of one class)', async () => {
    const fromLogits = await compareJson([
      'logits.npy',
      '--activation',
      'sigmoid',
      '--draws',
      '0',
      '--solvers',
      'rma',
    ]);
    const fromProbs = await compareJson(['disc.npy', '--draws', '0', '--solvers', 'rma']);
    expect(fromLogits.shape).toEqual([1, 1, H, W]);
    fromLogits.rows.forEach((row, k) => {
      expect(row.expectedDice).toBeCloseTo(fromProbs.rows[k]!.expectedDice, 6);
      expect(row.monteCarlo).toBeNull();
    });
  });

  it('writes the pictures with -o, on a heat map or on --image, and they decode', async () => {
    const run = await rankseg(['compare', 'disc.npy', '-o', 'pics', '--draws', '0'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${join('pics', 'disc-dice.png')}: photo | threshold | `);
    const heat = await readPng(join(dir, 'pics', 'disc-dice.png'));
    expect([heat.width, heat.height]).toEqual([4 * W + 12, H]);
    // first panel: the heat map, gray = round(255 p)
    expect(Array.from(heat.data.subarray(0, 3))).toEqual(new Array(3).fill(Math.round(255 * BINARY[0]!)));
    const withPhoto = await compareJson(['disc.npy', '-o', 'pics2', '--image', 'photo.png', '--draws', '0']);
    // The disc's exact Dice and IoU masks are equal: one picture, and the IoU line points to it.
    const probs = { data: BINARY, shape: [1, 1, H, W] };
    const exact = (metric: 'dice' | 'iou') =>
      Array.from(solve(probs, { solver: 'exact', metric, outputMode: 'multilabel' }).mask.data);
    expect(exact('iou')).toEqual(exact('dice'));
    expect(withPhoto.images).toEqual([join('pics2', 'disc-dice.png')]);
    expect(run.stdout).toContain(
      `iou: the same RankSEG mask as dice, pictured in ${join('pics', 'disc-dice.png')}`,
    );
    const strip = await readPng(join(dir, 'pics2', 'disc-dice.png'));
    expect(Array.from(strip.data.subarray(0, 6))).toEqual([0, 37, 74, 111, 148, 185]);
  });
});

describe('rankseg compare: several classes', () => {
  it('scores argmax and multiclass RankSEG per class (mean over classes) and against a label map', async () => {
    const j = await compareJson([
      'multi.npy',
      '--target',
      'multi-labels.npy',
      '--draws',
      '100',
      '--solvers',
      'rma',
    ]);
    expect(j.outputMode).toBe('multiclass');
    expect(j.rows.map((r) => r.solver)).toEqual(['argmax', 'rma', 'rma']);
    const probs = { data: MULTI, shape: [1, 3, H, W] };
    const argmax = solve(probs, { metric: 'accuracy', solver: 'argmax' }).mask;
    const e = expectedScore(probs, argmax);
    expect(j.rows[0]!.expectedDice).toBeCloseTo((e[0]! + e[1]! + e[2]!) / 3, 14);
    const target = { data: LABELS, shape: [1, H, W] };
    expect(j.rows[0]!.trueDice).toBe(diceScore(argmax, target, { numClasses: 3 }).mean);
    expect(j.rows[0]!.trueIou).toBe(iouScore(argmax, target, { numClasses: 3 }).mean);
  });

  it('multilabel output compares p > 0.5 per class with per-class RankSEG masks', async () => {
    const j = await compareJson([
      'multi.npy',
      '--output-mode',
      'multilabel',
      '--draws',
      '0',
      '--solvers',
      'rma',
      '-m',
      'dice',
    ]);
    expect(j.rows.map((r) => r.solver)).toEqual(['threshold', 'rma']);
    const probs = { data: MULTI, shape: [1, 3, H, W] };
    const base = solve(probs, { metric: 'accuracy', solver: 'threshold', outputMode: 'multilabel' }).mask;
    const e = expectedScore(probs, base);
    expect(j.rows[0]!.expectedDice).toBeCloseTo((e[0]! + e[1]! + e[2]!) / 3, 14);
  });

  it('writes label pictures for multiclass output', async () => {
    const j = await compareJson([
      'multi.npy',
      '-o',
      'mpics',
      '--draws',
      '0',
      '--solvers',
      'rma',
      '--metric',
      'iou',
    ]);
    expect(j.images).toEqual([join('mpics', 'multi-iou.png')]);
    const png = await readPng(join(dir, 'mpics', 'multi-iou.png'));
    expect([png.width, png.height]).toEqual([4 * W + 12, H]);
  });
});

describe('rankseg compare: errors', () => {
  it.each([
    [['disc.npy', '--metric', 'iou', '--solvers', 'ba'], /--solvers: solver 'ba' does not serve metric iou/],
    [['disc.npy', '--metric', 'f1'], /--metric: unknown 'f1'; valid: dice, iou, both/],
    [['disc.npy', '--solvers', 'fast'], /--solvers: unknown 'fast'/],
    [['gone.npy'], /input gone\.npy does not exist/],
    [['disc.npy', '--target', 'gone.npy'], /--target gone\.npy does not exist/],
    [['disc.npy', '--output-mode', 'multiclass'], /needs at least 2 classes/],
    [['disc.npy', '--activation', 'relu'], /unknown activation "relu"/],
    [['disc.npy', '--draws', '-5'], /--draws must be >= 0/],
  ])('%j is a one-line usage error, exit 2', async (args, reason) => {
    const run = await rankseg(['compare', ...args], dir);
    expectUsageError(run, reason, /^rankseg compare: .*\(see 'rankseg compare --help'\)$/);
  });

  it('a file that is not probabilities fails with one line naming it, exit 1', async () => {
    const run = await rankseg(['compare', 'bad.npy'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^rankseg compare: bad\.npy: .*1\.5.*\n$/);
  });

  it('a target whose values are not labels fails with one line naming the target, exit 1', async () => {
    const run = await rankseg(['compare', 'multi.npy', '--target', 'halves.npy', '--draws', '0'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^rankseg compare: halves\.npy: value\[0\] = 0\.5 must be a class label in \[0, 3\).*--ignore-index\)\n$/,
    );
  });

  it('a target of the wrong size fails with one line, exit 1', async () => {
    const run = await rankseg(['compare', 'multi.npy', '--target', 'bad.npy', '--draws', '0'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^rankseg compare: bad\.npy: shape \[1, 1, 2, 2\] does not end in .*\[24, 32\]\n$/,
    );
  });
});

describe('rankseg compare --jobs N', () => {
  it('gives the numbers of --jobs 1 (contenders and Monte Carlo slices on workers); only the times differ', async () => {
    const args = ['multi.npy', '--target', 'multi-labels.npy', '--draws', '300', '--solvers', 'rma,ba,exact'];
    const one = await compareJson([...args, '--jobs', '1']);
    const three = await compareJson([...args, '--jobs', '3']);
    const untimed = (json: CompareJson) => ({ ...json, rows: json.rows.map(({ ms: _ms, ...row }) => row) });
    expect(untimed(three)).toEqual(untimed(one));
    expect(one.rows).toHaveLength(6); // argmax, rma/ba/exact for Dice, rma/exact for IoU
    expect(one.rows.every((r) => r.monteCarlo !== null)).toBe(true);
  });
});
