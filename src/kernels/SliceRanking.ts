import { emptyTopSet, type FloatArray, type TopSet } from './types';

/**
 * Histogram bins over [0, 1]. A power of two makes `p * BINS` exact in float64, so "bin(p) > k"
 * is exactly `p >= (k + 1) / BINS`: bin edges are exact thresholds.
 */
export const BINS = 4096;

/** Slices at most this long skip the histogram: gathering and sorting them is cheaper. */
const DIRECT_LIMIT = 2048;

/**
 * Ranks one image-class slice without a full sort.
 *
 * `load` makes one pass: pixels at or above a floor (a bin edge below any value a solver could
 * select; most pixels of a class are far below it) are binned in a value histogram (count and
 * Σp per bin) and copied, with their indices, to a compact "kept" list. Everything below the
 * floor is one lump, known only by its count and sum. A top-τ objective is then exact at every
 * bin edge from the histogram alone, most bins can be ruled out by bounds, and the survivors are
 * gathered from the kept list, not from the slice. Masks are written from the kept list too.
 *
 * One instance is reused across slices (it owns its buffers); O(d + BINS) per `load`.
 *
 * @example
 * const ranking = new SliceRanking();
 * ranking.load(new Float32Array([0.1, 0.9, 0.4]), 0, 3, 0);
 * ranking.gather(0, BINS - 1); // Float64Array [0.9, 0.4, 0.1] (float32 values)
 */
export class SliceRanking {
  /** Pixels per bin, for bins at or above `floorBin` (valid after `load` unless `direct`). */
  readonly counts = new Int32Array(BINS);
  /** Σp per bin, float64. */
  readonly sums = new Float64Array(BINS);
  /** True when the slice was small enough to skip the histogram: all pixels are kept. */
  direct = false;
  /** First binned bin: pixels below `floorBin / BINS` form the lump. */
  floorBin = 0;
  /** Values of the kept pixels (those at or above the floor), in index order. */
  keptValues: Float64Array = new Float64Array(DIRECT_LIMIT);
  /** Slice indices of the kept pixels, increasing. */
  keptIndices: Int32Array = new Int32Array(DIRECT_LIMIT);
  /** How many pixels are kept. */
  kept = 0;
  /** Σp of the kept pixels. */
  keptSum = 0;
  private scratch = new Float64Array(DIRECT_LIMIT);
  private length = 0;

  /** Slice length of the last `load`. */
  get size(): number {
    return this.length;
  }

  /**
   * Reads `data[offset, offset + length)`. Pixels with p ≥ `floor`, rounded down to a bin edge,
   * are binned and kept; pass 0 to keep everything.
   */
  load(data: FloatArray, offset: number, length: number, floor: number): void {
    this.length = length;
    this.direct = length <= DIRECT_LIMIT;
    if (this.direct) {
      // Every pixel kept, no histogram (it is not read for direct slices).
      const values = this.keptValues;
      const indices = this.keptIndices;
      let sum = 0;
      for (let i = 0; i < length; i++) {
        const p = data[offset + i]!;
        values[i] = p;
        indices[i] = i;
        sum += p;
      }
      this.kept = length;
      this.keptSum = sum;
      this.floorBin = 0;
      return;
    }
    const k0 = this.direct ? 0 : Math.max(0, Math.min(BINS - 1, Math.floor(floor * BINS)));
    this.floorBin = k0;
    this.counts.fill(0, k0);
    this.sums.fill(0, k0);
    if (this.keptValues.length < length) {
      // Sized for a whole slice once, so the pass below never checks capacity.
      this.keptValues = new Float64Array(length);
      this.keptIndices = new Int32Array(length);
    }
    this.kept = binAndKeep(
      data,
      offset,
      length,
      k0 / BINS,
      this.keptValues,
      this.keptIndices,
      this.counts,
      this.sums,
    );
    let sum = 0;
    for (let k = k0; k < BINS; k++) sum += this.sums[k]!;
    this.keptSum = sum;
  }

