import { formatValue } from '../../api/formatValue';
import { readOptionsObject } from '../../api/options';
import type { RanksegOptions } from '../../api/types';
import { OPTION_NAMES } from '../../solvers/catalog';

/**
 * The core options an adapter passes on: the caller's RankSEG options with the adapter's input form
 * (`layout: 'channels-first'`, `activation` defaulting to `activation`) and the one output mode the
 * adapter's result form allows. O(1).
 *
 * @param options - the caller's options without the adapter's own fields.
 * @param caller - the adapter function's name, for messages.
 * @throws RangeError for a `layout` other than channels-first, or an `outputMode` other than `outputMode`.
 * @example
 * ```ts
 * adapterOptions({ metric: 'iou' }, 'sigmoid', 'multilabel', 'postprocessSam');
 * // { metric: 'iou', activation: 'sigmoid', layout: 'channels-first', outputMode: 'multilabel' }
 * ```
 */
export function adapterOptions(
  options: RanksegOptions,
  activation: 'softmax' | 'sigmoid',
  outputMode: 'multiclass' | 'multilabel',
  caller: string,
): RanksegOptions {
  if (options.layout !== undefined && normalized(options.layout) !== 'channels-first') {
    throw new RangeError(
      `${caller}: layout must be 'channels-first' (transformers.js outputs are channels-first); got ${formatValue(options.layout)}`,
    );
  }
  if (options.outputMode !== undefined && normalized(options.outputMode) !== outputMode) {
    throw new RangeError(
      `${caller}: outputMode must be '${outputMode}' (its result form); got ${formatValue(options.outputMode)}; for other forms call rankseg() on the logits`,
    );
  }
  return { ...options, activation: options.activation ?? activation, layout: 'channels-first', outputMode };
}

function normalized(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

/**
 * The caller's options object (`undefined` and `null` mean none): RankSEG's options plus the
 * adapter's own (`own`), any other name refused. O(number of options).
 *
 * @throws TypeError when `options` is neither an object nor undefined/null; RangeError for an
 *   unknown option name (the message lists the valid ones).
 * @example
 * ```ts
 * optionsObject(undefined, ['padSize'], 'postprocessSam'); // {}
 * optionsObject({ smoth: 1 }, ['padSize'], 'postprocessSam'); // throws: postprocessSam: unknown option "smoth"; …
 * ```
 */
export function optionsObject<T extends object>(
  options: T | null | undefined,
  own: readonly string[],
  caller: string,
): T | Record<string, never> {
  return readOptionsObject(options, [...OPTION_NAMES, ...own], `${caller}: `) as T | Record<string, never>;
}
