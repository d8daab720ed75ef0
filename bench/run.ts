/**
 * `npm run bench`: median time per case and solver, and its ratio to argmax over the same array
 * in the same process (DESIGN §5). Machines here are noisy: compare ratios, not absolute times.
 *
 * Usage: npm run bench [-- --case voc --solver trna --repeat 7]
 */
import { type RanksegOptions, rankseg } from '../src/index';
import { realisticProbs } from '../tests/helpers/random';

interface BenchCase {
  name: string;
  shape: number[];
}

const CASES: BenchCase[] = [
  { name: 'voc', shape: [1, 21, 512, 512] },
  { name: 'cityscapes', shape: [1, 19, 512, 1024] },
  { name: 'binary', shape: [1, 1, 512, 512] },
  { name: 'volume', shape: [1, 4, 128, 128, 128] },
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
  return s[s.length >> 1]!;
}

function time(fn: () => unknown, repeat: number): number {
  fn(); // warm up (JIT)
  const times: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const only = arg('case');
const onlySolver = arg('solver');
const repeat = Number(arg('repeat') ?? 7);
console.log(
  `rankseg bench — node ${process.version}, median of ${repeat} runs, ratio to the baseline in the same process`,
);
for (const bench of CASES) {
  if (only && bench.name !== only) continue;
  const [batch, classes, ...spatial] = bench.shape as [number, number, ...number[]];
  const data = realisticProbs(2026, batch, classes, spatial);
  const probs = { data, shape: bench.shape };
  console.log(`\n${bench.name} [${bench.shape.join('×')}] realistic`);
  let baseline = Number.NaN;
  for (const solver of SOLVERS) {
    if (solver.multiclassOnly && classes === 1) continue;
    if (solver.binaryOnly && classes > 1) continue;
    if (onlySolver && !solver.label.startsWith(onlySolver) && solver !== SOLVERS[0] && solver !== SOLVERS[1])
      continue;
    const ms = time(() => rankseg(probs, solver.options), Math.min(repeat, solver.repeat ?? repeat));
    if (Number.isNaN(baseline)) baseline = ms;
    const ratio = ms / baseline;
    console.log(
      `  ${solver.label.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${ratio.toFixed(2).padStart(6)}×`,
    );
  }
}
