/**
 * Flag values → library options. Parsers here only check the *kind* of a value (a number, an
 * integer, an axis); its range and meaning are checked by the core, whose messages are turned
 * into CLI terms by {@link flagMessage}.
 *
 * @module
 */

import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { checkOptionsForClasses, type ResolvedOptions, resolveOptions } from '../../api/options';
import type { RanksegOptions } from '../../api/types';
import { METRICS, type Metric, OPTION_NAMES, solversFor } from '../../solvers/catalog';
import { flagMessage, UsageError } from './usage';

/** The flags of `rankseg predict` that become {@link RanksegOptions}, as commander parsed them. */
export interface SolveFlags {
  metric?: string;
  solver?: string;
  outputMode?: string;
  smooth?: number;
  pruningProb?: number;
  eps?: number;
  unassignedPolicy?: string;
  voidIndex?: number;
  activation?: string;
  validate?: string;
}

/** Where the classes are in an input array (see {@link parseClassAxis}). */
export type ClassAxis = number | 'last' | 'none';

/**
 * Commander argument parser for a real number (`1e-4`, `.5`, `-2`). Only the kind is checked here.
 *
 * @throws {InvalidArgumentError} when the text is not a number (commander makes it a usage error).
 * @example
 * ```ts
 * parseNumber('1e-4'); // 0.0001
 * ```
 */
export function parseNumber(value: string): number {
  const v = value.trim();
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v) && !/^[+-]?infinity$/i.test(v)) {
    throw new InvalidArgumentError('expected a number.');
  }
  return Number(v);
}

/**
 * Commander argument parser for an integer (`255`, `-1`).
 *
 * @throws {InvalidArgumentError} when the text is not an integer.
 * @example
 * ```ts
 * parseInteger('255'); // 255
 * ```
 */
export function parseInteger(value: string): number {
  const v = value.trim();
  if (!/^[+-]?\d+$/.test(v)) throw new InvalidArgumentError('expected an integer.');
  return Number(v);
}

/**
 * Commander argument parser for `--class-axis`: an integer axis (negative counts from the end),
 * `last`, or `none` (the input has no class axis: one class).
 *
 * @throws {InvalidArgumentError} for anything else.
 * @example
 * ```ts
 * parseClassAxis('-1'); // -1
 * parseClassAxis('none'); // 'none'
 * ```
 */
export function parseClassAxis(value: string): ClassAxis {
  const v = value.trim().toLowerCase();
  if (v === 'last' || v === 'none') return v;
  if (!/^[+-]?\d+$/.test(v)) throw new InvalidArgumentError("expected an integer axis, 'last' or 'none'.");
  return Number(v);
}

/**
 * The solvers of each metric, for help texts, from the catalog.
 *
 * @example
 * ```ts
 * solverChoices(); // 'dice: rma, ba, trna, ba+trna, exact; iou: rma, exact; accuracy: argmax, threshold'
 * ```
 */
export function solverChoices(): string {
  return (Object.keys(METRICS) as Metric[]).map((m) => `${m}: ${solversFor(m).join(', ')}`).join('; ');
}

/**
 * The library options the flags ask for: only the flags given, so the library's defaults apply to
 * the rest. `outputMode` is left out when not given (the caller picks it per input, see
 * {@link optionsForInput}).
 *
 * @example
 * ```ts
 * ranksegOptions({ metric: 'iou', smooth: 1 }); // { metric: 'iou', smooth: 1 }
 * ```
 */
export function ranksegOptions(flags: SolveFlags): RanksegOptions {
  const given = flags as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // --layout is read per file (see readProbabilityFile), never passed from the flags as it is
  for (const key of OPTION_NAMES) if (key !== 'layout' && given[key] !== undefined) out[key] = given[key];
  return out as RanksegOptions;
}

/**
 * Validates options with the library's own checks before any file is read.
 *
 * @throws {UsageError} carrying the library's message in flag terms.
 * @example
 * ```ts
 * checkOptions({ metric: 'iou', solver: 'ba' }); // throws: solver 'ba' does not serve metric 'iou'…
 * ```
 */
export function checkOptions(options: RanksegOptions): ResolvedOptions {
  try {
    return resolveOptions(options);
  } catch (e) {
    throw new UsageError(flagMessage((e as Error).message));
  }
}

/**
 * The options for one input with `classes` class channels: a single-class input defaults to
 * `outputMode: 'multilabel'` (a binary mask; the library's `'multiclass'` default needs two or more
 * classes) unless `--output-mode` was given. The checks that depend on the number of classes run
 * here, so a mismatch between the flags and the file is a usage error, not a file failure.
 *
 * @throws {UsageError} when the options do not fit an input with `classes` channels.
 * @example
 * ```ts
 * optionsForInput({ metric: 'dice' }, 1).options; // { metric: 'dice', outputMode: 'multilabel' }
 * ```
 */
export function optionsForInput(
  base: RanksegOptions,
  classes: number,
): { options: RanksegOptions; resolved: ResolvedOptions } {
  const options: RanksegOptions =
    base.outputMode === undefined && classes === 1 ? { ...base, outputMode: 'multilabel' } : base;
  try {
    const resolved = resolveOptions(options);
    checkOptionsForClasses(resolved, classes);
    return { options, resolved };
  } catch (e) {
    throw new UsageError(flagMessage((e as Error).message));
  }
}

/** Help text of `--max-bytes` (the readers' `maxBytes`: how many bytes a compressed input may inflate to). */
export const MAX_BYTES_HELP =
  'most bytes a compressed input (.npz, .nii.gz, .png) may inflate to (default: 1073741824 = 1 GiB)';

/**
 * Checks `--max-bytes` before any file is read.
 *
 * @returns the value, or undefined when the flag was not given.
 * @throws {UsageError} when it is not a positive integer.
 * @example
 * ```ts
 * checkMaxBytes(4294967296); // 4294967296
 * ```
 */
export function checkMaxBytes(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--max-bytes must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * The text of a file a flag names (`--calibration FILE`, `--merge FILE`).
 *
 * @throws {UsageError} naming the flag and the path when the file does not exist or cannot be read.
 * @example
 * ```ts
 * const text = await readFlagFile('--calibration', 'calibration.json');
 * ```
 */
export async function readFlagFile(flag: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UsageError(
      `${flag} ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(code ?? e)})`}`,
    );
  }
}
