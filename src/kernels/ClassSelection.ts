import type { FloatArray } from './types';

const BITS = new Float64Array(1);
const WORDS = new BigUint64Array(BITS.buffer);

/**
 * The smallest float64 above v ≥ 0: `p >= nextUp(v)` is exactly `p > v`.
 *
 * @example
 * nextUp(1) === 1 + Number.EPSILON; // true
 */
export function nextUp(v: number): number {
  if (v === 0) return Number.MIN_VALUE;
  if (!Number.isFinite(v)) return v;
  BITS[0] = v;
  WORDS[0] = WORDS[0]! + 1n;
  return BITS[0]!;
}

/**
 * What a Dice/IoU solver chose for one image-class slice, in the form the output pass applies
 * in one sequential read of the slice, without a per-pixel list:
 *
 * - `p ≥ sureFrom`: selected;
 * - `p === tieValue` (inside [hullFrom, sureFrom)): selected while fewer than `tieQuota` ties
 *   were taken and the index is ≤ `tieLast` (equal probabilities are ranked by index);
 * - other values in [hullFrom, sureFrom): the "hull", the few pixels whose rank the solver has
 *   not settled yet (RMA, BA): recorded with their indices, ranked after the pass (`finish`),
 *   then applied;
 * - below `hullFrom`: not selected.
 *
 * After the pass (and the hull's ranking) the selection is also the threshold rule of
 * {@link TopSet}: pixel i of probability p is selected iff
 * `p > threshold || (p === threshold && i <= lastTie)`. The per-class memory is the hull only:
 * a handful of pixels on real slices (RMA refines larger ones down to HULL_LIMIT).
 *
 * @example
 * const sel = new ClassSelection();
 * sel.setTies(0.5, 1, 2, 0.8); // p > 0.5 (one pixel), then the first pixel equal to 0.5
 * const out = new Uint8Array(3);
 * markSelection(new Float32Array([0.5, 0.9, 0.5]), 0, 3, sel, out, 0); // out = [1, 1, 0]
 * sel.close(3); // sel.threshold = 0.5, sel.lastTie = 0, sel.cutoff = 0.5
 */
export class ClassSelection {
  // Fields that hold fractions start as doubles (NaN, ±∞): a field first given a small integer
  // and later a fraction changes the object's hidden class, which deoptimizes the kernels.
  sureFrom = Number.POSITIVE_INFINITY;
  hullFrom = Number.POSITIVE_INFINITY;
  tieValue = Number.NaN;
  tieQuota = Number.POSITIVE_INFINITY;
  tieLast = Number.POSITIVE_INFINITY;
  /** True when hull pixels are recorded by the pass and await `finish`. */
  pending = false;
  /** Pixels ranked above the hull, and their Σp. */
  hullAbove = 0;
  hullAboveSum = Number.NaN;
  /** Recorded hull pixels (values and slice indices, in index order), at most hullCapacity. */
  hullCount = 0;
  hullCapacity = 0;
  hullValues = new Float64Array(0);
  hullIndices = new Int32Array(0);

  /** τ, the pixels selected. */
  volume = 0;
  /** The solver's objective at its choice. */
  expected = Number.NaN;
  /** Smallest selected probability (NaN when nothing is selected). */
  cutoff = Number.NaN;
  /** The threshold rule (valid after the pass). */
  threshold = Number.POSITIVE_INFINITY;
  lastTie = -1;

  /** μ = Σp (index order), and whether the slice's largest p exceeds pruningProb (first pass). */
  mean = Number.NaN;
  active = false;

  /** Pass state: smallest selected value, ties taken, index of the last tie taken. */
  minSelected = Number.POSITIVE_INFINITY;
  tiesTaken = 0;
  lastTieTaken = -1;

