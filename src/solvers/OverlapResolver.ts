import { type ClassSelection, type PassScope, recordOrTie, WHOLE_SLICE } from '../kernels/ClassSelection';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric, UnassignedPolicy } from './catalog';

/** How pixels that no class selected are labelled (DESIGN §3.5). */
export interface UnassignedRule {
  policy: UnassignedPolicy;
  voidIndex: number;
}

/** Label storage (the multiclass mask). */
type Labels = Uint8Array | Uint16Array | Uint32Array;

/** Pixels per call of the claim kernel (see SliceHistogram), and per settled-count block. */
const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;

/**
 * Resolves per-class top-τ selections into one label per pixel (RankSEG-RMA's pixel score,
 * DESIGN §3.5): a pixel chosen by one class takes it; a pixel chosen by several goes to the one
 * whose RMA objective gains most from it; a pixel chosen by none goes to the best-scoring active
 * class (all classes if none is active) under `'max_score'`, or to `voidIndex` under `'void'`.
 * Ties go to the lowest class index.
 *
 * The gain of giving pixel p to class c, with S_c its solely-chosen pixels, m = Σ_{S_c} p,
 * t = |S_c|, μ = Σp over the image:
 * Dice, D = t + μ + 1 + s: 2(p·D − m)/(D(D + 1)) − s/((D − 1)D) (the change of D̃);
 * IoU, U = t + μ − m: (m + p + s)/(U + s − p + 1) − (m + s)/(U + s), 0/0 := 0.
 *
 * Memory: the output labels themselves hold the state. While claims run, two label values that
 * are not classes (nor the void label) mark "unassigned" and "contested"; a pixel's first
 * claimant is its label. Per class only sums are kept: m_c = Σp over the pixels c claimed first
 * minus Σp over those a later class contested. (If the label type has no two spare values, a
 * Uint32Array of the image's size stands in.)
 *
 * Per image: `begin`, then per active class `claim` (one sequential pass over the class's slice)
 * and, if the solver left a hull, `claimHull`; then `resolve`. O(C·D) reads for the claims,
 * O(D) for the label scan, O(C) per contested or unassigned pixel.
 *
 * @example
 * const resolver = new OverlapResolver();
 * resolver.begin(data, 0, pixels, classes, labels, 0, { policy: 'max_score', voidIndex: 255 });
 * // for each class c: a solver sets `sel`, then
 * resolver.claim(sel, c);
 * resolver.resolve(selections, means, active, 'dice', 0);
 */
export class OverlapResolver {
  // State of the image being resolved; the claim kernels below the class read it.
  claimedSum = new Float64Array(0);
  claimedCount = new Float64Array(0);
  contestedSum = new Float64Array(0);
  contestedCount = new Float64Array(0);
  alpha = new Float64Array(0);
  beta = new Float64Array(0);
  soloSum = new Float64Array(0);
  scale = new Float64Array(0);
  thresholds = new Float64Array(0);
  lastTies = new Float64Array(0);
  /** Classes that selected something; classes an unassigned pixel may go to. */
  selecting = new Int32Array(0);
  unassignedTo = new Int32Array(0);
  allowed = new Uint8Array(0);
  /** Pixels of each CHUNK-long run of the image held by exactly one class (runs all held are skipped). */
  settled = new Int32Array(0);
  /** A block of unsettled pixels: indices, kind (1 = contested), best gain and class so far. */
  readonly block = new Int32Array(BLOCK);
  readonly blockKind = new Uint8Array(BLOCK);
  readonly blockGain = new Float64Array(BLOCK);
  readonly blockClass = new Int32Array(BLOCK);
  readonly acc = new Float64Array(2);
  private scratch = new Uint32Array(0);
  data: FloatArray = new Float32Array(0);
  offset = 0;
  pixels = 0;
  classes = 0;
  out: Labels = new Uint8Array(0);
  outOffset = 0;
  /** Where claims are written: `out` itself, or `scratch` when `out` has no spare values. */
  labels: Labels = new Uint8Array(0);
  labelsOffset = 0;
  // Label values: up to 2³² − 1, beyond small integers, so doubles from the start.
  none = Number.NaN;
  contested = Number.NaN;
  rule: UnassignedRule = { policy: 'max_score', voidIndex: 255 };

