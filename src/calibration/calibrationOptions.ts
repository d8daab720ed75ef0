import type { Activation, Layout } from '../api/activation';
import { formatValue } from '../api/formatValue';
import type { CalibrationMode } from './types';

/** Options of {@link applyTemperature} after validation; `mode` undefined: decided by the data. */
export interface ResolvedTemperatureOptions {
  activation: Activation;
  layout: Layout;
  mode: CalibrationMode | undefined;
}

/** Options of {@link fitTemperature} after validation; `ignoreIndex` NaN when not given. */
export interface ResolvedCalibrationOptions extends ResolvedTemperatureOptions {
  perClass: boolean;
  ignoreIndex: number;
  bins: number;
}

const TEMPERATURE_KEYS = ['activation', 'layout', 'mode'] as const;
const CALIBRATION_KEYS = [...TEMPERATURE_KEYS, 'perClass', 'ignoreIndex', 'bins'] as const;
const ACTIVATIONS: readonly Activation[] = ['none', 'softmax', 'sigmoid'];
const LAYOUTS: readonly Layout[] = ['channels-first', 'channels-last'];
const MODES: readonly CalibrationMode[] = ['softmax', 'sigmoid'];

/**
 * Validates the options of {@link applyTemperature}.
 *
 * @throws {TypeError} options not an object, or an option of the wrong kind.
 * @throws {RangeError} an unknown option or value, or an activation that contradicts the mode.
 * @example
 * ```ts
 * resolveTemperatureOptions({ activation: 'Sigmoid' }); // { activation: 'sigmoid', layout: 'channels-first', mode: 'sigmoid' }
 * ```
 */
export function resolveTemperatureOptions(options: unknown): ResolvedTemperatureOptions {
  return readCommon(readObject(options, TEMPERATURE_KEYS));
}

/**
 * Validates the options of {@link fitTemperature}.
 *
 * @throws {TypeError} options not an object, or an option of the wrong kind.
 * @throws {RangeError} an unknown option or value; `perClass` with mode `'softmax'`; `ignoreIndex`
 *   not an integer; `bins` not an integer in 1…10000.
 * @example
 * ```ts
 * resolveCalibrationOptions({ ignoreIndex: 255 }).bins; // 15
 * ```
 */
export function resolveCalibrationOptions(options: unknown): ResolvedCalibrationOptions {
  const given = readObject(options, CALIBRATION_KEYS);
  const common = readCommon(given);
  const perClass = given.perClass ?? false;
  if (typeof perClass !== 'boolean') {
    throw new TypeError(`options.perClass must be a boolean; got ${formatValue(perClass)}`);
  }
  if (perClass && common.mode === 'softmax') {
    throw new RangeError(
      "options.perClass needs mode 'sigmoid' (one temperature per independent class); a softmax has one temperature",
    );
  }
  let ignoreIndex = Number.NaN;
  if (given.ignoreIndex !== undefined) {
    if (typeof given.ignoreIndex !== 'number') {
      throw new TypeError(`options.ignoreIndex must be a number; got ${formatValue(given.ignoreIndex)}`);
    }
    if (!Number.isSafeInteger(given.ignoreIndex)) {
      throw new RangeError(`options.ignoreIndex must be an integer; got ${formatValue(given.ignoreIndex)}`);
    }
    ignoreIndex = given.ignoreIndex;
  }
  const bins = given.bins ?? 15;
  if (typeof bins !== 'number')
    throw new TypeError(`options.bins must be a number; got ${formatValue(bins)}`);
  if (!Number.isInteger(bins) || bins < 1 || bins > 10000) {
    throw new RangeError(`options.bins must be an integer in 1…10000; got ${formatValue(bins)}`);
  }
  return { ...common, perClass, ignoreIndex, bins };
}

function readObject(options: unknown, keys: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`options must be an object; got ${formatValue(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!keys.includes(key) && given[key] !== undefined) {
      throw new RangeError(`unknown option ${formatValue(key)}; valid options: ${keys.join(', ')}`);
    }
  }
  return given;
}

function readCommon(given: Record<string, unknown>): ResolvedTemperatureOptions {
  const activation = readChoice(given, 'activation', ACTIVATIONS) ?? 'none';
  const layout = readChoice(given, 'layout', LAYOUTS) ?? 'channels-first';
  let mode = readChoice(given, 'mode', MODES);
  if (activation !== 'none') {
    if (mode !== undefined && mode !== activation) {
      throw new RangeError(
        `options.mode '${mode}' contradicts activation '${activation}': logits of a ${activation} are calibrated as a ${activation}`,
      );
    }
    mode = activation;
  }
  return { activation, layout, mode };
}

function readChoice<T extends string>(
  given: Record<string, unknown>,
  key: string,
  valid: readonly T[],
): T | undefined {
  const value = given[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new TypeError(`options.${key} must be a string; got ${formatValue(value)}`);
  const v = value.trim().toLowerCase() as T;
  if (!valid.includes(v)) {
    throw new RangeError(`unknown options.${key} ${formatValue(value)}; valid: ${valid.join(', ')}`);
  }
  return v;
}
