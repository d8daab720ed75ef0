/**
 * `rankseg predict --temperature T | --calibration FILE`: the temperature to apply before solving.
 *
 * @module
 */

import type { TemperatureOptions } from '../../calibration/types';
import { readFlagFile } from '../common/options';
import { UsageError } from '../common/usage';

/** The flags that carry a temperature. */
export interface TemperatureFlags {
  temperature?: number;
  calibration?: string;
}

/**
 * The temperature the flags ask for: `--temperature T`, or the `"temperature"` of a JSON file
 * written by `rankseg calibrate` (a number, or one per class); undefined when neither is given.
 *
 * @throws {UsageError} for T not finite and > 0, a file that cannot be read, is not JSON, or has
 *   no valid `"temperature"`.
 * @example
 * ```ts
 * await readTemperatureFlags({ calibration: 'calibration.json' }); // 2.48
 * ```
 */
export async function readTemperatureFlags(flags: TemperatureFlags): Promise<number | number[] | undefined> {
  if (flags.temperature !== undefined) {
    const t = flags.temperature;
    if (!(t > 0) || !Number.isFinite(t))
      throw new UsageError(`--temperature must be a finite number > 0; got ${t}`);
    return t;
  }
  if (flags.calibration === undefined) return undefined;
  const path = flags.calibration;
  const text = await readFlagFile('--calibration', path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--calibration ${path} is not JSON (write it with 'rankseg calibrate')`);
  }
  const t =
    typeof json === 'object' && json !== null ? (json as { temperature?: unknown }).temperature : undefined;
  const valid = (x: unknown) => typeof x === 'number' && x > 0 && Number.isFinite(x);
  if (valid(t)) return t as number;
  if (Array.isArray(t) && t.length > 0 && t.every(valid)) return t as number[];
  throw new UsageError(
    `--calibration ${path} has no valid "temperature" (a number > 0, or one per class); got ${JSON.stringify(t) ?? 'none'}`,
  );
}

/**
 * The options of `applyTemperature` for an input read with `activation` and `layout`: a
 * per-class temperature means sigmoids.
 *
 * @example
 * ```ts
 * temperatureOptions('softmax', 'channels-first', 2); // { activation: 'softmax', layout: 'channels-first' }
 * ```
 */
export function temperatureOptions(
  activation: string | undefined,
  layout: 'channels-first' | 'channels-last',
  temperature: number | number[],
): TemperatureOptions {
  return {
    ...(activation === undefined ? {} : { activation }),
    layout,
    ...(Array.isArray(temperature) ? { mode: 'sigmoid' } : {}),
  };
}
