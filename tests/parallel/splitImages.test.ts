/**
 * One multiclass image split across the workers (the classes' choices, then claims and sums by
 * pixel range, then the resolution by pixel range) gives solve()'s bytes: every Dice/IoU solver,
 * B = 1 and 3, threads 1, 2, 3, both transports (transfer never splits: it has no shared
 * labels), the void policy, pruned classes, ties, a class that wins no pixel, labels without
 * spare values, images of several sum blocks. Workers run the built dist/worker.js.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { solve } from '../../src/api/predict';
import type { RanksegOptions } from '../../src/api/types';
import { solveOnThreads, type ThreadSettings } from '../../src/parallel/solveAsync';
import { pixelRanges } from '../../src/parallel/splitImages';
import type { SolveAsyncOptions, SolveProgress } from '../../src/parallel/types';
import { SOLVER_NAMES, SOLVERS } from '../../src/solvers/catalog';
import { SUM_BLOCK } from '../../src/solvers/OverlapResolver';
import { DIST_WORKER, requireBuild } from '../helpers/distWorker';
import { bytesOf, type Probs, probsFor } from '../helpers/solutions';

beforeAll(requireBuild);

const split = (probs: Probs, options: SolveAsyncOptions, settings: ThreadSettings = {}) =>
  solveOnThreads(probs, options, true, { script: DIST_WORKER, splitImages: 'always', ...settings });

/** solve()'s bytes on threads 1, 2, 3 split, and on 2 threads transferred (not split). */
async function expectSolveBytes(probs: Probs, options: RanksegOptions) {
  const expected = bytesOf(solve(probs, options));
  for (const threads of [1, 2, 3]) {
    expect(bytesOf(await split(probs, { ...options, threads }))).toEqual(expected);
  }
  expect(bytesOf(await split(probs, { ...options, threads: 2 }, { transport: 'transfer' }))).toEqual(
    expected,
  );
}

const MULTICLASS_OVERLAP = SOLVER_NAMES.flatMap((solver) =>
  (SOLVERS[solver].outputModes as readonly string[]).includes('multiclass')
    ? SOLVERS[solver].metrics.filter((m) => m === 'dice' || m === 'iou').map((metric) => ({ solver, metric }))
    : [],
);