  /** Selects nothing. */
  setEmpty(expected: number): void {
    this.reset(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    this.volume = 0;
    this.expected = expected;
  }

  /** Selects every p ≥ from (`volume` of them; +∞ selects nothing). */
  setFrom(from: number, volume: number, expected: number): void {
    this.reset(from, from);
    this.volume = volume;
    this.expected = expected;
  }

  /**
   * Selects every p > v and the first `volume − above` pixels equal to v (index order), where
   * `above` pixels are > v. O(1).
   */
  setTies(v: number, above: number, volume: number, expected: number): void {
    if (volume === 0) {
      this.setEmpty(expected);
      return;
    }
    this.reset(nextUp(v), v);
    this.tieValue = v;
    this.tieQuota = volume - above;
    this.tieLast = Number.POSITIVE_INFINITY;
    this.volume = volume;
    this.expected = expected;
  }

  /**
   * The threshold rule `p > threshold || (p === threshold && i <= lastTie)` of `volume` pixels,
   * as {@link TopSet} gives it.
   */
  setRule(threshold: number, lastTie: number, volume: number, expected: number): void {
    if (volume === 0) {
      this.setEmpty(expected);
      return;
    }
    this.reset(nextUp(threshold), threshold);
    this.tieValue = threshold;
    this.tieQuota = Number.POSITIVE_INFINITY;
    this.tieLast = lastTie;
    this.volume = volume;
    this.expected = expected;
  }

  /**
   * Selects every p ≥ sureFrom now and records the pixels in [hullFrom, sureFrom) (at most
   * `capacity`) for the solver to rank after the pass. `above` pixels (Σp `aboveSum`) are ≥ sureFrom.
   */
  setHull(sureFrom: number, hullFrom: number, above: number, aboveSum: number, capacity: number): void {
    this.reset(sureFrom, hullFrom);
    this.pending = true;
    this.hullAbove = above;
    this.hullAboveSum = aboveSum;
    this.hullCapacity = capacity;
  }

  /** Makes room for the hull before the output pass records it. */
  reserveHull(): void {
    const capacity = this.hullCapacity;
    if (this.pending && this.hullValues.length < capacity) {
      this.hullValues = new Float64Array(capacity);
      this.hullIndices = new Int32Array(capacity);
    }
  }

  /**
   * After the pass: settles the hull as "p > v and the first `ties` hull pixels equal to v"
   * (`volume` in all). With `ties` = 0 and v = +∞ no hull pixel is taken.
   */
  settleHull(v: number, ties: number, volume: number, expected: number): void {
    this.pending = false;
    this.volume = volume;
    this.expected = expected;
    this.tieValue = v;
    this.tieQuota = ties;
    this.tieLast = Number.POSITIVE_INFINITY;
  }

  /** Whether hull pixel j (recorded) is selected under the settled rule; counts ties taken. */
  takesHull(j: number): boolean {
    const p = this.hullValues[j]!;
    if (p > this.tieValue) return true;
    if (p === this.tieValue && this.tiesTaken < this.tieQuota) {
      this.tiesTaken++;
      this.lastTieTaken = this.hullIndices[j]!;
      return true;
    }
    return false;
  }

  /**
   * After the pass (and the hull): the threshold rule and the cutoff. `length` is the slice
   * length (the "every tie" index).
   */
  close(length: number): void {
    if (this.volume === 0) {
      this.threshold = Number.POSITIVE_INFINITY;
      this.lastTie = -1;
      this.cutoff = Number.NaN;
      return;
    }
    if (Number.isNaN(this.tieValue) || this.tieValue === Number.POSITIVE_INFINITY) {
      // Only the "p ≥ sureFrom" part selects.
      this.threshold = this.sureFrom;
      this.lastTie = length;
    } else {
      // p > v, and the ties at v up to the last one taken (none: −1).
      this.threshold = this.tieValue;
      this.lastTie = this.lastTieTaken;
    }
    this.cutoff = this.minSelected;
  }

  private reset(sureFrom: number, hullFrom: number): void {
    this.sureFrom = sureFrom;
    this.hullFrom = hullFrom;
    this.tieValue = Number.NaN;
    this.tieQuota = 0;
    this.tieLast = -1;
    this.pending = false;
    this.hullAbove = 0;
    this.hullAboveSum = 0;
    this.hullCount = 0;
    this.cutoff = Number.NaN;
    this.minSelected = Number.POSITIVE_INFINITY;
    this.tiesTaken = 0;
    this.lastTieTaken = -1;
  }
}

/** Pixels per call of the pass kernels (see SliceHistogram). */
const CHUNK = 8192;

/**
 * The pixels an output pass must visit: the whole slice, or (`indices` non-null) only the listed
 * slice indices (increasing) — a superset of every pixel the selection can take or record.
 */
export interface PassScope {
  indices: Int32Array | null;
  count: number;
}

/** Visit the whole slice. */
export const WHOLE_SLICE: PassScope = { indices: null, count: 0 };

/**
 * The multilabel output pass of one class: `out[outOffset + i] = 1` for every selected pixel i
 * of `data[offset, offset + length)` (`out` is zero there), hull pixels recorded in `sel`. After
 * `finish` (when `sel.pending`), {@link markHull} writes the hull's selected pixels.
 * O(length), or O(scope.count) over a list of candidates.
 */
export function markSelection(
  data: FloatArray,
  offset: number,
  length: number,
  sel: ClassSelection,
  out: Uint8Array,
  outOffset: number,
  scope: PassScope = WHOLE_SLICE,
): void {
  if (sel.volume === 0 && !sel.pending) return;
  sel.reserveHull();
  const { indices, count } = scope;
  if (indices) {
    for (let start = 0; start < count; start += CHUNK) {
      markListed(data, offset, indices, start, Math.min(count, start + CHUNK), sel, out, outOffset);
    }
    return;
  }
  const end = offset + length;
  for (let start = offset; start < end; start += CHUNK) {
    markChunk(data, start, Math.min(end, start + CHUNK), offset, sel, out, outOffset - offset);
  }
}

function markChunk(
  data: FloatArray,
  start: number,
  end: number,
  offset: number,
  sel: ClassSelection,
  out: Uint8Array,
  shift: number,
): void {
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  let least = sel.minSelected;
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    if (p >= sureFrom) {
      out[shift + i] = 1;
      if (p < least) least = p;
    } else if (p >= hullFrom) {
      if (recordOrTie(sel, p, i - offset)) {
        out[shift + i] = 1;
        if (p < least) least = p;
      }
    }
  }
  sel.minSelected = least;
}