  /**
   * Starts an image: probabilities `[C, D]` at `data[offset…]`, labels to `out[outOffset…]`;
   * no pixel is claimed. O(D).
   */
  begin(
    data: FloatArray,
    offset: number,
    pixels: number,
    classes: number,
    out: Labels,
    outOffset: number,
    rule: UnassignedRule,
  ): void {
    this.data = data;
    this.offset = offset;
    this.pixels = pixels;
    this.classes = classes;
    this.out = out;
    this.outOffset = outOffset;
    this.rule = rule;
    if (this.claimedSum.length < classes) {
      this.claimedSum = new Float64Array(classes);
      this.claimedCount = new Float64Array(classes);
      this.contestedSum = new Float64Array(classes);
      this.contestedCount = new Float64Array(classes);
      this.alpha = new Float64Array(classes);
      this.beta = new Float64Array(classes);
      this.soloSum = new Float64Array(classes);
      this.scale = new Float64Array(classes);
      this.thresholds = new Float64Array(classes);
      this.lastTies = new Float64Array(classes);
      this.selecting = new Int32Array(classes);
      this.unassignedTo = new Int32Array(classes);
      this.allowed = new Uint8Array(classes);
    }
    this.claimedSum.fill(0, 0, classes);
    this.claimedCount.fill(0, 0, classes);
    this.contestedSum.fill(0, 0, classes);
    this.contestedCount.fill(0, 0, classes);
    const spare = spareValues(out, classes, rule);
    if (spare) {
      this.labels = out;
      this.labelsOffset = outOffset;
      [this.none, this.contested] = spare;
    } else {
      if (this.scratch.length < pixels) this.scratch = new Uint32Array(pixels);
      this.labels = this.scratch;
      this.labelsOffset = 0;
      this.none = 0xffffffff;
      this.contested = 0xfffffffe;
    }
    this.labels.fill(this.none, this.labelsOffset, this.labelsOffset + pixels);
    const runs = Math.ceil(pixels / CHUNK);
    if (this.settled.length < runs) this.settled = new Int32Array(runs);
    this.settled.fill(0, 0, runs);
  }

  /**
   * Claims the pixels class c selects: one pass over its slice, or over the candidates listed in
   * `scope`; hull pixels are recorded in `sel`.
   */
  claim(sel: ClassSelection, c: number, scope: PassScope = WHOLE_SLICE): void {
    if (sel.volume === 0 && !sel.pending) return;
    sel.reserveHull();
    const { pixels, acc } = this;
    const sliceStart = this.offset + c * pixels;
    acc[0] = 0;
    acc[1] = 0;
    const { indices, count } = scope;
    const limit = indices ? count : pixels;
    for (let start = 0; start < limit; start += CHUNK) {
      const end = Math.min(limit, start + CHUNK);
      if (indices) claimListed(this, indices, start, end, sliceStart, sel, c);
      else claimChunk(this, start, end, sliceStart, sel, c);
    }
    this.claimedSum[c] = this.claimedSum[c]! + acc[0]!;
    this.claimedCount[c] = this.claimedCount[c]! + acc[1]!;
  }

  /** Claims the selected pixels of a settled hull (after the solver's `finish`). O(hull). */
  claimHull(sel: ClassSelection, c: number): void {
    for (let j = 0; j < sel.hullCount; j++) {
      if (!sel.takesHull(j)) continue;
      const p = sel.hullValues[j]!;
      if (p < sel.minSelected) sel.minSelected = p;
      this.claimPixel(sel.hullIndices[j]!, p, c);
    }
  }

  private claimPixel(i: number, p: number, c: number): void {
    const at = this.labelsOffset + i;
    const state = this.labels[at]!;
    if (state === this.none) {
      this.labels[at] = c;
      this.claimedSum[c] = this.claimedSum[c]! + p;
      this.claimedCount[c] = this.claimedCount[c]! + 1;
      this.settled[i >> CHUNK_BITS]!++;
    } else contest(this, i, state);
  }

