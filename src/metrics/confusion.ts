/**
 * A validated pair of tensors ready for counting (built by `resolvePair` in ./validate).
 * `pred`/`target` are read as label maps `[B, N]` unless the matching `…IsMask` flag says 0/1 masks
 * `[B, C, N]` (N = product of the spatial dims). `ignoreIndex` is NaN when not given (NaN equals
 * nothing, so the comparisons in the loops are always false).
 */
export interface OverlapProblem {
  pred: ArrayLike<number>;
  target: ArrayLike<number>;
  predIsMask: boolean;
  targetIsMask: boolean;
  batch: number;
  numClasses: number;
  pixels: number;
  ignoreIndex: number;
}

/**
 * Caller-owned outputs of {@link countOverlaps}. Float64 counts are exact up to 2^53.
 * - `intersection`, `predicted`, `target`: `[B*C]`, |A∩B|, |A|, |B| per image b and class c at `b*C + c`.
 * - `pixels`: `[B]` pixels that count (target not `ignoreIndex`).
 * - `correct`: `[B]` counted pixels whose predicted class set equals the target class set (for label
 *   maps: same label).
 */
export interface OverlapCounts {
  intersection: Float64Array;
  predicted: Float64Array;
  target: Float64Array;
  pixels: Float64Array;
  correct: Float64Array;
}

/**
 * Scratch for {@link countOverlaps} (`classOf`, `mismatch`: length ≥ N; only used when a mask is
 * involved) and the place a failed count reports the first offending value.
 */
export interface CountWorkspace {
  classOf: Int32Array;
  mismatch: Uint8Array;
  badTensor: 'pred' | 'target' | '';
  badIndex: number;
}

/** Marks a pixel whose target equals ignoreIndex in `classOf` (labels are ≥ 0, "no class" is -1). */
const IGNORED = -2;

/**
 * Allocates outputs for B images and C classes.
 *
 * @example
 * ```ts
 * const out = allocateCounts(2, 3); // out.intersection.length === 6
 * ```
 */
export function allocateCounts(batch: number, numClasses: number): OverlapCounts {
  const n = batch * numClasses;
  return {
    intersection: new Float64Array(n),
    predicted: new Float64Array(n),
    target: new Float64Array(n),
    pixels: new Float64Array(batch),
    correct: new Float64Array(batch),
  };
}

/**
 * Allocates scratch for images of N pixels; `needsScratch` false (two label maps) keeps it empty.
 *
 * @example
 * ```ts
 * const ws = allocateWorkspace(9, true); // ws.classOf.length === 9
 * ```
 */
export function allocateWorkspace(pixels: number, needsScratch: boolean): CountWorkspace {
  const n = needsScratch ? pixels : 0;
  return { classOf: new Int32Array(n), mismatch: new Uint8Array(n), badTensor: '', badIndex: -1 };
}

function fail(ws: CountWorkspace, tensor: 'pred' | 'target', index: number): false {
  ws.badTensor = tensor;
  ws.badIndex = index;
  return false;
}

/**
 * Class a prediction label stands for: itself when in [0, C), -1 ("no class") for integers ≥ C and
 * for `ignore`, -2 for anything else (negative, fractional, NaN, not a number).
 */
function predClass(p: number, numClasses: number, ignore: number): number {
  // (p >>> 0) === p holds exactly for integers in [0, 2^32): the common case, one comparison.
  if (p >>> 0 === p && p < numClasses) return p;
  if (p === ignore || (Number.isInteger(p) && p >= 0)) return -1;
  return -2;
}

/**
 * Counts, per image and class, |A∩B|, |A| and |B| where A = predicted pixels of the class and
 * B = target pixels of the class, skipping pixels whose target is `ignoreIndex`; also counted and
 * exactly-correct pixels per image. Writes into `out` (overwrites every entry).
 *
 * Kernel: trusts shapes and options (validated by the caller) but checks every value on the way; on
 * the first invalid one it records it in `ws.badTensor`/`ws.badIndex` (flat index into `data`) and
 * returns false, leaving `out` partly written.
 *
 * Complexity O(B·N) for two label maps (one pass, no scratch), O(B·C·N) when a mask is involved (each
 * mask value is read once, channel-major so reads are contiguous); no allocation.
 *
 * @example
 * ```ts
 * const problem = { pred: [0, 1, 1], target: [0, 1, 0], predIsMask: false, targetIsMask: false,
 *   batch: 1, numClasses: 2, pixels: 3, ignoreIndex: NaN };
 * const out = allocateCounts(1, 2);
 * countOverlaps(problem, out, allocateWorkspace(3, false)); // true
 * // out.intersection = [1, 1], out.predicted = [1, 2], out.target = [2, 1], out.correct = [2]
 * ```
 */
export function countOverlaps(problem: OverlapProblem, out: OverlapCounts, ws: CountWorkspace): boolean {
  out.intersection.fill(0);
  out.predicted.fill(0);
  out.target.fill(0);
  ws.badTensor = '';
  ws.badIndex = -1;
  for (let b = 0; b < problem.batch; b++) {
    let ok: boolean;
    if (!problem.predIsMask && !problem.targetIsMask) ok = countLabelsLabels(problem, b, out, ws);
    else if (problem.predIsMask && problem.targetIsMask) ok = countMasksMasks(problem, b, out, ws);
    else if (problem.targetIsMask) ok = countLabelsMasks(problem, b, out, ws);
    else ok = countMasksLabels(problem, b, out, ws);
    if (!ok) return false;
  }
  return true;
}

