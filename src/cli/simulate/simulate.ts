/**
 * `rankseg simulate`: the simulation studies of the RankSEG paper (Dai & Li, JMLR 2023) —
 * RankSEG's expected Dice against fixed thresholds, computed exactly.
 *
 * @module
 */

import type { Command } from 'commander';
import type { CliContext } from '../common/context';
import { parseInteger, parseNumber } from '../common/options';
import { formatTable } from '../common/table';
import { EXIT_OK, UsageError } from '../common/usage';
import type { Estimate } from '../comparison/montecarlo';
import { type SettingScores, scoreSetting, THRESHOLDS } from './simulationScores';
import {
  EXAMPLE1_BASES,
  EXAMPLE1_PATTERNS,
  type Example1Pattern,
  example1Probs,
  example2Probs,
} from './simulations';

/** Flags of `rankseg simulate` as commander parses them. */
interface SimulateFlags {
  pattern: string;
  bases?: string;
  widths: string;
  images: number;
  size: number;
  seed: number;
  monteCarlo?: number;
  json?: boolean;
}

const HELP_AFTER = `
The settings are those of the authors' scripts (sim/sim1.py, sim/sim2.py in
github.com/statmlben/rankseg).
Example 1: one class on a w×w grid, rows i and columns j counted from 0 (i, j = 0…w-1),
for every --bases b and --widths w, with the decay --pattern:
  exp     p = b^-(i+j) (the paper's Example 1; the top-left pixel has p = 1);
          default b: 1.01, 1.05, 1.1
  linear  p = 1 - (b/2w)(i+j), clipped at 0; default b: 1, 2, 4
  step    p ~ N(b, 0.1²) truncated to [b, b + 0.1], the top-left floor(0.1w)² block
          p ~ U(0.5, 1) (seeded by --seed); default b: 0.1, 0.3, 0.5
Example 2: --images images of --size × --size pixels: per image rho ~ U(0, 1), the
top-left floor(rho·size)² block with p ~ U(0.5, 1), the rest p ~ N(0.1, 0.1²)
truncated to [0.1, 0.2] (seeded by --seed).

Printed: the expected Dice of RankSEG's mask (exact solver, pruningProb 0: the best of all masks)
and of the masks {p > t}, t = 0.1 … 0.9, each computed exactly by expectedScore under
the probabilities (labels Y ~ Bernoulli(p) independent); Example 2 gives means over
its images. --monte-carlo N adds estimates from N label draws with standard errors.

JSON (--json): {"example1": [{"base", "width", "rankseg", "threshold": {"0.1": x, …,
"0.9": x}}, …], "example2": {"images", "rankseg", "threshold": {…}}}, plus
"monteCarlo": {"draws", "seed", "example1": [...], "example2": {...}} with --monte-carlo
(each value {"mean", "se"}).

Exit status: 0 success, 2 usage error.
`;

/**
 * Adds the `simulate` command to `program`.
 *
 * @example
 * ```ts
 * addSimulateCommand(program, processContext(), (code) => { process.exitCode = code; });
 * ```
 */
export function addSimulateCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('simulate')
    .summary("reproduce the JMLR paper's simulations: RankSEG vs fixed thresholds, exact expected Dice")
    .description(
      'The simulation studies of Dai & Li (JMLR 2023): expected Dice of RankSEG against the\n' +
        'thresholds 0.1 … 0.9, computed exactly.',
    )
    .option('--pattern <name>', 'Example 1: decay pattern, exp, linear or step', 'exp')
    .option('--bases <list>', "Example 1: values of b, comma-separated (default: the pattern's, see below)")
    .option('--widths <list>', 'Example 1: values of w, comma-separated', '28,64,128,256')
    .option('--images <n>', 'Example 2: number of images', parseInteger, 2000)
    .option('--size <n>', 'Example 2: image width and height', parseInteger, 64)
    .option(
      '--seed <n>',
      'seed of Example 2, of the step pattern and of the Monte Carlo draws',
      parseInteger,
      1,
    )
    .option('--monte-carlo <draws>', 'also estimate every score from this many label draws', parseInteger)
    .option('--json', 'print the results as JSON')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: SimulateFlags) => {
      setExit(simulate(ctx, flags));
    });
}

