/**
 * The `--max-bytes` flag: how many bytes a compressed input may inflate to (the readers'
 * `maxBytes`, default 1 GiB).
 *
 * @module
 */

import { UsageError } from './usage';

/** Help text of `--max-bytes`. */
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
