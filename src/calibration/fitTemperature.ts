import { type ResolvedCalibrationOptions, resolveCalibrationOptions } from './calibrationOptions';
import { badValueError, type DatasetForm, type ReadPair, readPair } from './calibrationPair';
import { newtonBetas } from './newtonBetas';
import { openPairs, type Pair } from './pairSource';
import { reliabilityOf } from './reliability';
import {
  type BadValue,
  type ConfidenceHistogram,
  emptyHistogram,
  emptySums,
  type PassSums,
  sigmoidPass,
  softmaxPass,
} from './temperaturePass';
import type {
  CalibrationOptions,
  CalibrationSource,
  LabelTensor,
  PredictionTensor,
  SyncSource,
  TemperatureFit,
  TemperatureOf,
} from './types';

/** What a pass is asked to compute: at β (null: β = 1 everywhere), with the ECE histogram or not. */
interface PassRequest {
  betas: Float64Array | null;
  histogram: boolean;
}

/** The sums of one pass over every pair. */
interface PassResult {
  sums: PassSums;
  histogram: ConfidenceHistogram | null;
}

/**
 * Fits the temperature T that minimizes the negative log-likelihood (NLL) of the labels under the
 * model's tempered probabilities (temperature scaling, Guo et al. 2017), over any number of
 * images, so that RankSEG's expected Dice/IoU is computed from probabilities that mean what they
 * say. Apply the result with {@link applyTemperature}.
 *
 * **Model.** Softmax (`mode`, see {@link CalibrationMode}): p = softmax(z / T) over the classes,
 * from logits z, or from probabilities with z = log p (so p_T ∝ p^{1/T}). Sigmoid (binary,
 * multilabel): p = σ(z / T) per value, z = logit p; with `perClass` one T per class. A stored
 * probability of exactly 0 or 1 is read as the nearest value its float type cannot tell from it
 * (half an ulp away: 2⁻¹⁵⁰ and 1 − 2⁻²⁵ for float32), so every NLL is finite.
 *
 * **Solved exactly.** With β = 1/T the NLL is convex in β (a log-sum-exp of functions linear in
 * β): f'(β) = Σ (E_β[z] − z_y), f''(β) = Σ Var_β[z] (sigmoid: Σ z(σ(βz) − y) and Σ z²σ(1 − σ)).
 * A safeguarded Newton iteration on f'(β) = 0 (bracketed, with bisection) finds β to 1e-10
 * relative, typically in 5–8 passes, each reading every pair once; one more pass at β = 1 before
 * and at the fit after gives the NLL and ECE reported. T is searched in [1e-4, 1e4]. If the fitted
 * T does not lower the NLL below T = 1's (an optimum at 1 up to rounding), T = 1 is returned.
 *
 * **NLL** (`nll`): mean of −ln p_y in nats over the scored values: labelled pixels (softmax) or
 * labelled pixel-classes (sigmoid). **ECE** (`ece`): the expected calibration error over M = 15
 * (`bins`) equal-width bins of confidence B_k = [k/M, (k+1)/M), the last closed at 1:
 * ECE = Σ_k (n_k/N)·|acc_k − conf_k|. Softmax: the confidence of a pixel is its top class
 * probability max_c p_c and it is right when its label is the argmax (lowest index on ties).
 * Sigmoid: every labelled pixel-class is a two-way prediction, positive iff p > ½, with confidence
 * max(p, 1 − p), right when it matches the 0/1 label (the softmax definition for the two classes
 * {1 − p, p}). `reliability` gives, per bin, the count, mean confidence and accuracy.
 *
 * **Data.** `predictions`: `[B, C, ...spatial]` tensors (or `[B, ...spatial, C]` with
 * `layout: 'channels-last'`) of probabilities, or logits with `activation`. `labels`: per
 * prediction, a label map `[B, ...spatial]` (softmax; integers in [0, C)) or 0/1 masks shaped like
 * the prediction (sigmoid; for one class a `[B, ...spatial]` map of 0/1 too); `ignoreIndex` marks
 * values that count nowhere. Each source is a tensor, an array of tensors, or a function that
 * returns a fresh (async) iterable of tensors each time it is called: the fit calls it once per
 * pass and holds one pair at a time, so memory stays bounded however many volumes there are.
 * Images may differ in size; the class count may not. Nothing is ever written to the inputs.
 * Cost: O(passes · values · C) time with one exp per value (softmax: per class), O(C) memory.
 *
 * @param predictions - a tensor, array of tensors, or function returning an (async) iterable.
 * @param labels - the same, in the same order.
 * @param options - {@link CalibrationOptions}: `activation`, `layout`, `mode`, `perClass`,
 *   `ignoreIndex`, `bins`.
 * @returns `{ temperature, nll: { before, after }, ece: { before, after }, reliability, mode,
 *   count, passes }` (see {@link TemperatureFit}); a Promise when a source is async.
 * @throws {TypeError} a source, tensor or option of the wrong kind.
 * @throws {RangeError} bad shapes, values (a probability outside [0, 1], a non-finite logit, a
 *   label out of range), options, sources of different lengths, or no labelled value at all.
 *   Messages name the tensor (`predictions[3]`, `labels[3]`) and the value.
 * @example
 * ```ts
 * import { applyTemperature, fitTemperature, rankseg } from 'rankseg';
 * // held-out images: probabilities [B, C, H, W] and label maps [B, H, W]
 * const fit = fitTemperature(validationProbs, validationLabels);
 * // fit.temperature ≈ 2.7 for an over-confident model; fit.nll.after <= fit.nll.before
 * const mask = rankseg(applyTemperature(testProbs, fit.temperature));
 *
 * // hundreds of volumes, one in memory at a time:
 * const fit2 = await fitTemperature(
 *   async function* () { for (const f of files) yield await readProbs(f); },
 *   async function* () { for (const f of files) yield await readLabels(f); },
 * );
 * ```
 */