  /**
   * Labels the unassigned and contested pixels (DESIGN §3.5) from the per-class selections
   * (`threshold`/`lastTie`, after `close`), means μ_c and pruning flags.
   */
  resolve(
    selections: readonly ClassSelection[],
    means: Float64Array,
    active: Uint8Array,
    metric: OverlapMetric,
    smooth: number,
  ): void {
    const { classes, pixels, alpha, beta } = this;
    let solo = 0;
    let unassignedCount = 0;
    let selectingCount = 0;
    // Gain of giving p to c: Dice alpha·(p·D − m) − beta, alpha = 2/(D(D + 1)), beta = s/((D − 1)D);
    // IoU (m + p + s)/(alpha − p + 1) − beta with alpha = U + s, beta = (m + s)/(U + s).
    for (let c = 0; c < classes; c++) {
      const count = this.claimedCount[c]! - this.contestedCount[c]!;
      solo += count;
      // With no pixel left the sum is exactly 0 (the difference of two roundings need not be).
      const m = count === 0 ? 0 : this.claimedSum[c]! - this.contestedSum[c]!;
      if (metric === 'dice') {
        const D = count + means[c]! + 1 + smooth;
        alpha[c] = 2 / (D * (D + 1));
        beta[c] = smooth > 0 ? smooth / ((D - 1) * D) : 0;
        this.scale[c] = D;
      } else {
        const U = count + means[c]! - m + smooth;
        alpha[c] = U;
        beta[c] = U === 0 ? 0 : (m + smooth) / U;
      }
      this.soloSum[c] = m;
      this.thresholds[c] = selections[c]!.threshold;
      this.lastTies[c] = selections[c]!.lastTie;
      if (selections[c]!.volume > 0) this.selecting[selectingCount++] = c;
      if (active[c] === 1) this.unassignedTo[unassignedCount++] = c;
    }
    // Every class was pruned: unassigned pixels go to the best of all.
    if (unassignedCount === 0) for (let c = 0; c < classes; c++) this.unassignedTo[unassignedCount++] = c;
    if (solo < pixels) this.resolveUnsettled(metric === 'dice', smooth, unassignedCount, selectingCount);
    const { labels, out, outOffset } = this;
    if (labels !== out) {
      for (let i = 0; i < pixels; i++) out[outOffset + i] = labels[i]!;
    }
  }

  /**
   * Finds the unassigned and contested pixels in the label map and labels them, a block of at
   * most BLOCK pixels at a time; within a block classes are visited one after the other, so each
   * class plane is read in increasing order.
   */
  private resolveUnsettled(
    dice: boolean,
    smooth: number,
    unassignedCount: number,
    selectingCount: number,
  ): void {
    const { pixels, classes, allowed, unassignedTo, selecting } = this;
    // allowed[c]: bit 1 = may take unassigned pixels, bit 2 = selected something.
    allowed.fill(0, 0, classes);
    for (let j = 0; j < unassignedCount; j++) allowed[unassignedTo[j]!] = 1;
    for (let j = 0; j < selectingCount; j++) allowed[selecting[j]!]! |= 2;
    const voidLabel = this.rule.policy === 'void' ? this.rule.voidIndex : -1;
    const settled = this.settled;
    let from = 0;
    while (from < pixels) {
      // Small calls, so that V8 optimizes the kernels whole (see SliceHistogram's CHUNK).
      let n = 0;
      while (from < pixels && n < BLOCK - CHUNK) {
        const to = Math.min(pixels, from + CHUNK);
        if (settled[from >> CHUNK_BITS]! < to - from) n = collectUnsettled(this, from, to, n, voidLabel);
        from = to;
      }
      if (n === 0) continue;
      this.blockClass.fill(-1, 0, n);
      for (let c = 0; c < classes; c++) {
        if (allowed[c] !== 0) scoreClass(this, c, n, dice, smooth);
      }
      const { labels, labelsOffset, block, blockClass } = this;
      for (let j = 0; j < n; j++) labels[labelsOffset + block[j]!] = blockClass[j]!;
    }
  }
}

/** Unsettled pixels labelled per block (at least CHUNK). */
const BLOCK = 4 * CHUNK;

/**
 * Appends the unsettled pixels of [from, to) to the block (void-labelling the unassigned ones
 * under the 'void' policy); returns the block's new size.
 */
function collectUnsettled(
  r: OverlapResolver,
  from: number,
  to: number,
  n0: number,
  voidLabel: number,
): number {
  const { labels, labelsOffset, none, contested, block, blockKind } = r;
  let n = n0;
  for (let i = from; i < to; i++) {
    const state = labels[labelsOffset + i]!;
    if (state === none) {
      if (voidLabel >= 0) labels[labelsOffset + i] = voidLabel;
      else {
        block[n] = i;
        blockKind[n++] = 0;
      }
    } else if (state === contested) {
      block[n] = i;
      blockKind[n++] = 1;
    }
  }
  return n;
}

/**
 * Offers class c to the block's pixels: to unassigned ones (kind 0) if c may take them, to
 * contested ones (kind 1) that c selected; keeps the best gain, the lowest class on ties.
 */