/** The values of b each pattern accepts. */
const BASE_RANGES: Record<Example1Pattern, { ok: (b: number) => boolean; what: string }> = {
  exp: { ok: (b) => b > 1 && Number.isFinite(b), what: 'numbers > 1' },
  linear: { ok: (b) => b > 0 && Number.isFinite(b), what: 'numbers > 0' },
  step: { ok: (b) => b >= 0 && b <= 1, what: 'numbers in [0, 1]' },
};

/** The line that states each pattern's map. */
const PATTERN_TEXT: Record<Example1Pattern, (seed: number) => string> = {
  exp: () => 'p(i, j) = b^-(i+j), i, j = 0…w-1 (0-based: p(0, 0) = 1)',
  linear: () => 'p(i, j) = max(0, 1 - (b/2w)(i+j)), i, j = 0…w-1',
  step: (seed) =>
    `p ~ N(b, 0.1²) truncated to [b, b + 0.1], top-left floor(0.1w)² block p ~ U(0.5, 1) (seed ${seed})`,
};

/** One Example 1 setting and its scores. */
interface Example1Result {
  base: number;
  width: number;
  scores: SettingScores;
}

function simulate(ctx: CliContext, flags: SimulateFlags): number {
  const pattern = flags.pattern.trim().toLowerCase() as Example1Pattern;
  if (!EXAMPLE1_PATTERNS.includes(pattern)) {
    throw new UsageError(
      `--pattern: unknown pattern '${flags.pattern}'; valid: ${EXAMPLE1_PATTERNS.join(', ')}`,
    );
  }
  const range = BASE_RANGES[pattern];
  const bases =
    flags.bases === undefined
      ? [...EXAMPLE1_BASES[pattern]]
      : parseNumbers(flags.bases, '--bases', range.ok, `${range.what} for --pattern ${pattern}`);
  const widths = parseNumbers(
    flags.widths,
    '--widths',
    (w) => Number.isInteger(w) && w >= 1 && w <= 4096,
    'integers in 1…4096',
  );
  if (!(flags.images >= 1)) throw new UsageError(`--images must be >= 1; got ${flags.images}`);
  if (!(flags.size >= 1 && flags.size <= 1024))
    throw new UsageError(`--size must lie in 1…1024; got ${flags.size}`);
  if (flags.monteCarlo !== undefined && !(flags.monteCarlo >= 2)) {
    throw new UsageError(`--monte-carlo must be >= 2 draws; got ${flags.monteCarlo}`);
  }
  const solver = 'exact';
  const mc = (stream: number) =>
    flags.monteCarlo === undefined ? undefined : { draws: flags.monteCarlo, seed: flags.seed, stream };

  const example1: Example1Result[] = [];
  let stream = 0;
  for (const base of bases) {
    for (const width of widths) {
      example1.push({
        base,
        width,
        scores: scoreSetting(example1Probs(base, width, pattern, flags.seed), 1, width, solver, mc(stream)),
      });
      stream += 1;
    }
  }
  const { probs } = example2Probs(flags.images, flags.size, flags.seed);
  // Monte Carlo streams of Example 2 start after Example 1's
  const example2 = scoreSetting(probs, flags.images, flags.size, solver, mc(1 << 20));

  if (flags.json === true) {
    ctx.stdout(`${JSON.stringify(toJson(example1, example2, flags))}\n`);
    return EXIT_OK;
  }
  const ranksegName = 'RankSEG';
  ctx.stdout(
    'Simulations of Dai & Li (JMLR 2023): expected Dice of RankSEG and of the masks {p > t}, computed\n' +
      'exactly with expectedScore under the probabilities (labels Y ~ Bernoulli(p) independent).\n' +
      "RankSEG: the 'exact' solver with --pruning-prob 0, whose mask maximizes expected Dice over all masks.\n",
  );
  ctx.stdout(
    `\nExample 1, pattern ${pattern}: one class on a w×w grid, ${PATTERN_TEXT[pattern](flags.seed)}\n`,
  );
  const header = ['b', 'w', ranksegName, ...THRESHOLDS.map((t) => `t=${t}`), 'best t', 'gain'];
  const rows1 = example1.map(({ base, width, scores }) => [String(base), String(width), ...cells(scores)]);
  ctx.stdout(formatTable([header, ...rows1]));
  ctx.stdout(
    `\nExample 2: ${flags.images} images of ${flags.size}×${flags.size} (seed ${flags.seed}); per image rho ~ U(0, 1), ` +
      `top-left floor(rho·${flags.size})² block p ~ U(0.5, 1),\nthe rest p ~ N(0.1, 0.1²) truncated to [0.1, 0.2]; ` +
      'means over the images\n',
  );
  const header2 = ['images', ranksegName, ...THRESHOLDS.map((t) => `t=${t}`), 'best t', 'gain'];
  ctx.stdout(formatTable([header2, [String(flags.images), ...cells(example2)]]));
  const worst = Math.min(...example1.flatMap((e) => Array.from(e.scores.margin)), ...example2.margin);
  ctx.stdout(`\nbest t: the best threshold of the row; gain: ${ranksegName} minus it.\n`);
  // the exact values carry ~1e-13 relative error: a tie shows as a margin of that size
  ctx.stdout(
    worst >= -1e-12
      ? `${ranksegName} >= every threshold on every image of every setting (smallest margin ${worst.toExponential(1)}).\n`
      : `${ranksegName} falls below the best threshold on some image, by up to ${(-worst).toExponential(2)}.\n`,
  );
  if (flags.monteCarlo !== undefined) {
    ctx.stdout(
      `\nMonte Carlo check: mean realized Dice over ${flags.monteCarlo} label draws (seed ${flags.seed}) ± standard error\n`,
    );
    const mcHeader = ['setting', ranksegName, ...THRESHOLDS.map((t) => `t=${t}`)];
    const mcRows = [
      ...example1.map(({ base, width, scores }) => [`ex1 b=${base} w=${width}`, ...mcCells(scores)]),
      [`ex2 ${flags.images} images`, ...mcCells(example2)],
    ];
    ctx.stdout(formatTable([mcHeader, ...mcRows]));
  }
  return EXIT_OK;
}

