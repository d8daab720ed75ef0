import { isOverlapMetric, METRICS, type Metric, metricNamed, type OverlapMetric } from '../solvers/catalog';
import { expectedScoreOfMask } from '../solvers/exact';
import type { Activation, Layout } from './activation';
import { formatValue } from './formatValue';
import { readOptionsObject, resolveOptions } from './options';
import { readProbabilities } from './tensor';
import type { ProbabilityTensor } from './types';

/**
 * Options of {@link expectedScore}; any other name is a RangeError.
 *
 * @example
 * ```ts
 * import type { ExpectedScoreOptions } from 'rankseg';
 * const options: ExpectedScoreOptions = { metric: 'iou', smooth: 1 };
 * ```
 */
export interface ExpectedScoreOptions {
  /** The score whose expectation is computed: `'dice'` [default] or `'iou'`. */
  metric?: OverlapMetric | (string & {});
  /** s ≥ 0 added to numerator and denominator [0]; with s > 0 an empty mask on empty labels scores 1. */
  smooth?: number;
  /** `'none'` [default], or `'softmax'`/`'sigmoid'` when `probs` holds logits (as {@link RanksegOptions.activation}). */
  activation?: Activation | (string & {});
  /** `'channels-first'` [default] or `'channels-last'` (as {@link RanksegOptions.layout}). */
  layout?: Layout | (string & {});
}

const EXPECTED_SCORE_OPTIONS = ['metric', 'smooth', 'activation', 'layout'] as const;

/**
 * A mask to score: labels `[B, ...spatial]` or 0/1 masks `[B, C, ...spatial]`.
 *
 * @example
 * ```ts
 * import type { ScoredMask } from 'rankseg';
 * const mask: ScoredMask = { data: [1, 0], shape: [1, 1, 2] }; // one class, first pixel selected
 * ```
 */
export interface ScoredMask {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/**
 * The exact expected Dice or IoU of any mask, per image and class, under the model's own
 * probabilities: labels Yᵢ ~ Bernoulli(pᵢ) independent, Dice = E[(2|A∩Y| + s)/(|A| + |Y| + s)],
 * IoU = E[(|A∩Y| + s)/(|A ∪ Y| + s)], 0/0 counted as 0 (DESIGN §3.1). No approximation: the error
 * is below 1e-13 of the value. Use it to judge argmax's mask, a threshold's, another tool's or
 * rankseg's own on equal terms.
 *
 * A label map (shape `[B, ...spatial]`) scores class c on the pixels labelled c; labels outside
 * [0, C) (a `voidIndex`) select no class. 0/1 masks `[B, C, ...spatial]` are scored as given.
 *
 * @returns Float64Array `[B*C]`, entry `b*C + c`.
 * @throws TypeError or RangeError for bad probabilities or options (as {@link rankseg}), a mask
 *   whose shape matches neither form, or mask values that are not labels/0-1.
 * @example
 * ```ts
 * import { expectedScore } from 'rankseg';
 * // One pixel at p = 0.8 selected, one at p = 0.1 not: IoU = 0.8·E[1/(1 + Y₂)] = 0.8·(0.9 + 0.1/2)
 * expectedScore({ data: [0.8, 0.1], shape: [1, 1, 2] }, { data: [1, 0], shape: [1, 1, 2] }, { metric: 'iou' });
 * // Float64Array [0.76]
 * ```
 */
export function expectedScore(
  probs: ProbabilityTensor,
  mask: ScoredMask,
  options: ExpectedScoreOptions = {},
): Float64Array {
  const given = readOptionsObject(options, EXPECTED_SCORE_OPTIONS, 'expectedScore: ');
  const metric = readMetric(given.metric);
  // smooth, activation and layout are checked exactly as rankseg() checks them.
  const { smooth, activation, layout } = resolveOptions({
    smooth: given.smooth,
    activation: given.activation,
    layout: given.layout,
  });
  const view = readProbabilities(probs, { activation, layout }, true);
  const { data, batch, classes, pixels, spatialShape } = view;
  const masks = readMask(mask, batch, classes, spatialShape);

  const out = new Float64Array(batch * classes);
  const selected = new Uint8Array(pixels);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < classes; c++) {
      const at = b * classes + c;
      let source: ArrayLike<number> = masks.data;
      let offset = at * pixels;
      if (masks.labels) {
        for (let i = 0; i < pixels; i++) selected[i] = masks.data[b * pixels + i] === c ? 1 : 0;
        source = selected;
        offset = 0;
      }
      out[at] = expectedScoreOfMask(data, at * pixels, source, offset, pixels, metric, smooth);
    }
  }
  return out;
}

function readMetric(value: unknown): OverlapMetric {
  if (value === undefined) return 'dice';
  if (typeof value !== 'string') throw new TypeError(`metric must be a string; got ${formatValue(value)}`);
  const metric = metricNamed(value.trim().toLowerCase());
  if (metric === undefined || !isOverlapMetric(metric)) {
    const valid = (Object.keys(METRICS) as Metric[]).filter(isOverlapMetric);
    throw new RangeError(
      `unknown metric ${formatValue(value)} for expectedScore; valid: ${valid.join(', ')}`,
    );
  }
  return metric;
}

/** Validates the mask against the probabilities' shape; label maps or 0/1 masks. */
function readMask(
  mask: unknown,
  batch: number,
  classes: number,
  spatialShape: number[],
): { data: ArrayLike<number>; labels: boolean } {
  if (typeof mask !== 'object' || mask === null || !('data' in mask) || !('shape' in mask)) {
    throw new TypeError(`mask must be an object with \`data\` and \`shape\`; got ${formatValue(mask)}`);
  }
  const { data, shape } = mask as { data: unknown; shape: unknown };
  if (!Array.isArray(shape)) throw new TypeError(`mask.shape must be an array; got ${formatValue(shape)}`);
  if (typeof data !== 'object' || data === null || typeof (data as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`mask.data must be an array of numbers; got ${formatValue(data)}`);
  }
  const values = data as ArrayLike<number>;
  const labelShape = [batch, ...spatialShape];
  const maskShape = [batch, classes, ...spatialShape];
  const same = (a: readonly number[]) => a.length === shape.length && a.every((n, i) => n === shape[i]);
  const labels = same(labelShape) && !(classes === 1 && same(maskShape));
  if (!labels && !same(maskShape)) {
    throw new RangeError(
      `mask shape [${shape.join(', ')}] matches neither labels [${labelShape.join(', ')}] nor masks [${maskShape.join(', ')}]`,
    );
  }
  const size = shape.reduce((a: number, n: number) => a * n, 1);
  if (values.length !== size) {
    throw new RangeError(
      `mask.data has ${values.length} values but shape [${shape.join(', ')}] needs ${size}`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const ok = labels ? Number.isInteger(v) && v >= 0 : v === 0 || v === 1;
    if (!ok) {
      throw new RangeError(
        `mask.data[${i}] is ${formatValue(v)}; ${labels ? 'labels must be integers >= 0' : 'masks hold 0 or 1'}`,
      );
    }
  }
  return { data: values, labels };
}