function scoreClass(r: OverlapResolver, c: number, n: number, dice: boolean, smooth: number): void {
  const { data, offset, pixels, block, blockKind, blockGain, blockClass } = r;
  const mode = r.allowed[c]!;
  const base = offset + c * pixels;
  const a = r.alpha[c]!;
  const b = r.beta[c]!;
  const D = r.scale[c]!;
  const m = r.soloSum[c]!;
  const threshold = r.thresholds[c]!;
  const lastTie = r.lastTies[c]!;
  const takesUnassigned = (mode & 1) !== 0;
  const takesContested = (mode & 2) !== 0;
  for (let j = 0; j < n; j++) {
    const i = block[j]!;
    const p = data[base + i]!;
    if (blockKind[j] === 1) {
      if (!takesContested || !(p > threshold || (p === threshold && i <= lastTie))) continue;
    } else if (!takesUnassigned) continue;
    const gain = dice ? a * (p * D - m) - b : (m + p + smooth) / (a - p + 1) - b;
    if (blockClass[j]! < 0 || gain > blockGain[j]!) {
      blockGain[j] = gain;
      blockClass[j] = c;
    }
  }
}

/** Two values of the label type that are neither classes nor the void label, or null. */
function spareValues(out: Labels, classes: number, rule: UnassignedRule): [number, number] | null {
  const top = out instanceof Uint8Array ? 0xff : out instanceof Uint16Array ? 0xffff : 0xffffffff;
  const found: number[] = [];
  for (let v = top; v >= classes && found.length < 2; v--) {
    if (rule.policy === 'void' && v === rule.voidIndex) continue;
    found.push(v);
  }
  return found.length === 2 ? [found[0]!, found[1]!] : null;
}

/**
 * One chunk of a class's claims over slice indices [start, end): selected pixels (see
 * ClassSelection) become c's if unclaimed, contested if another class holds them (its m_c loses
 * their probability). resolver.acc = [Σp, count] of c's first claims, carried across chunks.
 */
function claimChunk(
  resolver: OverlapResolver,
  start: number,
  end: number,
  sliceStart: number,
  sel: ClassSelection,
  c: number,
): void {
  const { data, labels, none, acc } = resolver;
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  const shift = resolver.labelsOffset;
  let least = sel.minSelected;
  let sum = acc[0]!;
  let count = acc[1]!;
  const count0 = count;
  for (let i = start; i < end; i++) {
    const p = data[sliceStart + i]!;
    if (p >= sureFrom || (p >= hullFrom && recordOrTie(sel, p, i))) {
      if (p < least) least = p;
      const state = labels[shift + i]!;
      if (state === none) {
        labels[shift + i] = c;
        sum += p;
        count++;
      } else contest(resolver, i, state);
    }
  }
  // [start, end) is one CHUNK-long run (start is a multiple of CHUNK).
  resolver.settled[start >> CHUNK_BITS]! += count - count0;
  sel.minSelected = least;
  acc[0] = sum;
  acc[1] = count;
}

/** {@link claimChunk} over listed slice indices: indices[start, end). */
function claimListed(
  resolver: OverlapResolver,
  indices: Int32Array,
  start: number,
  end: number,
  sliceStart: number,
  sel: ClassSelection,
  c: number,
): void {
  const { data, labels, none, acc, settled } = resolver;
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  const shift = resolver.labelsOffset;
  let least = sel.minSelected;
  let sum = acc[0]!;
  let count = acc[1]!;
  for (let j = start; j < end; j++) {
    const i = indices[j]!;
    const p = data[sliceStart + i]!;
    if (p >= sureFrom || (p >= hullFrom && recordOrTie(sel, p, i))) {
      if (p < least) least = p;
      const state = labels[shift + i]!;
      if (state === none) {
        labels[shift + i] = c;
        sum += p;
        count++;
        settled[i >> CHUNK_BITS]!++;
      } else contest(resolver, i, state);
    }
  }
  sel.minSelected = least;
  acc[0] = sum;
  acc[1] = count;
}

/** Pixel i, held by `state` (a class, or already contested), is claimed by another class. */
function contest(resolver: OverlapResolver, i: number, state: number): void {
  if (state === resolver.contested) return;
  const { contestedSum, contestedCount } = resolver;
  contestedSum[state] = contestedSum[state]! + resolver.data[resolver.offset + state * resolver.pixels + i]!;
  contestedCount[state] = contestedCount[state]! + 1;
  resolver.settled[i >> CHUNK_BITS]!--;
  resolver.labels[resolver.labelsOffset + i] = resolver.contested;
}
