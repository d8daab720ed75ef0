import { formatValue } from '../../api/formatValue';
import type { RanksegOptions } from '../../api/types';

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
 * The caller's options object (`undefined` and `null` mean none). O(1).
 *
 * @throws TypeError when `options` is neither an object nor undefined/null.
 * @example
 * ```ts
 * optionsObject(undefined, 'postprocessSam'); // {}
 * ```
 */
export function optionsObject<T extends object>(
  options: T | null | undefined,
  caller: string,
): T | Record<string, never> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${caller}: options must be an object; got ${formatValue(options)}`);
  }
  return options;
}
