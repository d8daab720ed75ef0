/**
 * `rankseg demo`: RankSEG against the usual rule on the real model outputs shipped with the
 * package (`data/samples`), with exact expected scores, Monte Carlo checks and pictures.
 *
 * @module
 */

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { OverlapMetric } from '../../solvers/catalog';
import type { CliContext } from '../common/context';
import { parseInteger } from '../common/options';
import { type Failure, printFailures } from '../common/runEach';
import { EXIT_FAILED, EXIT_OK, reasonOf, UsageError } from '../common/usage';
import { type ComparisonRow, compareMasks, DEFAULT_DRAWS, TIMED_REPEATS } from '../comparison/comparison';
import { comparisonJson, formatComparisonTable, gainOf } from '../comparison/comparisonTable';
import { planContenders } from '../comparison/contenders';
import { stripFiles, stripLine, type WrittenStrip, writeComparisonStrips } from '../comparison/writeStrips';
import { findSamplesDir, loadSample, readSampleManifest, type SampleEntry } from './samples';

/** Flags of `rankseg demo` as commander parses them. */
interface DemoFlags {
  output: string;
  samples?: string;
  draws: number;
  seed: number;
  json?: boolean;
}

const HELP_AFTER = `
For each sample (real model outputs with their photos, see data/samples/PROVENANCE.md)
the baseline mask (p > 0.5 for a binary sample, argmax for a multiclass one) is compared
with RankSEG's masks (rma, ba, exact for Dice; rma, exact for IoU). Columns:
  ms            median time of solve() over ${TIMED_REPEATS} runs after a warm-up
  changed       pixels whose label differs from the baseline's mask
  E[Dice/IoU]   the exact expected score of the mask under the model's probabilities
                (expectedScore), labels Y ~ Bernoulli(p) independent per pixel and class
  MC ± se       mean realized score over --draws label draws from the same model, with
                its standard error (seeded: the same seed gives the same numbers)
  gain          E[metric] of the row minus the baseline's, in the row's own metric
Multiclass scores are per class, averaged over the classes.

Pictures, written to --output (default: rankseg-demo in the system's temporary folder):
<sample>-dice.png and <sample>-iou.png (one file when both masks are equal), each
photo | baseline | RankSEG | difference (binary: orange = added by RankSEG, blue =
removed, bright = in both; multiclass: changed pixels in their RankSEG class colour).

JSON (--json): {"draws", "seed", "samples": [{"name", "task", "shape", "classes",
"rows": [{"solver", "metric", "ms", "changed", "expectedDice", "expectedIou", "gain",
"monteCarlo": {"dice", "diceSe", "iou", "iouSe"}}], "images": [...]}], "summary", "failures"}

Exit status: 0 success, 1 a sample failed, 2 usage error.
`;

/**
 * Adds the `demo` command to `program`.
 *
 * @example
 * ```ts
 * addDemoCommand(program, processContext(), (code) => { process.exitCode = code; });
 * ```
 */
export function addDemoCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command('demo')
    .summary('RankSEG vs argmax/threshold on the real model outputs shipped with the package')
    .description(
      'Compare the usual masks with RankSEG on the sample model outputs shipped with rankseg:\n' +
        'exact expected Dice/IoU, Monte Carlo checks, timings and pictures.',
    )
    .option('-o, --output <dir>', 'folder for the pictures', join(tmpdir(), 'rankseg-demo'))
    .option('--samples <names>', 'only these samples, comma-separated (default: all)')
    .option('--draws <n>', 'Monte Carlo label draws per sample (0: none)', parseInteger, DEFAULT_DRAWS)
    .option('--seed <n>', 'seed of the label draws', parseInteger, 1)
    .option('--json', 'print the rows as JSON instead of tables')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: DemoFlags) => {
      setExit(await demo(ctx, flags));
    });
}

/** What one sample gave. */
interface SampleResult {
  entry: SampleEntry;
  rows: ComparisonRow[];
  images: WrittenStrip[];
}

