/**
 * The `--report` file of `rankseg predict`.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResolvedOptions } from '../../api/options';
import { writeFileAtomic } from '../../io/node/writeFileAtomic';

/** What one file produced. */
export interface Written {
  input: string;
  output: string;
  /** Probability tensor shape, channels first: `[B, C, ...spatial]`. */
  shape: number[];
  outputMode: 'multiclass' | 'multilabel';
  images: number;
  classes: number;
  /** Pixels of all its images (B × spatial size). */
  pixels: number;
  volume: number[][];
  cutoff: (number | null)[][];
  expected: (number | null)[][];
}

/**
 * The `--report` file: the options (defaults filled in) and per file `solve()`'s `volume`, `cutoff`
 * and `expected` as `[B][C]` arrays (NaN cutoffs of empty masks as null). Arrays of numbers are
 * kept on one line each.
 *
 * @example
 * ```ts
 * await writeReport('report.json', results, resolveOptions({ metric: 'iou' }));
 * // { "options": { "metric": "iou", … }, "files": [{ "input", "output", "shape", "volume": [[…]], … }] }
 * ```
 */
export async function writeReport(
  path: string,
  results: readonly Written[],
  options: ResolvedOptions,
): Promise<void> {
  const { layout: _layout, ...shown } = options; // the layout is per file, not a run option
  const report = {
    options: shown,
    files: results.map(({ input, output, shape, outputMode, volume, cutoff, expected }) => ({
      input,
      output,
      shape,
      outputMode,
      volume,
      cutoff,
      expected,
    })),
  };
  const text = JSON.stringify(report, null, 2).replace(
    /\[\s*([-\d.e+,\snul]*?)\s*\]/g,
    (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`,
  );
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, [new TextEncoder().encode(`${text}\n`)]);
}