export function fitTemperature<const O extends CalibrationOptions = Record<never, never>>(
  predictions: SyncSource<PredictionTensor>,
  labels: SyncSource<LabelTensor>,
  options?: O,
): TemperatureFit<TemperatureOf<O>>;
export function fitTemperature<const O extends CalibrationOptions = Record<never, never>>(
  predictions: CalibrationSource<PredictionTensor>,
  labels: CalibrationSource<LabelTensor>,
  options?: O,
): Promise<TemperatureFit<TemperatureOf<O>>>;
export function fitTemperature(
  predictions: unknown,
  labels: unknown,
  options?: CalibrationOptions,
): TemperatureFit<number | number[]> | Promise<TemperatureFit<number | number[]>> {
  const resolved = resolveCalibrationOptions(options);
  const run = new FitRun(resolved);
  const steps = fitSteps(run, resolved);
  let pairs = openPairs(predictions, labels);
  if (pairs.kind === 'sync') {
    let step = steps.next();
    while (!step.done) {
      if (pairs.kind !== 'sync') {
        throw new TypeError('a source turned async between passes: give a source that stays sync or async');
      }
      run.begin(step.value);
      for (let pair = pairs.next(); pair !== undefined; pair = pairs.next()) run.add(pair);
      step = steps.next(run.end());
      if (!step.done) pairs = openPairs(predictions, labels);
    }
    return step.value;
  }
  const drive = async (): Promise<TemperatureFit<number | number[]>> => {
    let step = steps.next();
    while (!step.done) {
      run.begin(step.value);
      for (let pair = await pairs.next(); pair !== undefined; pair = await pairs.next()) run.add(pair);
      step = steps.next(run.end());
      if (!step.done) pairs = openPairs(predictions, labels);
    }
    return step.value;
  };
  return drive();
}

