import { type ClassSelection, type PassScope, recordOrTie, WHOLE_SLICE } from '../kernels/ClassSelection';
import { fillLabels } from '../kernels/fillLabels';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric, UnassignedPolicy } from './catalog';

/** How pixels that no class selected are labelled (DESIGN §3.5). */
export interface UnassignedRule {
  policy: UnassignedPolicy;
  voidIndex: number;
}

/** Label storage (the multiclass mask). */
type Labels = Uint8Array | Uint16Array | Uint32Array;

/** Pixels per call of the claim kernel (see SliceHistogram), and per settled-count run. */
const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;

/**
 * Pixels per block of the solo sums: Σp and count of each class's solely chosen pixels are
 * summed per block in index order and the blocks' sums added in block order, so that pixel
 * ranges of whole blocks, summed on any thread, give the serial sums bit for bit.
 */
export const SUM_BLOCK_BITS = 16;
/** 2^{@link SUM_BLOCK_BITS}: pixel ranges handed to threads start at multiples of this. */
export const SUM_BLOCK = 1 << SUM_BLOCK_BITS;

/**
 * What the resolution reads of each class's choice, one entry per class (after the solver's
 * `close`): μ_c, the pruning flag, and the {@link TopSet} rule of its selection (pixel i of
 * probability p is selected iff `p > threshold || (p === threshold && i <= lastTie)`).
 */
export interface ClassChoices {
  /** μ_c = Σp over the class's slice. */
  means: Float64Array;
  /** 1 when the class was not pruned. */
  active: Uint8Array;
  thresholds: Float64Array;
  lastTies: Float64Array;
  /** τ_c, the pixels selected. */
  volumes: Float64Array;
}

/**
 * The per-image arrays of a resolution that threads share (each writes its own pixel range):
 * the label states (`labels`, or the output itself when it has spare values), per-block solo sums
 * and per-run settled counts. Sizes: {@link resolverArraySizes}.
 */
export interface ResolverArrays {
  /** A Uint32Array of the image's size when the output has no spare values, else null. */
  scratch: Uint32Array | null;
  /** `[block][class][Σp, count]`. */
  blockSums: Float64Array;
  /** Per CHUNK-long run, its pixels held by exactly one class. */
  settled: Int32Array;
}

/**
 * Element counts of the {@link ResolverArrays} for an image (`scratch` 0 when the output's label
 * type has spare values).
 *
 * @example
 * resolverArraySizes(new Uint8Array(1 << 20), 1 << 20, 21, { policy: 'max_score', voidIndex: 255 });
 * // { scratch: 0, blockSums: 672, settled: 128 }
 */