  /**
   * The kept values whose bin lies in [kLo, kHi], sorted descending, in a scratch view that the
   * next call overwrites. Bins are of the full [0, 1] grid; for a direct slice, every value.
   */
  gather(kLo: number, kHi: number): Float64Array {
    const n = this.kept;
    const values = this.keptValues;
    let count = n;
    if (!this.direct) {
      count = 0;
      for (let k = Math.max(kLo, this.floorBin); k <= kHi; k++) count += this.counts[k]!;
    }
    const out = this.reserve(count);
    if (this.direct || (kLo <= this.floorBin && kHi === BINS - 1)) {
      out.set(values.subarray(0, n));
    } else {
      const lo = kLo / BINS;
      // The top bin is closed at 1; others are half-open.
      const hi = kHi === BINS - 1 ? Number.POSITIVE_INFINITY : (kHi + 1) / BINS;
      for (let j = 0, w = 0; j < n; j++) {
        const p = values[j]!;
        if (p >= lo && p < hi) out[w++] = p;
      }
    }
    out.sort();
    out.reverse();
    return out;
  }

  /**
   * The threshold rule of the τ most probable pixels, given `sorted` = the descending values of a
   * contiguous run of ranks, `above` = how many pixels rank before that run, and
   * `above < volume <= above + sorted.length`. Equal probabilities are taken in index order.
   */
  topSetFromRun(volume: number, sorted: Float64Array, above: number): TopSet {
    if (volume === 0) return emptyTopSet();
    const v = sorted[volume - above - 1]!;
    // Ranks of v inside the run: [first, last].
    let first = volume - above - 1;
    while (first > 0 && sorted[first - 1] === v) first--;
    let last = volume - above - 1;
    while (last + 1 < sorted.length && sorted[last + 1] === v) last++;
    const ties = volume - above - first;
    const lastTie = ties === last - first + 1 ? this.length : this.indexOfOccurrence(v, ties);
    return { volume, threshold: v, lastTie, cutoff: v };
  }

  /**
   * The threshold rule of the τ most probable pixels for any τ ≤ kept: the bin holding rank τ is
   * found from the histogram and only its pixels are sorted. O(BINS + kept).
   */
  topSetOfVolume(volume: number): TopSet {
    if (volume === 0) return emptyTopSet();
    if (this.direct) return this.topSetFromRun(volume, this.gather(0, BINS - 1), 0);
    let above = 0;
    for (let k = BINS - 1; k >= this.floorBin; k--) {
      const count = this.counts[k]!;
      if (above + count >= volume) return this.topSetFromRun(volume, this.gather(k, k), above);
      above += count;
    }
    throw new RangeError(`volume ${volume} exceeds the ${this.kept} kept pixels`);
  }

  /**
   * The threshold rule "every pixel in a bin above k" (k ≥ floorBin − 1), of τ = `volume` pixels.
   * Its cutoff, the smallest selected value, is found in the kept list.
   */
  topSetAboveBin(k: number, volume: number): TopSet {
    if (volume === 0) return emptyTopSet();
    const edge = (k + 1) / BINS;
    const values = this.keptValues;
    let cutoff = Number.POSITIVE_INFINITY;
    for (let j = 0; j < this.kept; j++) {
      const p = values[j]!;
      if (p >= edge && p < cutoff) cutoff = p;
    }
    return { volume, threshold: edge, lastTie: this.length, cutoff };
  }

  /** Slice index of the `n`-th (1-based) pixel equal to `v`, in index order. */
  private indexOfOccurrence(v: number, n: number): number {
    let seen = 0;
    for (let j = 0; j < this.kept; j++) {
      if (this.keptValues[j] === v && ++seen === n) return this.keptIndices[j]!;
    }
    return this.length;
  }

  private reserve(n: number): Float64Array {
    if (this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, this.scratch.length * 2));
    return this.scratch.subarray(0, n);
  }
}

/** The pass of {@link SliceRanking.load}: bins and copies the pixels with p ≥ lo; returns how many. */
function binAndKeep(
  data: FloatArray,
  offset: number,
  length: number,
  lo: number,
  values: Float64Array,
  indices: Int32Array,
  counts: Int32Array,
  sums: Float64Array,
): number {
  let n = 0;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    const p = data[i]!;
    if (p < lo) continue;
    values[n] = p;
    indices[n++] = i - offset;
    // p = 1 lands in the last bin; p·BINS is exact, so truncation is the exact floor.
    const k = p < 1 ? (p * BINS) | 0 : BINS - 1;
    counts[k]!++;
    sums[k]! += p;
  }
  return n;
}