function markListed(
  data: FloatArray,
  offset: number,
  indices: Int32Array,
  start: number,
  end: number,
  sel: ClassSelection,
  out: Uint8Array,
  outOffset: number,
): void {
  const sureFrom = sel.sureFrom;
  const hullFrom = sel.hullFrom;
  let least = sel.minSelected;
  for (let j = start; j < end; j++) {
    const i = indices[j]!;
    const p = data[offset + i]!;
    if (p >= sureFrom) {
      out[outOffset + i] = 1;
      if (p < least) least = p;
    } else if (p >= hullFrom) {
      if (recordOrTie(sel, p, i)) {
        out[outOffset + i] = 1;
        if (p < least) least = p;
      }
    }
  }
  sel.minSelected = least;
}

/**
 * A value in [hullFrom, sureFrom): true if it is a tie the rule takes now; otherwise, unless it
 * is a tie past the quota, it is recorded in the hull.
 */
export function recordOrTie(sel: ClassSelection, p: number, index: number): boolean {
  if (p === sel.tieValue) {
    if (sel.tiesTaken < sel.tieQuota && index <= sel.tieLast) {
      sel.tiesTaken++;
      sel.lastTieTaken = index;
      return true;
    }
    return false;
  }
  if (sel.pending) {
    const n = sel.hullCount++;
    sel.hullValues[n] = p;
    sel.hullIndices[n] = index;
  }
  return false;
}

/** Writes the hull's selected pixels (after `finish`) into the multilabel mask. O(hull). */
export function markHull(sel: ClassSelection, out: Uint8Array, outOffset: number): void {
  for (let j = 0; j < sel.hullCount; j++) {
    if (sel.takesHull(j)) {
      out[outOffset + sel.hullIndices[j]!] = 1;
      const p = sel.hullValues[j]!;
      if (p < sel.minSelected) sel.minSelected = p;
    }
  }
}