export function resolverArraySizes(
  out: Labels,
  pixels: number,
  classes: number,
  rule: UnassignedRule,
): { scratch: number; blockSums: number; settled: number } {
  return {
    scratch: spareValues(out, classes, rule) ? 0 : pixels,
    blockSums: 2 * classes * Math.ceil(pixels / SUM_BLOCK),
    settled: Math.ceil(pixels / CHUNK),
  };
}

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
 * claimant is its label. (If the label type has no two spare values, a Uint32Array of the
 * image's size stands in.) m_c and t_c are summed after the claims from the labels, per block of
 * {@link SUM_BLOCK} pixels (DESIGN §4.2: so that threads resolving pixel ranges agree with the
 * serial sums bit for bit).
 *
 * Serially, per image: `begin`, then per active class `claim` (one sequential pass over the
 * class's slice or its candidates) and, if the solver left a hull, `claimHull`; then `resolve`.
 * On threads, each class's selection is first marked as a bit plane; then each pixel range (of
 * whole blocks) runs `claimBits` (the claims and the sums), then each runs `resolveRange` once
 * every range is summed (see `attach`). Both give the same
 * labels: the claims decide each pixel's state alone, and the sums and the resolution read only
 * states and probabilities. O(C·D) reads for the claims, O(D) for the sums and the label scan,
 * O(C) per contested or unassigned pixel.
 *
 * @example
 * const resolver = new OverlapResolver();
 * resolver.begin(data, 0, pixels, classes, labels, 0, { policy: 'max_score', voidIndex: 255 });
 * // for each class c: a solver sets `sel`, then
 * resolver.claim(sel, c);
 * resolver.resolve(choices, 'dice', 0);
 */
export class OverlapResolver {
  // State of the image being resolved; the kernels below the class read it.
  alpha = new Float64Array(0);
  beta = new Float64Array(0);
  soloSum = new Float64Array(0);
  scale = new Float64Array(0);
  thresholds = new Float64Array(0);
  lastTies = new Float64Array(0);
  /** Classes that selected something; classes an unassigned pixel may go to. */
  selecting = new Int32Array(0);
  unassignedTo = new Int32Array(0);
  /** Per class: bit 1 = may take unassigned pixels, bit 2 = selected something. */
  allowed = new Uint8Array(0);
  /** See {@link ResolverArrays}. */
  blockSums: Float64Array<ArrayBufferLike> = new Float64Array(0);
  settled: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** A block of unsettled pixels: indices, kind (1 = contested), best gain and class so far. */
  readonly block = new Int32Array(BLOCK);
  readonly blockKind = new Uint8Array(BLOCK);
  readonly blockGain = new Float64Array(BLOCK);
  readonly blockClass = new Int32Array(BLOCK);
  private own: ResolverArrays = {
    scratch: null,
    blockSums: new Float64Array(0),
    settled: new Int32Array(0),
  };
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
  dice = true;
  smooth = 0;

  /**
   * Starts an image in this thread: probabilities `[C, D]` at `data[offset…]`, labels to
   * `out[outOffset…]`; no pixel is claimed. O(D).
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
    const sizes = resolverArraySizes(out, pixels, classes, rule);
    const own = this.own;
    if (sizes.scratch > 0 && (own.scratch === null || own.scratch.length < sizes.scratch))
      own.scratch = new Uint32Array(sizes.scratch);
    if (own.blockSums.length < sizes.blockSums) own.blockSums = new Float64Array(sizes.blockSums);
    if (own.settled.length < sizes.settled) own.settled = new Int32Array(sizes.settled);
    this.attach(data, offset, pixels, classes, out, outOffset, rule, own);
    fillLabels(this.labels, this.none, this.labelsOffset, this.labelsOffset + pixels);
  }

  /**
   * Takes up an image whose state lives in `arrays` (of {@link resolverArraySizes}, shared by
   * the threads resolving its pixel ranges), without touching it. O(C).
   */
  attach(
    data: FloatArray,
    offset: number,
    pixels: number,
    classes: number,
    out: Labels,
    outOffset: number,
    rule: UnassignedRule,
    arrays: ResolverArrays,
  ): void {
    this.data = data;
    this.offset = offset;
    this.pixels = pixels;
    this.classes = classes;
    this.out = out;
    this.outOffset = outOffset;
    this.rule = rule;
    if (this.alpha.length < classes) {
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
    this.blockSums = arrays.blockSums;
    this.settled = arrays.settled;
    const spare = spareValues(out, classes, rule);
    if (spare) {
      this.labels = out;
      this.labelsOffset = outOffset;
      [this.none, this.contested] = spare;
    } else {
      if (arrays.scratch === null || arrays.scratch.length < pixels)
        throw new Error('rankseg: the label type has no spare values and no scratch labels were given');
      this.labels = arrays.scratch;
      this.labelsOffset = 0;
      this.none = 0xffffffff;
      this.contested = 0xfffffffe;
    }
  }

  /**
   * Claims the pixels class c selects: one pass over its slice, or over the candidates listed in
   * `scope`; hull pixels are recorded in `sel`.
   */
  claim(sel: ClassSelection, c: number, scope: PassScope = WHOLE_SLICE): void {
    if (sel.volume === 0 && !sel.pending) return;
    sel.reserveHull();
    const { pixels } = this;
    const sliceStart = this.offset + c * pixels;
    const { indices, count } = scope;
    const limit = indices ? count : pixels;
    for (let start = 0; start < limit; start += CHUNK) {
      const end = Math.min(limit, start + CHUNK);
      if (indices) claimListed(this, indices, start, end, sliceStart, sel, c);
      else claimChunk(this, start, end, sliceStart, sel, c);
    }
  }

  /** Claims the selected pixels of a settled hull (after the solver's `finish`). O(hull). */
  claimHull(sel: ClassSelection, c: number): void {
    const { labels, labelsOffset, none } = this;
    for (let j = 0; j < sel.hullCount; j++) {
      if (!sel.takesHull(j)) continue;
      const p = sel.hullValues[j]!;
      if (p < sel.minSelected) sel.minSelected = p;
      const i = sel.hullIndices[j]!;
      const state = labels[labelsOffset + i]!;
      if (state === none) labels[labelsOffset + i] = c;
      else if (state !== this.contested) labels[labelsOffset + i] = this.contested;
    }
  }

  /**
   * The claims and sums of pixels [from, to) (as `sumRange`: `from` a multiple of
   * {@link SUM_BLOCK}) from every class's selection as a bit plane (`bits`, class c's plane at
   * word c·`words`, see `markSelectionBits`): each pixel labelled unclaimed, the one class that
   * selected it, or contested — the states the serial `claim` and `claimHull` of every class
   * leave — and the solo sums added in index order as `sumRange` adds them.
   * O(C·(to − from)/32 + to − from).
   */
  claimBits(bits: Uint32Array, words: number, from: number, to: number): void {
    this.sumBlocks(from, to, (start, end, at) => claimBitsChunk(this, bits, words, start, end, at));
  }

  /**
   * After every claim on pixels [from, to) (`from` a multiple of {@link SUM_BLOCK}, `to` one or
   * the image's end): Σp and count of each class's solely chosen pixels per block, and per run
   * the pixels held by one class. O(to − from).
   */
  sumRange(from: number, to: number): void {
    this.sumBlocks(from, to, (start, end, at) => sumSolo(this, start, end, at));
  }

  /**
   * The blocks of [from, to): each block's sums cleared, then `chunk` on each CHUNK-long run of
   * it, adding to the block's sums at blockSums[at…] and returning the run's settled count.
   */
  private sumBlocks(
    from: number,
    to: number,
    chunk: (start: number, end: number, at: number) => number,
  ): void {
    const { classes, blockSums, settled } = this;
    for (let blockStart = from; blockStart < to; blockStart += SUM_BLOCK) {
      const at = (blockStart >> SUM_BLOCK_BITS) * 2 * classes;
      blockSums.fill(0, at, at + 2 * classes);
      const blockEnd = Math.min(to, blockStart + SUM_BLOCK);
      for (let start = blockStart; start < blockEnd; start += CHUNK) {
        settled[start >> CHUNK_BITS] = chunk(start, Math.min(blockEnd, start + CHUNK), at);
      }
    }
  }

  /**
   * Serially, after the claims: labels the unassigned and contested pixels (DESIGN §3.5) from
   * the classes' choices.
   */
  resolve(choices: ClassChoices, metric: OverlapMetric, smooth: number): void {
    this.sumRange(0, this.pixels);
    this.prepare(choices, metric, smooth);
    this.resolveRange(0, this.pixels);
  }

  /**
   * Once every pixel range is summed (`sumRange`): each class's m_c and t_c (block sums added in
   * block order) and the constants of its gain. O(C·D/SUM_BLOCK).
   */
  prepare(choices: ClassChoices, metric: OverlapMetric, smooth: number): void {
    const { classes, alpha, beta, blockSums, allowed, unassignedTo, selecting } = this;
    const blocks = Math.ceil(this.pixels / SUM_BLOCK);
    const { means, active, thresholds, lastTies, volumes } = choices;
    let unassignedCount = 0;
    let selectingCount = 0;
    this.dice = metric === 'dice';
    this.smooth = smooth;
    // Gain of giving p to c: Dice alpha·(p·D − m) − beta, alpha = 2/(D(D + 1)), beta = s/((D − 1)D);
    // IoU (m + p + s)/(alpha − p + 1) − beta with alpha = U + s, beta = (m + s)/(U + s).
    for (let c = 0; c < classes; c++) {
      let m = 0;
      let count = 0;
      for (let k = 0; k < blocks; k++) {
        const at = (k * classes + c) * 2;
        m += blockSums[at]!;
        count += blockSums[at + 1]!;
      }
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
      this.thresholds[c] = thresholds[c]!;
      this.lastTies[c] = lastTies[c]!;
      if (volumes[c]! > 0) selecting[selectingCount++] = c;
      if (active[c] === 1) unassignedTo[unassignedCount++] = c;
    }
    // Every class was pruned: unassigned pixels go to the best of all.
    if (unassignedCount === 0) for (let c = 0; c < classes; c++) unassignedTo[unassignedCount++] = c;
    allowed.fill(0, 0, classes);
    for (let j = 0; j < unassignedCount; j++) allowed[unassignedTo[j]!] = 1;
    for (let j = 0; j < selectingCount; j++) allowed[selecting[j]!]! |= 2;
  }

  /**
   * Labels the unassigned and contested pixels of [from, to) (`from` a multiple of
   * {@link SUM_BLOCK}) after `prepare`, a block of at most BLOCK pixels at a time; within a
   * block classes are visited one after the other, so each class plane is read in increasing
   * order. Each pixel's label depends on its own values and the classes' constants alone.
   */
  resolveRange(from: number, to: number): void {
    const { classes, allowed, dice, smooth } = this;
    const voidLabel = this.rule.policy === 'void' ? this.rule.voidIndex : -1;
    const settled = this.settled;
    let at = from;
    while (at < to) {
      // Small calls, so that V8 optimizes the kernels whole (see SliceHistogram's CHUNK).
      let n = 0;
      while (at < to && n < BLOCK - CHUNK) {
        const end = Math.min(to, at + CHUNK);
        if (settled[at >> CHUNK_BITS]! < end - at) n = collectUnsettled(this, at, end, n, voidLabel);
        at = end;
      }
      if (n === 0) continue;
      this.blockClass.fill(-1, 0, n);
      for (let c = 0; c < classes; c++) {
        if (allowed[c] !== 0) scoreClass(this, c, n, dice, smooth);
      }
      const { labels, labelsOffset, block, blockClass } = this;
      for (let j = 0; j < n; j++) labels[labelsOffset + block[j]!] = blockClass[j]!;
    }
    const { labels, out, outOffset } = this;
    if (labels !== out) {
      for (let i = from; i < to; i++) out[outOffset + i] = labels[i]!;
    }
  }
}

/**
 * {@link OverlapResolver.claimBits} over [from, to), 32 pixels (a word of every plane) at a time;
 * the solo sums go to blockSums[at…]. Returns how many pixels one class holds.
 */
function claimBitsChunk(
  r: OverlapResolver,
  bits: Uint32Array,
  words: number,
  from: number,
  to: number,
  at: number,
): number {
  const { labels, labelsOffset, none, contested, classes, data, offset, pixels, blockSums } = r;
  let held = 0;
  for (let first = from; first < to; first += 32) {
    const word = first >>> 5;
    // The pixels some class selected (any), and two or more (many).
    let any = 0;
    let many = 0;
    for (let c = 0; c < classes; c++) {
      const b = bits[c * words + word]!;
      many |= any & b;
      any |= b;
    }
    const start = labelsOffset + first;
    const n = to - first;
    // Unclaimed and contested pixels here; the others get their class below.
    let rest = (~any | many) & (n >= 32 ? -1 : (1 << n) - 1);
    while (rest !== 0) {
      const j = 31 - Math.clz32(rest & -rest);
      labels[start + j] = (many >>> j) & 1 ? contested : none;
      rest &= rest - 1;
    }
    const single = any & ~many;
    if (single === 0) continue;
    // Each class's solely selected pixels in index order: the order sumSolo adds them in.
    for (let c = 0; c < classes; c++) {
      let own = bits[c * words + word]! & single;
      if (own === 0) continue;
      const k = at + 2 * c;
      const base = offset + c * pixels + first;
      let sum = blockSums[k]!;
      let count = 0;
      while (own !== 0) {
        const j = 31 - Math.clz32(own & -own);
        labels[start + j] = c;
        sum += data[base + j]!;
        count++;
        own &= own - 1;
      }
      blockSums[k] = sum;
      blockSums[k + 1] = blockSums[k + 1]! + count;
      held += count;
    }
  }
  return held;
}

/**
 * Σp and count per class of the solely chosen pixels of [from, to), added to the block's sums at
 * blockSums[at…]; returns how many pixels one class holds.
 */
function sumSolo(r: OverlapResolver, from: number, to: number, at: number): number {
  const { labels, labelsOffset, data, offset, pixels, classes, blockSums } = r;
  let held = 0;
  for (let i = from; i < to; i++) {
    const state = labels[labelsOffset + i]!;
    // Classes are below the two state values (spareValues, scratch).
    if (state < classes) {
      const k = at + 2 * state;
      blockSums[k] = blockSums[k]! + data[offset + state * pixels + i]!;
      blockSums[k + 1] = blockSums[k + 1]! + 1;
      held++;
    }
  }
  return held;
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
 * ClassSelection) become c's if unclaimed, contested if another class holds them.
 */
function claimChunk(
  resolver: OverlapResolver,
  start: number,
  end: number,
  sliceStart: number,
  sel: ClassSelection,
  c: number,
): void {
  const { data, labels, none, contested } = resolver;
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  const shift = resolver.labelsOffset;
  let least = sel.minSelected;
  for (let i = start; i < end; i++) {
    const p = data[sliceStart + i]!;
    if (p >= sureFrom || (p >= hullFrom && recordOrTie(sel, p, i))) {
      if (p < least) least = p;
      const state = labels[shift + i]!;
      if (state === none) labels[shift + i] = c;
      else if (state !== contested) labels[shift + i] = contested;
    }
  }
  sel.minSelected = least;
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
  const { data, labels, none, contested } = resolver;
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  const shift = resolver.labelsOffset;
  let least = sel.minSelected;
  for (let j = start; j < end; j++) {
    const i = indices[j]!;
    const p = data[sliceStart + i]!;
    if (p >= sureFrom || (p >= hullFrom && recordOrTie(sel, p, i))) {
      if (p < least) least = p;
      const state = labels[shift + i]!;
      if (state === none) labels[shift + i] = c;
      else if (state !== contested) labels[shift + i] = contested;
    }
  }
  sel.minSelected = least;
}