/** The passes of a fit, as requests: β = 1 (with the histogram), Newton's, the fit's (with it). */
function* fitSteps(
  run: FitRun,
  options: ResolvedCalibrationOptions,
): Generator<PassRequest, TemperatureFit<number | number[]>, PassResult> {
  const first: PassResult = yield { betas: null, histogram: true };
  const groups = first.sums.count.length;
  const total = (x: Float64Array) => x.reduce((a, v) => a + v, 0);
  const count = total(first.sums.count);
  if (count === 0) {
    throw new RangeError(
      'no labelled value to fit on: the sources gave no pair, or every label equals options.ignoreIndex',
    );
  }
  const newton = newtonBetas(groups);
  let passes = 1;
  newton.next(); // asks for β = 1: that is the first pass
  let step = newton.next(first.sums);
  while (!step.done) {
    const result: PassResult = yield { betas: step.value, histogram: false };
    passes++;
    step = newton.next(result.sums);
  }
  let betas = step.value;
  let last: PassResult = yield { betas, histogram: true };
  passes++;
  const nllBefore = total(first.sums.nll) / count;
  let nllAfter = total(last.sums.nll) / count;
  if (!(nllAfter <= nllBefore)) {
    // the optimum is T = 1 up to rounding: keep the model as it is
    betas = new Float64Array(groups).fill(1);
    last = first;
    nllAfter = nllBefore;
  }
  const before = reliabilityOf(first.histogram!);
  const after = reliabilityOf(last.histogram!);
  const temperatures = Array.from(betas, (b) => 1 / b);
  return {
    temperature: options.perClass ? temperatures : temperatures[0]!,
    nll: { before: nllBefore, after: nllAfter },
    ece: { before: before.ece, after: after.ece },
    reliability: { before: before.bins, after: after.bins },
    mode: run.mode(),
    count,
    passes,
  };
}

/** The state of the pass in progress: form of the data, sums, scratch. */
class FitRun {
  private form: DatasetForm | undefined;
  private request: PassRequest = { betas: null, histogram: false };
  private sums: PassSums = emptySums(1);
  private histogram: ConfidenceHistogram | null = null;
  private scratch = new Float64Array(0);
  private betas: Float64Array = new Float64Array(1);
  private readonly bad: BadValue = { tensor: 'prediction', index: -1 };

  constructor(private readonly options: ResolvedCalibrationOptions) {}

  begin(request: PassRequest): void {
    this.request = request;
    this.histogram = request.histogram ? emptyHistogram(this.options.bins) : null;
    if (this.form !== undefined) this.resetSums();
  }

  add(raw: Pair): void {
    const firstPair = this.form === undefined;
    const { pair, form } = readPair(raw.prediction, raw.label, raw.index, this.options, this.form);
    this.form = form;
    if (firstPair) this.resetSums();
    const ignore = this.options.ignoreIndex;
    this.bad.index = -1;
    if (form.mode === 'softmax') {
      softmaxPass(
        pair.view,
        pair.labels,
        this.betas[0]!,
        ignore,
        this.sums,
        this.histogram,
        this.scratch,
        this.bad,
      );
    } else {
      sigmoidPass(
        pair.view,
        pair.labels,
        this.betas,
        this.options.perClass,
        ignore,
        this.sums,
        this.histogram,
        this.bad,
      );
    }
    if (this.bad.index >= 0) throw badValueError(pair as ReadPair, this.bad, form.mode, ignore);
  }

  end(): PassResult {
    // a pass over no pair at all: one empty group, so that the fit reports "no labelled value"
    return { sums: this.form === undefined ? emptySums(1) : this.sums, histogram: this.histogram };
  }

  mode(): 'softmax' | 'sigmoid' {
    return this.form?.mode ?? 'softmax';
  }

  /** Zero sums sized for the groups; β of this pass (1 everywhere for the first). */
  private resetSums(): void {
    const form = this.form!;
    const groups = form.mode === 'sigmoid' && this.options.perClass ? form.classes : 1;
    this.sums = emptySums(groups);
    this.betas = this.request.betas === null ? new Float64Array(groups).fill(1) : this.request.betas;
    if (this.scratch.length < form.classes) this.scratch = new Float64Array(form.classes);
  }
}
