/**
 * `rankseg evaluate`: a prediction and its target read as the user means them — axes of size 1
 * aside, a black/white mask against a 0/1 label map, the number of classes from the data.
 *
 * @module
 */

import type { MetricInputForm, MetricOptions } from '../../metrics/types';
import { MAX_NUM_CLASSES } from '../../metrics/validate';
import type { LabelInput } from '../common/readLabels';

/** A tensor as the metrics take it. */
export interface Tensor {
  data: ArrayLike<number>;
  shape: number[];
}

/** The pair, ready for `diceScore`/`iouScore`, and how it was read. */
export interface AlignedPair {
  pred: Tensor;
  target: Tensor;
  /** The options of the metrics for this pair (`input`, `numClasses`, `ignoreIndex`). */
  options: MetricOptions;
  /** The number of classes taken from the data (max label + 1 over the pair), when not given. */
  inferred?: number;
}

/** The flags that decide how a pair is read. */
export interface AlignFlags {
  input: MetricInputForm;
  numClasses?: number | undefined;
  ignoreIndex?: number | undefined;
}

/**
 * Reads a pair as the user means it:
 * 1. Shapes: equal, or masks `[B, C, ...]` against labels `[B, ...]`, are kept. Otherwise axes of
 *    size 1 are dropped on both sides (predict's `(1, 1, H, W)` against an `(H, W)` target); if the
 *    rest agrees, both take the shorter of the two shapes, or, one axis apart, the longer is
 *    masks `[1, C, ...]` of the shorter's image.
 * 2. Form (`--input auto`): a one-class mask `[B, 1, ...]` against a 0/1 label map reads both as
 *    one-class masks (the foreground's score; with `--ignore-index`, both as label maps 0/1); two
 *    equal shapes are masks when both are black/white PNGs (or one is and the other holds only 0
 *    and 1), label maps otherwise.
 * 3. Label maps without `--num-classes`: the number of classes is the largest label of the pair
 *    (prediction and target, `--ignore-index` aside) plus one.
 *
 * @throws {RangeError} when the shapes disagree even without axes of size 1, a one-class mask
 *   meets a label map with other labels, or the labels are too large to infer a class count.
 * @example
 * ```ts
 * alignPair({ data: p, shape: [1, 1, 4, 4], kind: 'unknown' }, { data: t, shape: [1, 4, 4], kind: 'unknown' }, { input: 'auto' });
 * // both one-class masks [1, 1, 4, 4] when t holds only 0 and 1
 * ```
 */
export function alignPair(pred: LabelInput, target: LabelInput, flags: AlignFlags): AlignedPair {
  const shapes = alignShapes(pred.shape, target.shape);
  let p: Tensor = { data: pred.data, shape: shapes.pred };
  let t: Tensor = { data: target.data, shape: shapes.target };
  const options: MetricOptions = { input: flags.input };
  if (flags.ignoreIndex !== undefined) options.ignoreIndex = flags.ignoreIndex;
  if (flags.numClasses !== undefined) options.numClasses = flags.numClasses;
  const rp = p.shape.length;
  const rt = t.shape.length;
  if (flags.input === 'auto' && Math.abs(rp - rt) === 1) {
    // masks against a label map; one class: the label map must be 0/1
    const predIsMask = rp > rt;
    const [masks, labels] = predIsMask ? [p, t] : [t, p];
    if (masks.shape[1] !== 1 || flags.numClasses !== undefined) return { pred: p, target: t, options };
    if (!isBinary(labels.data, flags.ignoreIndex)) {
      throw new RangeError(
        `${predIsMask ? 'pred' : 'target'} [${masks.shape.join(', ')}] is a one-class 0/1 mask, but ` +
          `${predIsMask ? 'target' : 'pred'} holds labels up to ${largestLabel(labels.data, flags.ignoreIndex)}: ` +
          'pass --num-classes for label maps',
      );
    }
    if (flags.ignoreIndex === undefined) {
      // both one-class masks: the foreground's score
      const asMask = { data: labels.data, shape: masks.shape.slice() };
      options.input = 'masks';
      return predIsMask ? { pred: p, target: asMask, options } : { pred: asMask, target: t, options };
    }
    // --ignore-index needs a label map: the mask's 0/1 become labels 0/1
    const asLabels = { data: masks.data, shape: labels.shape.slice() };
    if (predIsMask) p = asLabels;
    else t = asLabels;
  }
  if (flags.input !== 'auto' || p.shape.length !== t.shape.length) return { pred: p, target: t, options };
  const known = [pred.kind === 'masks', target.kind === 'masks'];
  const binary = [isBinary(pred.data), isBinary(target.data)];
  if (flags.numClasses === undefined && (known[0] || known[1]) && binary[0] && binary[1]) {
    options.input = 'masks';
    return { pred: p, target: t, options };
  }
  if (flags.numClasses !== undefined) return { pred: p, target: t, options };
  const largest = Math.max(largestLabel(p.data, flags.ignoreIndex), largestLabel(t.data, flags.ignoreIndex));
  const inferred = largest + 1;
  if (inferred > MAX_NUM_CLASSES) {
    throw new RangeError(
      `the largest label of the pair is ${largest}: too many classes to take from the data; pass --num-classes` +
        ' (and --ignore-index for a void label)',
    );
  }
  options.numClasses = Math.max(1, inferred);
  options.input = 'labels';
  return { pred: p, target: t, options, inferred: options.numClasses };
}

/** The shapes both tensors are read with (see {@link alignPair}, step 1). */
function alignShapes(p: readonly number[], t: readonly number[]): { pred: number[]; target: number[] } {
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((n, k) => n === b[k]);
  const withClassAxis = (long: readonly number[], short: readonly number[], at: number) =>
    long.length === short.length + 1 && same([...long.slice(0, at), ...long.slice(at + 1)], short);
  if (same(p, t) || withClassAxis(p, t, 1) || withClassAxis(t, p, 1))
    return { pred: p.slice(), target: t.slice() };
  const sp = p.filter((n) => n !== 1);
  const st = t.filter((n) => n !== 1);
  if (same(sp, st)) {
    const shorter = p.length <= t.length ? p : t;
    return { pred: shorter.slice(), target: shorter.slice() };
  }
  // one axis apart: the longer holds the classes of one image
  if (withClassAxis(sp, st, 0)) return { pred: [1, ...sp], target: [1, ...st] };
  if (withClassAxis(st, sp, 0)) return { pred: [1, ...sp], target: [1, ...st] };
  throw new RangeError(
    `pred.shape [${p.join(', ')}] and target.shape [${t.join(', ')}] disagree, also with the axes of ` +
      `size 1 left out ([${sp.join(', ')}] and [${st.join(', ')}])`,
  );
}

/** The largest value that is a label (a non-negative integer other than `ignore`), or -1. */
function largestLabel(data: ArrayLike<number>, ignore: number | undefined): number {
  let largest = -1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > largest && v !== ignore && Number.isInteger(v)) largest = v;
  }
  return largest;
}

/** Whether every value (but `ignore`) is 0 or 1. */
function isBinary(data: ArrayLike<number>, ignore?: number): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== 0 && v !== 1 && v !== ignore) return false;
  }
  return true;
}