function countLabelsLabels(pb: OverlapProblem, b: number, out: OverlapCounts, ws: CountWorkspace): boolean {
  const { pred, target, numClasses: C, pixels: N, ignoreIndex: ign } = pb;
  const { intersection: inter, predicted: pr, target: tg } = out;
  const o = b * N;
  const k = b * C;
  let counted = 0;
  let correct = 0;
  for (let i = 0; i < N; i++) {
    const pc = predClass(pred[o + i]!, C, ign);
    if (pc === -2) return fail(ws, 'pred', o + i);
    const t = target[o + i]!;
    if (t === ign) continue;
    if (!(t >>> 0 === t && t < C)) return fail(ws, 'target', o + i);
    counted++;
    tg[k + t]!++;
    if (pc >= 0) {
      pr[k + pc]!++;
      if (pc === t) {
        inter[k + t]!++;
        correct++;
      }
    }
  }
  out.pixels[b] = counted;
  out.correct[b] = correct;
  return true;
}

function countMasksMasks(pb: OverlapProblem, b: number, out: OverlapCounts, ws: CountWorkspace): boolean {
  const { pred, target, numClasses: C, pixels: N } = pb;
  const mis = ws.mismatch;
  mis.fill(0, 0, N);
  for (let c = 0; c < C; c++) {
    const base = (b * C + c) * N;
    let sp = 0;
    let st = 0;
    let si = 0;
    for (let i = 0; i < N; i++) {
      const p = pred[base + i]!;
      if (p !== 0 && p !== 1) return fail(ws, 'pred', base + i);
      const t = target[base + i]!;
      if (t !== 0 && t !== 1) return fail(ws, 'target', base + i);
      sp += p;
      st += t;
      si += p & t;
      mis[i]! |= p ^ t;
    }
    out.predicted[b * C + c] = sp;
    out.target[b * C + c] = st;
    out.intersection[b * C + c] = si;
  }
  let wrong = 0;
  for (let i = 0; i < N; i++) wrong += mis[i]!;
  out.pixels[b] = N;
  out.correct[b] = N - wrong;
  return true;
}

function countLabelsMasks(pb: OverlapProblem, b: number, out: OverlapCounts, ws: CountWorkspace): boolean {
  const { pred, target, numClasses: C, pixels: N, ignoreIndex: ign } = pb;
  const { classOf, mismatch: mis } = ws;
  const o = b * N;
  for (let i = 0; i < N; i++) {
    const pc = predClass(pred[o + i]!, C, ign);
    if (pc === -2) return fail(ws, 'pred', o + i);
    classOf[i] = pc;
    if (pc >= 0) out.predicted[b * C + pc]!++;
  }
  mis.fill(0, 0, N);
  for (let c = 0; c < C; c++) {
    const base = (b * C + c) * N;
    let st = 0;
    let si = 0;
    for (let i = 0; i < N; i++) {
      const t = target[base + i]!;
      if (t !== 0 && t !== 1) return fail(ws, 'target', base + i);
      const hit = classOf[i] === c ? 1 : 0;
      st += t;
      si += t & hit;
      mis[i]! |= t ^ hit;
    }
    out.target[b * C + c] = st;
    out.intersection[b * C + c] = si;
  }
  let wrong = 0;
  for (let i = 0; i < N; i++) wrong += mis[i]!;
  out.pixels[b] = N;
  out.correct[b] = N - wrong;
  return true;
}

function countMasksLabels(pb: OverlapProblem, b: number, out: OverlapCounts, ws: CountWorkspace): boolean {
  const { pred, target, numClasses: C, pixels: N, ignoreIndex: ign } = pb;
  const { classOf, mismatch: mis } = ws;
  const o = b * N;
  let counted = 0;
  for (let i = 0; i < N; i++) {
    const t = target[o + i]!;
    if (t === ign) {
      classOf[i] = IGNORED;
      continue;
    }
    if (!(t >>> 0 === t && t < C)) return fail(ws, 'target', o + i);
    classOf[i] = t;
    out.target[b * C + t]!++;
    counted++;
  }
  mis.fill(0, 0, N);
  for (let c = 0; c < C; c++) {
    const base = (b * C + c) * N;
    let sp = 0;
    let si = 0;
    for (let i = 0; i < N; i++) {
      const p = pred[base + i]!;
      if (p !== 0 && p !== 1) return fail(ws, 'pred', base + i);
      const tc = classOf[i]!;
      if (tc === IGNORED) continue;
      const hit = tc === c ? 1 : 0;
      sp += p;
      si += p & hit;
      mis[i]! |= p ^ hit;
    }
    out.predicted[b * C + c] = sp;
    out.intersection[b * C + c] = si;
  }
  let wrong = 0;
  for (let i = 0; i < N; i++) if (classOf[i] !== IGNORED) wrong += mis[i]!;
  out.pixels[b] = counted;
  out.correct[b] = counted - wrong;
  return true;
}