async function demo(ctx: CliContext, flags: DemoFlags): Promise<number> {
  if (flags.draws < 0) throw new UsageError(`--draws must be >= 0; got ${flags.draws}`);
  const start = performance.now();
  const dir = await findSamplesDir();
  const manifest = await readSampleManifest(dir);
  const entries = selectSamples(manifest, flags.samples);
  const json = flags.json === true;
  const out = (text: string) => {
    if (!json) ctx.stdout(text);
  };

  out(
    `rankseg demo: ${entries.length} sample${entries.length === 1 ? '' : 's'} of real model output (${dir})\n`,
  );
  out('E[...]: exact expected score of the mask under the model (expectedScore); ');
  out(
    flags.draws > 0
      ? `MC: mean over ${flags.draws} label draws Y ~ Bernoulli(p), seed ${flags.seed}, ± standard error;\n`
      : 'no Monte Carlo (--draws 0);\n',
  );
  out(
    `ms: median of ${TIMED_REPEATS} runs of solve() after a warm-up; gain: vs the baseline, in the row's metric\n`,
  );

  const results: SampleResult[] = [];
  const failures: Failure[] = [];
  for (const entry of entries) {
    try {
      const sample = await loadSample(dir, entry);
      const C = sample.probs.shape[1]!;
      const plan = planContenders(C, 'multiclass', ['dice', 'iou'], ['rma', 'ba', 'exact']);
      const rows = compareMasks(sample.probs, plan.contenders, {
        draws: flags.draws,
        seed: flags.seed,
        smooth: 0,
        repeats: TIMED_REPEATS,
      });
      const kind = C === 1 ? 'mask' : 'labels';
      const images = await writeComparisonStrips(flags.output, entry.name, sample.photo, rows, kind);
      results.push({ entry, rows, images });
      out(`\n${sampleHeader(entry, sample.probs.shape)}\n`);
      out(formatComparisonTable(rows));
      for (const image of images) out(`${stripLine(image, kind)}\n`);
    } catch (e) {
      failures.push({ file: entry.name, reason: reasonOf(e) });
    }
  }
  const summary = summarize(results);
  if (json) {
    const report = {
      draws: flags.draws,
      seed: flags.seed,
      samples: results.map(({ entry, rows, images }) => ({
        name: entry.name,
        task: entry.task,
        shape: entry.shape,
        classes: entry.classes,
        rows: comparisonJson(rows),
        images: stripFiles(images),
      })),
      summary,
      failures,
    };
    ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    if (summary !== null) ctx.stdout(`\n${summaryLine(summary)}\n`);
    ctx.stdout(
      `${results.length} sample${results.length === 1 ? '' : 's'} in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
    );
  }
  printFailures(ctx, failures);
  return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** The manifest entries named by `--samples` (all when absent), in manifest order. */
function selectSamples(manifest: SampleEntry[], names: string | undefined): SampleEntry[] {
  if (names === undefined) return manifest;
  const wanted = names
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const known = manifest.map((e) => e.name);
  for (const name of wanted) {
    if (!known.includes(name)) {
      throw new UsageError(`--samples: unknown sample '${name}'; samples: ${known.join(', ')}`);
    }
  }
  if (wanted.length === 0) throw new UsageError(`--samples: no sample named; samples: ${known.join(', ')}`);
  return manifest.filter((e) => wanted.includes(e.name));
}

/** Two lines: the sample's first sentence, then task, size, baseline and how scores are averaged. */
function sampleHeader(entry: SampleEntry, shape: number[]): string {
  const [, C, H, W] = shape as [number, number, number, number];
  const first = entry.description.split(/(?<=\.)\s/)[0] ?? entry.description;
  const what =
    C === 1
      ? `binary (${entry.classes[0] ?? 'object'}), ${W}×${H} px; baseline: threshold p > 0.5`
      : `multiclass, ${C} classes (${entry.classes.join(', ')}), ${W}×${H} px; baseline: argmax; ` +
        `scores per class, averaged over the ${C} classes`;
  return `== ${entry.name}: ${first}\n   ${what}`;
}

/** Mean and largest gain over the samples, per metric, of the RankSEG row shown in the summary. */
interface Summary {
  solver: string;
  dice: { mean: number; largest: { sample: string; gain: number } };
  iou: { mean: number; largest: { sample: string; gain: number } };
}

/** Gains of the exact solver (RMA when exact is not available) per metric, over the samples. */
function summarize(results: readonly SampleResult[]): Summary | null {
  if (results.length === 0) return null;
  const pick = (rows: ComparisonRow[], metric: OverlapMetric) => {
    const ofMetric = rows.filter((r) => r.metric === metric);
    return ofMetric.find((r) => r.solver === 'exact') ?? ofMetric[0];
  };
  const first = pick(results[0]!.rows, 'dice');
  if (first === undefined) return null;
  const gains = (metric: OverlapMetric) => {
    let sum = 0;
    let largest = { sample: '', gain: Number.NEGATIVE_INFINITY };
    for (const { entry, rows } of results) {
      const row = pick(rows, metric)!;
      const gain = gainOf(row, rows[0]!);
      sum += gain;
      if (gain > largest.gain) largest = { sample: entry.name, gain };
    }
    return { mean: sum / results.length, largest };
  };
  return { solver: first.solver, dice: gains('dice'), iou: gains('iou') };
}

function summaryLine(s: Summary): string {
  const part = (name: string, g: Summary['dice']) =>
    `${g.mean >= 0 ? 'raised' : 'changed'} expected ${name} by ${signed(g.mean)} on average ` +
    `(largest: ${g.largest.sample} ${signed(g.largest.gain)})`;
  return `RankSEG (${s.solver}) ${part('Dice', s.dice)} and ${part('IoU', s.iou)} over the baseline.`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toPrecision(3)}`;
}
