/**
 * `npm run bench:async`: solveAsync on worker threads against solve in the calling thread, on
 * realistic probabilities (DESIGN §5), median of repeated runs with the two interleaved. Runs the
 * built package (dist/: `npm run build` first), whose worker entry is JavaScript.
 *
 * Usage: npm run bench:async [-- --threads 2 --repeat 7 --case multilabel]
 */
import type { RanksegOptions } from '../src/index';
import { realisticProbs } from '../tests/helpers/random';

// The built package (its worker entry is JavaScript); typed by the sources, so that type-checking
// does not need a build.
const dist = new URL('../dist/index.js', import.meta.url).href;
const { solve, solveAsync } = (await import(dist)) as typeof import('../src/index');

interface AsyncCase {
  name: string;
  shape: number[];
  options: RanksegOptions;
}

const CASES: AsyncCase[] = [
  { name: 'multiclass-one', shape: [1, 21, 1024, 1024], options: {} },
  { name: 'multilabel', shape: [1, 21, 1024, 1024], options: { outputMode: 'multilabel' } },
  { name: 'multiclass', shape: [4, 21, 512, 512], options: {} },
  { name: 'multiclass-iou-one', shape: [1, 21, 1024, 1024], options: { metric: 'iou' } },
  { name: 'multiclass-large', shape: [4, 21, 1024, 1024], options: {} },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const only = arg('case');
const threads = Number(arg('threads') ?? 2);
const repeat = Number(arg('repeat') ?? 7);
console.log(`rankseg async bench — node ${process.version}, threads ${threads}, median of ${repeat} runs`);
for (const bench of CASES) {
  if (only ? bench.name !== only : bench.name.endsWith('-large')) continue;
  const [batch, classes, ...spatial] = bench.shape as [number, number, ...number[]];
  const probs = { data: realisticProbs(1, batch, classes, spatial), shape: bench.shape };
  const sync = solve(probs, bench.options);
  const parallel = await solveAsync(probs, { ...bench.options, threads });
  const same =
    sameBytes(sync.mask.data, parallel.mask.data) &&
    sameBytes(sync.volume, parallel.volume) &&
    sameBytes(sync.cutoff, parallel.cutoff) &&
    sameBytes(sync.expected, parallel.expected);
  const syncTimes: number[] = [];
  const asyncTimes: number[] = [];
  // CPU time of the process, every thread (the work done, whatever the machine's load).
  const syncCpu: number[] = [];
  const asyncCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const { user, system } = process.cpuUsage(since);
    return (user + system) / 1000;
  };
  for (let r = 0; r < repeat; r++) {
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    solve(probs, bench.options);
    syncTimes.push(performance.now() - t0);
    syncCpu.push(cpuMs(c0));
    c0 = process.cpuUsage();
    t0 = performance.now();
    await solveAsync(probs, { ...bench.options, threads });
    asyncTimes.push(performance.now() - t0);
    asyncCpu.push(cpuMs(c0));
  }
  const s = median(syncTimes);
  const a = median(asyncTimes);
  console.log(
    `${bench.name.padEnd(18)} ${bench.shape.join('×').padEnd(16)} solve ${s.toFixed(0).padStart(6)} ms` +
      `  solveAsync ${a.toFixed(0).padStart(6)} ms  speedup ${(s / a).toFixed(2)}×  same bytes: ${same}` +
      `  (CPU ms: solve ${median(syncCpu).toFixed(0)}, solveAsync ${median(asyncCpu).toFixed(0)})`,
  );
}
