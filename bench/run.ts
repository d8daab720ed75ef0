/**
 * `npm run bench`: per case and solver, the median time of ≥ 3 runs, its ratio to a plain argmax
 * loop over the same array timed in the same process (interleaved with the solver's runs), and
 * the solver's peak memory (DESIGN §5).
 *
 * Every (case, solver) runs in a fresh child process that generates the seeded input, so each
 * solver's memory is its own: the child resets the RSS high-water mark (Linux /proc/self/clear_refs)
 * after generating the input, runs the solver once, and reports the peak RSS of that call and
 * its excess over the RSS just before it (input + runtime). Elsewhere the high-water mark of the
 * whole child is reported. Machines here are noisy: compare ratios, not absolute times.
 *
 * Usage: npm run bench [-- --case voc|cityscapes|binary|volume|lits|tiny] [--solver rma]
 *   [--repeat 5] [--z 800]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RanksegOptions, rankseg } from '../src/index';
import { realisticProbs } from '../tests/helpers/random';
import { litsVolume } from './litsVolume';

interface BenchCase {
  name: string;
  shape: number[];
  describe: string;
  /** Solver labels to run (all by default). */
  solvers?: string[];
  repeat?: number;
}

function cases(z: number): BenchCase[] {
  return [
    { name: 'voc', shape: [1, 21, 512, 512], describe: 'realistic (DESIGN §5)' },
    { name: 'cityscapes', shape: [1, 19, 512, 1024], describe: 'realistic (DESIGN §5)' },
    { name: 'binary', shape: [1, 1, 512, 512], describe: 'realistic (DESIGN §5)' },
    { name: 'volume', shape: [1, 4, 128, 128, 128], describe: 'realistic (DESIGN §5)' },
    {
      name: 'lits',
      shape: [1, 3, z, 512, 512],
      describe: 'LiTS-like CT: background, liver, tumour softmax (bench/litsVolume.ts)',
      solvers: ['argmax', ...LITS_SOLVERS],
      repeat: 3,
    },
    {
      name: 'tiny',
      shape: [1_000_000, 1, 1],
      describe: 'a million one-pixel images (per-image overhead)',
      solvers: ['threshold', 'rma dice multilabel', 'ba multilabel', 'exact dice multilabel'],
      repeat: 3,
    },
  ];
}

const LITS_SOLVERS = [
  'rma dice multiclass',
  'rma iou multiclass',
  'rma dice multilabel',
  'ba multiclass',
  'exact dice multiclass',
  'exact iou multiclass',
];

interface BenchSolver {
  label: string;
  options: RanksegOptions;
  multiclassOnly?: boolean;
  binaryOnly?: boolean;
  /** Slow solvers run fewer times. */
  repeat?: number;
}

const SOLVERS: BenchSolver[] = [
  { label: 'argmax', options: { metric: 'accuracy', solver: 'argmax' }, multiclassOnly: true },
  {
    label: 'threshold',
    options: { metric: 'accuracy', solver: 'threshold', outputMode: 'multilabel' },
    binaryOnly: true,
  },
  { label: 'rma dice multilabel', options: { metric: 'dice', outputMode: 'multilabel' } },
  { label: 'rma iou multilabel', options: { metric: 'iou', outputMode: 'multilabel' } },
  { label: 'rma dice multiclass', options: { metric: 'dice' }, multiclassOnly: true },
  { label: 'rma iou multiclass', options: { metric: 'iou' }, multiclassOnly: true },
  { label: 'ba multilabel', options: { solver: 'ba', outputMode: 'multilabel' } },
  { label: 'ba multiclass', options: { solver: 'ba' }, multiclassOnly: true },
  { label: 'ba+trna multilabel', options: { solver: 'ba+trna', outputMode: 'multilabel' }, repeat: 3 },
  { label: 'trna multilabel', options: { solver: 'trna', outputMode: 'multilabel' }, repeat: 3 },
  { label: 'exact dice multilabel', options: { solver: 'exact', outputMode: 'multilabel' } },
  { label: 'exact iou multilabel', options: { solver: 'exact', metric: 'iou', outputMode: 'multilabel' } },
  { label: 'exact dice multiclass', options: { solver: 'exact' }, multiclassOnly: true },
  { label: 'exact iou multiclass', options: { solver: 'exact', metric: 'iou' }, multiclassOnly: true },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** What a user writes instead of RankSEG: per pixel the most probable class, into a Uint8Array. */
function plainArgmax(data: Float32Array, batch: number, classes: number, pixels: number): Uint8Array {
  const out = new Uint8Array(batch * pixels);
  for (let b = 0; b < batch; b++) {
    const base = b * classes * pixels;
    for (let i = 0; i < pixels; i++) {
      let best = data[base + i]!;
      let label = 0;
      for (let c = 1; c < classes; c++) {
        const p = data[base + c * pixels + i]!;
        if (p > best) {
          best = p;
          label = c;
        }
      }
      out[b * pixels + i] = label;
    }
  }
  return out;
}

/** The one-channel analogue: p > ½ per pixel, into a Uint8Array. */
function plainThreshold(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! > 0.5 ? 1 : 0;
  return out;
}

function generate(bench: BenchCase): Float32Array {
  const [batch, classes, ...spatial] = bench.shape as [number, number, ...number[]];
  if (bench.name === 'lits') return litsVolume(2026, spatial[0]!, spatial[1], spatial[2]).data;
  return realisticProbs(2026, batch, classes, spatial);
}

/** Resets the RSS high-water mark (Linux); false where that is not possible. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Peak RSS in bytes since the last reset (or since the start). */
function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {}
  return process.resourceUsage().maxRSS * 1024;
}