/** RankSEG and the thresholds (4 decimals), the best threshold, RankSEG's gain over it (6). */
function cells(s: SettingScores): string[] {
  let best = 0;
  for (let k = 1; k < s.threshold.length; k++) if (s.threshold[k]! > s.threshold[best]!) best = k;
  const gain = s.rankseg - s.threshold[best]!;
  return [
    s.rankseg.toFixed(4),
    ...s.threshold.map((x) => x.toFixed(4)),
    String(THRESHOLDS[best]),
    // 6 decimals: next to the best threshold chosen in hindsight the gain can be ~1e-5
    `${gain >= 0 ? '+' : ''}${gain.toFixed(6)}`,
  ];
}

function mcCells(s: SettingScores): string[] {
  const mc = s.monteCarlo!;
  const f = (e: Estimate) => `${e.mean.toFixed(4)}±${e.se.toFixed(4)}`;
  return [f(mc.rankseg), ...mc.threshold.map(f)];
}

function toJson(example1: Example1Result[], example2: SettingScores, flags: SimulateFlags): object {
  const byThreshold = <T>(values: readonly T[]) =>
    Object.fromEntries(THRESHOLDS.map((t, k) => [String(t), values[k]!]));
  const out: Record<string, unknown> = {
    example1: example1.map(({ base, width, scores }) => ({
      base,
      width,
      rankseg: scores.rankseg,
      threshold: byThreshold(scores.threshold),
    })),
    example2: { images: flags.images, rankseg: example2.rankseg, threshold: byThreshold(example2.threshold) },
  };
  if (flags.monteCarlo !== undefined) {
    const est = (e: Estimate) => ({ mean: e.mean, se: e.se });
    const mc = (s: SettingScores) => ({
      rankseg: est(s.monteCarlo!.rankseg),
      threshold: byThreshold(s.monteCarlo!.threshold.map(est)),
    });
    out.monteCarlo = {
      draws: flags.monteCarlo,
      seed: flags.seed,
      example1: example1.map(({ base, width, scores }) => ({ base, width, ...mc(scores) })),
      example2: { images: flags.images, ...mc(example2) },
    };
  }
  return out;
}

function parseNumbers(value: string, flag: string, ok: (x: number) => boolean, what: string): number[] {
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (items.length === 0) throw new UsageError(`${flag}: empty list; expected ${what}`);
  return items.map((item) => {
    let x: number;
    try {
      x = parseNumber(item);
    } catch {
      throw new UsageError(`${flag}: '${item}' is not a number; expected ${what}`);
    }
    if (!ok(x)) throw new UsageError(`${flag}: ${item} is out of range; expected ${what}`);
    return x;
  });
}