describe('a multiclass image split across the workers gives solve()’s bytes', () => {
  it('covers every Dice/IoU solver of the catalog that has multiclass output', () => {
    const solvers = new Set(MULTICLASS_OVERLAP.map((c) => c.solver));
    for (const name of SOLVER_NAMES) {
      const { metrics, outputModes } = SOLVERS[name];
      const overlap = metrics.some((m) => m === 'dice' || m === 'iou');
      expect(solvers.has(name)).toBe(overlap && (outputModes as readonly string[]).includes('multiclass'));
    }
    expect(MULTICLASS_OVERLAP.length).toBeGreaterThanOrEqual(7);
  });

  for (const { solver, metric } of MULTICLASS_OVERLAP) {
    for (const batch of [1, 3]) {
      it(`${solver} ${metric}, B = ${batch}`, async () => {
        await expectSolveBytes(probsFor(batch, 5, [9, 11], 3 * batch + solver.length), { solver, metric });
      });
    }
  }

  it('across several sum blocks and pixel ranges (1×4×300×310: two blocks; 1×3×400×400: three)', async () => {
    expect(pixelRanges(300 * 310, 2)).toEqual([
      [0, SUM_BLOCK],
      [SUM_BLOCK, 300 * 310],
    ]);
    for (const [probs, options] of [
      [probsFor(1, 4, [300, 310], 21), {}],
      [probsFor(1, 4, [300, 310], 22), { metric: 'iou', unassignedPolicy: 'void' }],
      [probsFor(1, 3, [400, 400], 23), { solver: 'ba', smooth: 1 }],
    ] as [Probs, RanksegOptions][]) {
      await expectSolveBytes(probs, options);
    }
  });

  it('under the void policy, with a Uint16 void label, and pruned classes', async () => {
    const probs = probsFor(3, 6, [12, 10], 5);
    for (const options of [
      { unassignedPolicy: 'void' },
      { unassignedPolicy: 'void', voidIndex: 300, metric: 'iou' },
      { pruningProb: 0.9 },
      { pruningProb: 1, unassignedPolicy: 'void' },
      { pruningProb: 0.9, solver: 'exact', smooth: 0.5 },
    ] as RanksegOptions[]) {
      await expectSolveBytes(probs, options);
    }
    const solution = await split(probs, { pruningProb: 0.9, threads: 2 });
    expect(Array.from(solution.volume)).toContain(0); // some class was pruned
  });

  it('with ties: probabilities on a coarse grid, so the rules take ties by index', async () => {
    const probs = probsFor(1, 4, [20, 20], 8);
    for (let i = 0; i < probs.data.length; i++) probs.data[i] = Math.round(probs.data[i]! * 8) / 8;
    for (const options of [
      {},
      { metric: 'iou' },
      { solver: 'exact' },
      { solver: 'ba' },
    ] as RanksegOptions[]) {
      await expectSolveBytes(probs, options);
    }
  });

  it('with a class that wins no pixel (a copy of a lower class loses every contest)', async () => {
    const probs = probsFor(1, 4, [16, 16], 9);
    const pixels = 256;
    probs.data.copyWithin(3 * pixels, 1 * pixels, 2 * pixels); // class 3 := class 1
    const expected = solve(probs);
    expect(expected.volume[3]).toBeGreaterThan(0);
    expect(Array.from(expected.mask.data)).not.toContain(3);
    await expectSolveBytes(probs, {});
  });

  it('when the label type has no spare values (255 classes in 8 bits: a shared scratch state)', async () => {
    await expectSolveBytes(probsFor(1, 255, [6, 5], 10), {});
    await expectSolveBytes(probsFor(1, 254, [6, 5], 11), { unassignedPolicy: 'void', voidIndex: 255 });
  });

  it('reports progress that grows and ends at B·C·D, on the threads used', async () => {
    const probs = probsFor(2, 5, [30, 30], 12);
    const seen: SolveProgress[] = [];
    await split(probs, { threads: 2, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(2 * 5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    expect(seen.at(-1)).toEqual({ done: probs.data.length, total: probs.data.length, threads: 2 });
  });

  it('rejects a value outside [0, 1] with solve()’s error, naming the caller’s index', async () => {
    const probs = probsFor(2, 4, [10, 10], 13);
    probs.data[400 + 2 * 100 + 17] = 1.5;
    let expected: Error | undefined;
    try {
      solve(probs);
    } catch (e) {
      expected = e as Error;
    }
    expect(expected).toBeInstanceOf(RangeError);
    await expect(split(probs, { threads: 2 })).rejects.toThrow(expected!.message);
  });

  it('reads the caller’s SharedArrayBuffer in place and leaves ordinary arrays unwritten', async () => {
    const source = probsFor(1, 5, [20, 20], 14);
    const shared = new Float32Array(new SharedArrayBuffer(source.data.byteLength));
    shared.set(source.data);
    const before = Array.from(source.data);
    const expected = bytesOf(solve(source));
    expect(bytesOf(await split({ data: shared, shape: source.shape }, { threads: 2 }))).toEqual(expected);
    expect(bytesOf(await split(source, { threads: 2 }))).toEqual(expected);
    expect(Array.from(source.data)).toEqual(before);
    expect(Array.from(shared)).toEqual(before);
  });
});

describe('pixelRanges', () => {
  it('covers the pixels with ranges of whole sum blocks, at most RANGES_PER_THREAD per thread', () => {
    for (const [pixels, threads] of [
      [1, 2],
      [SUM_BLOCK, 3],
      [10 * SUM_BLOCK + 5, 2],
      [1 << 20, 2],
      [1 << 20, 3],
    ] as [number, number][]) {
      const ranges = pixelRanges(pixels, threads);
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(pixels);
      for (let k = 1; k < ranges.length; k++) expect(ranges[k]![0]).toBe(ranges[k - 1]![1]);
      for (const [from, to] of ranges) {
        expect(from % SUM_BLOCK).toBe(0);
        expect(to).toBeGreaterThan(from);
      }
      expect(ranges.length).toBeLessThanOrEqual(2 * threads);
    }
    expect(pixelRanges(1 << 20, 2)).toHaveLength(4);
  });
});