interface ChildResult {
  baselineMs: number;
  solverMs: number;
  peak: number;
  before: number;
  peakIsCall: boolean;
  runs: number;
}

/** In the child: time the baseline and the solver interleaved, after one measured warm-up call. */
function runChild(bench: BenchCase, solver: BenchSolver, repeat: number): ChildResult {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const data = generate(bench);
  const probs = { data, shape: bench.shape };
  const [batch, classes] = bench.shape as [number, number];
  const pixels = data.length / (batch * classes);
  const baseline = () => (classes === 1 ? plainThreshold(data) : plainArgmax(data, batch, classes, pixels));
  baseline();
  gc();
  const peakIsCall = resetPeak();
  const before = process.memoryUsage().rss;
  rankseg(probs, solver.options); // warm-up, and the memory of one call
  const peak = peakRss();
  const baselineTimes: number[] = [];
  const solverTimes: number[] = [];
  // No forced collection between timed runs: a full GC drops V8's type feedback, and the
  // re-optimization it causes would be timed (a long call collects as it goes anyway).
  for (let r = 0; r < repeat; r++) {
    let t0 = performance.now();
    baseline();
    baselineTimes.push(performance.now() - t0);
    t0 = performance.now();
    rankseg(probs, solver.options);
    solverTimes.push(performance.now() - t0);
  }
  return {
    baselineMs: median(baselineTimes),
    solverMs: median(solverTimes),
    peak,
    before,
    peakIsCall,
    runs: repeat,
  };
}

const MB = 1024 * 1024;
const z = Number(arg('z') ?? 800);
const all = cases(z);
const child = arg('child');

if (child) {
  const bench = all.find((c) => c.name === child)!;
  const solver = SOLVERS.find((s) => s.label === arg('solver'))!;
  const result = runChild(bench, solver, Number(arg('repeat')));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const only = arg('case');
  const onlySolver = arg('solver');
  const repeatOption = arg('repeat');
  const script = fileURLToPath(import.meta.url);
  console.log(
    `rankseg bench — node ${process.version}; per solver a fresh process: median of ≥ 3 runs, ratio to a plain argmax loop (threshold p > ½ for one channel) timed in the same process, peak RSS of one call`,
  );
  for (const bench of all) {
    if (only ? bench.name !== only : bench.name === 'tiny') continue;
    const classes = bench.shape[1]!;
    const inputMb = (bench.shape.reduce((a, b) => a * b, 1) * 4) / MB;
    console.log(
      `\n${bench.name} [${bench.shape.join('×')}] ${bench.describe}, input ${inputMb.toFixed(0)} MB`,
    );
    console.log(
      `  ${'solver'.padEnd(24)} ${'median'.padStart(10)} ${'ratio'.padStart(7)} ${'baseline'.padStart(10)} ${'peak RSS'.padStart(9)} ${'call +'.padStart(8)}`,
    );
    for (const solver of SOLVERS) {
      if (solver.multiclassOnly && classes === 1) continue;
      if (solver.binaryOnly && classes > 1) continue;
      if (bench.solvers && !bench.solvers.includes(solver.label)) continue;
      if (onlySolver && !solver.label.startsWith(onlySolver)) continue;
      const repeat = Math.max(3, Number(repeatOption ?? Math.min(bench.repeat ?? 5, solver.repeat ?? 5)));
      const result = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          '--expose-gc',
          script,
          '--child',
          bench.name,
          '--solver',
          solver.label,
          '--repeat',
          String(repeat),
          '--z',
          String(z),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const line = result.stdout.trim().split('\n').pop() ?? '';
      if (result.status !== 0 || !line.startsWith('{')) {
        console.log(`  ${solver.label.padEnd(24)} failed: ${(result.stderr || line).trim().split('\n')[0]}`);
        continue;
      }
      const r = JSON.parse(line) as ChildResult;
      const extra = r.peakIsCall ? `${((r.peak - r.before) / MB).toFixed(0)} MB` : 'n/a';
      console.log(
        `  ${solver.label.padEnd(24)} ${`${r.solverMs.toFixed(1)} ms`.padStart(10)} ${`${(r.solverMs / r.baselineMs).toFixed(2)}×`.padStart(7)} ${`${r.baselineMs.toFixed(1)} ms`.padStart(10)} ${`${(r.peak / MB).toFixed(0)} MB`.padStart(9)} ${extra.padStart(8)}`,
      );
    }
  }
}
