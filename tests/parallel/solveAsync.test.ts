/**
 * solveAsync and ranksegAsync give solve()'s and rankseg()'s bytes for every solver, output mode,
 * thread count and batch size; report progress; abort; reject bad input as solve() does. The
 * library code is src/; its workers run the built dist/worker.js (vitest runs TypeScript, workers
 * need JavaScript), in both transports (shared memory, and copies transferred).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { rankseg, solve } from '../../src/api/predict';
import type { RanksegOptions } from '../../src/api/types';
import { solveOnThreads } from '../../src/parallel/solveAsync';
import type { SolveAsyncOptions, SolveProgress } from '../../src/parallel/types';
import { type Metric, type OutputMode, SOLVER_NAMES, SOLVERS } from '../../src/solvers/catalog';
import { DIST_WORKER, requireBuild } from '../helpers/distWorker';
import { seededRandom } from '../helpers/random';
import { bytesOf, type Probs, probsFor } from '../helpers/solutions';

beforeAll(requireBuild);

const onThreads = (probs: Probs, options: SolveAsyncOptions, transport: 'shared' | 'transfer' = 'shared') =>
  solveOnThreads(probs, options, true, { script: DIST_WORKER, transport });
const maskOnThreads = async (probs: Probs, options: SolveAsyncOptions) =>
  (await solveOnThreads(probs, options, false, { script: DIST_WORKER })).mask;

const CASES: { solver: string; metric: Metric; outputMode: OutputMode }[] = SOLVER_NAMES.flatMap((solver) =>
  SOLVERS[solver].metrics.flatMap((metric) =>
    SOLVERS[solver].outputModes.map((outputMode) => ({ solver, metric, outputMode })),
  ),
);

describe('solveAsync gives solve()’s bytes', () => {
  it('covers every solver of the catalog in each of its metrics and output modes', () => {
    expect(new Set(CASES.map((c) => c.solver))).toEqual(new Set(SOLVER_NAMES));
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  for (const { solver, metric, outputMode } of CASES) {
    for (const batch of [1, 3]) {
      it(`${solver} ${metric} ${outputMode}, B = ${batch}: threads 1, 2, 3 and both transports`, async () => {
        const probs = probsFor(batch, 4, [6, 7], 11 * batch + solver.length);
        const options: RanksegOptions = { solver, metric, outputMode };
        const expected = bytesOf(solve(probs, options));
        for (const threads of [1, 2, 3]) {
          expect(bytesOf(await onThreads(probs, { ...options, threads }))).toEqual(expected);
        }
        expect(bytesOf(await onThreads(probs, { ...options, threads: 2 }, 'transfer'))).toEqual(expected);
      });
    }
  }

  it('keeps the solver options: smooth, pruningProb, eps, the void policy and a Uint16 voidIndex', async () => {
    const probs = probsFor(2, 5, [9, 8], 3);
    const variants: RanksegOptions[] = [
      { smooth: 1, pruningProb: 0 },
      { solver: 'ba', eps: 1e-3, pruningProb: 0.2 },
      { unassignedPolicy: 'void', voidIndex: 300 },
      { metric: 'iou', smooth: 0.5, outputMode: 'multilabel' },
    ];
    for (const options of variants) {
      const expected = bytesOf(solve(probs, options));
      expect(bytesOf(await onThreads(probs, { ...options, threads: 2 }))).toEqual(expected);
    }
    expect(
      bytesOf(await onThreads(probs, { unassignedPolicy: 'void', voidIndex: 300, threads: 2 })).maskType,
    ).toBe('Uint16Array');
  });

  it('reads logits, channels-last tensors, float64 and number[] data as solve() does', async () => {
    const random = seededRandom(5);
    const logits = Float64Array.from({ length: 2 * 3 * 20 }, () => 4 * random() - 2);
    const cases: [Probs | { data: number[]; shape: number[] }, RanksegOptions][] = [
      [{ data: logits, shape: [2, 3, 4, 5] }, { activation: 'softmax' }],
      [
        { data: logits, shape: [2, 3, 20] },
        { activation: 'sigmoid', outputMode: 'multilabel' },
      ],
      [
        { data: logits, shape: [2, 4, 5, 3] },
        { activation: 'softmax', layout: 'channels-last' },
      ],
      [{ data: Array.from(probsFor(2, 3, [5], 1).data), shape: [2, 3, 5] }, { validate: 'distribution' }],
    ];
    for (const [probs, options] of cases) {
      const expected = bytesOf(solve(probs, options));
      expect(bytesOf(await onThreads(probs as Probs, { ...options, threads: 2 }))).toEqual(expected);
    }
  });

  it('splits a larger multilabel tensor into many slice tasks and a batch into image tasks, same bytes', async () => {
    const multilabel = probsFor(1, 21, [128, 128], 7); // 21 slices of 16384 pixels
    const expected = bytesOf(solve(multilabel, { outputMode: 'multilabel' }));
    expect(bytesOf(await onThreads(multilabel, { outputMode: 'multilabel', threads: 3 }))).toEqual(expected);
    const batch = probsFor(4, 6, [96, 96], 8);
    expect(bytesOf(await onThreads(batch, { threads: 2 }))).toEqual(bytesOf(solve(batch)));
  });

  it('calls in a row on different data of one size give each its own bytes (kept shared buffers are cleared)', async () => {
    // Dense masks first, then sparse ones: a kept output written by the first call must not show through.
    for (const outputMode of ['multilabel', 'multiclass'] as const) {
      const first = { data: new Float32Array(3 * 4 * 64 * 64).fill(0.9), shape: [3, 4, 64, 64] };
      const second = probsFor(3, 4, [64, 64], 11);
      await onThreads(first, { outputMode, threads: 2 });
      expect(bytesOf(await onThreads(second, { outputMode, threads: 2 }))).toEqual(
        bytesOf(solve(second, { outputMode })),
      );
    }
  });

  it('leaves the caller’s arrays whole: not written, not detached (both transports)', async () => {
    const probs = probsFor(3, 4, [10, 10], 2);
    const before = Array.from(probs.data);
    await onThreads(probs, { threads: 2, outputMode: 'multilabel' }, 'transfer');
    await onThreads(probs, { threads: 2 }, 'shared');
    expect(probs.data.byteLength).toBe(before.length * 4);
    expect(Array.from(probs.data)).toEqual(before);
  });

  it('returns ordinary arrays (not views of shared memory), new on every call', async () => {
    const probs = probsFor(2, 3, [8, 8], 4);
    const a = await onThreads(probs, { threads: 2 });
    const b = await onThreads(probs, { threads: 2 });
    expect(a.mask.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(a.volume.buffer).toBeInstanceOf(ArrayBuffer);
    expect(a.mask.data.buffer).not.toBe(b.mask.data.buffer);
  });
});

describe('ranksegAsync gives rankseg()’s mask', () => {
  for (const options of [
    {},
    { outputMode: 'multilabel' },
    { metric: 'accuracy' },
    { solver: 'exact', metric: 'iou' },
  ] as RanksegOptions[]) {
    it(`with ${JSON.stringify(options)}`, async () => {
      const probs = probsFor(3, 4, [7, 5], 9);
      const expected = rankseg(probs, options);
      for (const threads of [1, 2, 3]) {
        const mask = await maskOnThreads(probs, { ...options, threads });
        expect(mask.shape).toEqual(expected.shape);
        expect(mask.data).toEqual(expected.data);
      }
    });
  }
});

describe('progress', () => {
  for (const threads of [1, 2, 3]) {
    it(`grows with every task and ends at B·C·D (threads ${threads})`, async () => {
      const probs = probsFor(1, 21, [128, 128], 6);
      const seen: SolveProgress[] = [];
      await onThreads(probs, { outputMode: 'multilabel', threads, onProgress: (p) => seen.push(p) });
      expect(seen.length).toBeGreaterThanOrEqual(threads);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThan(seen[i - 1]!.done);
      expect(seen.at(-1)).toEqual({ done: probs.data.length, total: probs.data.length, threads });
    });
  }

  it('rejects with the error the callback throws', async () => {
    const boom = new Error('progress callback failed');
    await expect(
      onThreads(probsFor(2, 3, [5, 5], 1), {
        threads: 2,
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });
});

describe('abort', () => {
  it('rejects with the signal’s reason when aborted before the call', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(onThreads(probsFor(1, 2, [4], 1), { threads: 2, signal: controller.signal })).rejects.toBe(
      controller.signal.reason,
    );
    const why = new Error('user left');
    await expect(
      onThreads(probsFor(1, 2, [4], 1), { threads: 1, signal: AbortSignal.abort(why) }),
    ).rejects.toBe(why);
  });

  for (const threads of [1, 2]) {
    it(`rejects during the solve, starts no task after, and the next call still works (threads ${threads})`, async () => {
      const probs = probsFor(1, 21, [256, 256], 3);
      const controller = new AbortController();
      const seen: number[] = [];
      const call = onThreads(probs, {
        outputMode: 'multilabel',
        threads,
        signal: controller.signal,
        onProgress: ({ done }) => {
          seen.push(done);
          if (seen.length === 1) controller.abort();
        },
      });
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
      await new Promise((r) => setTimeout(r, 200)); // tasks under way finish; none starts
      // At most the tasks already on a worker when the signal fired report.
      expect(seen.length).toBeLessThanOrEqual(threads);
      const again = await onThreads(probs, { outputMode: 'multilabel', threads });
      expect(bytesOf(again)).toEqual(bytesOf(solve(probs, { outputMode: 'multilabel' })));
    });
  }
});

describe('bad input fails as in solve()', () => {
  const sameError = async (probs: unknown, options: RanksegOptions) => {
    let expected: unknown;
    try {
      solve(probs as Probs, options);
    } catch (e) {
      expected = e;
    }
    expect(expected).toBeInstanceOf(Error);
    for (const threads of [1, 2]) {
      const call = onThreads(probs as Probs, { ...options, threads });
      await expect(call).rejects.toThrow((expected as Error).message);
      await expect(call).rejects.toBeInstanceOf((expected as Error).constructor);
    }
  };

  it('a missing shape, a 2-D tensor, a wrong length: TypeError/RangeError before any thread', async () => {
    await sameError({ data: new Float32Array(4) }, {});
    await sameError({ data: new Float32Array(4), shape: [2, 2] }, {});
    await sameError({ data: new Float32Array(5), shape: [1, 2, 2] }, {});
  });

  it('a value outside [0, 1] found by a worker is reported at the caller’s index', async () => {
    const probs = probsFor(3, 4, [10, 10], 1);
    probs.data[2 * 400 + 123] = 1.5;
    await sameError(probs, { outputMode: 'multilabel' });
    await sameError(probs, {});
    probs.data[2 * 400 + 123] = Number.NaN;
    await sameError(probs, { metric: 'accuracy' });
  });

  it('an unknown option, an option the solver does not use, a class sum off under validate', async () => {
    const probs = probsFor(2, 3, [4, 4], 1);
    await sameError(probs, { smoth: 1 } as RanksegOptions);
    await sameError(probs, { solver: 'rma', eps: 0.01 });
    const off = probsFor(2, 3, [4, 4], 1);
    off.data[20] = 0;
    await sameError(off, { validate: 'distribution' });
  });

  it('threads, onProgress and signal of the wrong kind or value', async () => {
    const probs = probsFor(1, 2, [4], 1);
    await expect(onThreads(probs, { threads: 0 })).rejects.toThrow(RangeError);
    await expect(onThreads(probs, { threads: 1.5 })).rejects.toThrow(
      /threads must be an integer >= 1; got 1.5/,
    );
    await expect(onThreads(probs, { threads: '2' as unknown as number })).rejects.toThrow(TypeError);
    await expect(onThreads(probs, { onProgress: 3 as unknown as () => void })).rejects.toThrow(
      /onProgress must be a function/,
    );
    await expect(onThreads(probs, { signal: {} as AbortSignal })).rejects.toThrow(
      /signal must be an AbortSignal/,
    );
  });

  it('solve(), rankseg() and RankSEG refuse the async-only options with a RangeError naming them', () => {
    const probs = probsFor(1, 2, [4], 1);
    for (const options of [
      { threads: 2 },
      { onProgress: () => {} },
      { signal: new AbortController().signal },
    ]) {
      const name = Object.keys(options)[0]!;
      expect(() => solve(probs, options as RanksegOptions)).toThrow(
        new RangeError(
          `option ${name} only applies to solveAsync() and ranksegAsync(); solve(), rankseg() and RankSEG run in the calling thread`,
        ),
      );
      expect(() => rankseg(probs, options as RanksegOptions)).toThrow(RangeError);
    }
  });
});
