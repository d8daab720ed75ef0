import { BINS } from './SliceRanking';
import type { FloatArray } from './types';

/** Values at or above this lie in the top bin [1 − 1/BINS, 1] (closed at 1). */
const TOP_EDGE = (BINS - 1) / BINS;

/**
 * Most indices of binned pixels kept (16 MiB): the output pass then visits only them instead of
 * the whole slice. A class with more binned pixels than this (a large object) is read whole.
 */
export const KEPT_LIMIT = 1 << 22;

/**
 * Pixels per call of the scan kernel: long loops cut into calls let V8 optimize the kernel as a
 * whole function instead of by on-stack replacement in the middle of the first call.
 */
const CHUNK = 8192;

/**
 * The first (and, for RMA, only) pass over one image-class slice: validates every value,
 * accumulates μ = Σp in index order and, for the values at or above a floor, a value histogram
 * (count and Σp per bin). Values below the floor form the "lump", known by its count and sum
 * only (d − binned, μ − binned sum). The memory is two BINS-long arrays, plus, when asked, the
 * indices of the binned pixels up to a limit.
 *
 * Cost per value: a load, the validation compares and one float64 add; binned values also update
 * their bin, except the top bin (confident interiors: the common case of a large class), which
 * is accumulated in registers. Bin sums are added in index order, as a plain loop would.
 *
 * The pruning test "max p > pruningProb" is answered from the bins ({@link SliceHistogram.exceeds});
 * only when the maximum falls in pruningProb's own bin is that bin's maximum looked up.
 *
 * @example
 * const hist = new SliceHistogram();
 * const data = new Float32Array([0.1, 0.9, 0.4]);
 * hist.scan(data, 0, 3, 0.25, 0); // true
 * // hist.sum ≈ 1.4, hist.binned = 2 (0.9 and 0.4); hist.exceeds(data, 0, 0.5) = true
 */
export class SliceHistogram {
  /** Pixels per bin, for bins ≥ floorBin. */
  readonly counts = new Int32Array(BINS);
  /** Σp per bin, for bins ≥ floorBin. */
  readonly sums = new Float64Array(BINS);
  /** First filled bin: values below floorBin / BINS are the lump. */
  floorBin = 0;
  /** Slice length d of the last scan. */
  length = 0;
  /** μ = Σp over the whole slice, in index order (fields holding fractions start as doubles). */
  sum = Number.NaN;
  /** Values at or above the floor, and their Σp. */
  binned = 0;
  binnedSum = Number.NaN;
  /** Absolute index of the first value that is not a probability (NaN, ±∞, outside [0, 1]), or −1. */
  invalidAt = -1;
  /**
   * Slice indices of the binned pixels, increasing, when `keptValid` (`binned` of them, no more
   * than the scan's limit); the output pass reads them instead of the slice.
   */
  kept: Int32Array = new Int32Array(0);
  keptValid = false;
  private readonly acc = new Float64Array(4);

  /**
   * Reads `data[offset, offset + length)`. Values ≥ `floor` rounded down to a bin edge are
   * binned; the indices of up to `keep` of them are kept. Returns false, with `invalidAt` set, at
   * the first value that is not a probability. O(length + BINS).
   */
  scan(data: FloatArray, offset: number, length: number, floor: number, keep: number): boolean {
    const k0 = Math.max(0, Math.min(BINS - 1, Math.floor(floor * BINS)));
    this.floorBin = k0;
    this.length = length;
    this.counts.fill(0, k0);
    this.sums.fill(0, k0);
    const acc = this.acc;
    acc.fill(0);
    const lo = k0 / BINS;
    const end = offset + length;
    this.invalidAt = -1;
    const room = Math.min(length, keep);
    if (this.kept.length < room) this.kept = new Int32Array(room);
    const kept = room > 0 ? this.kept : EMPTY;
    for (let start = offset; start < end; start += CHUNK) {
      const stop = Math.min(end, start + CHUNK);
      const bad = scanChunk(data, start, stop, offset, lo, this.counts, this.sums, kept, acc);
      if (bad >= 0) {
        this.invalidAt = bad;
        return false;
      }
    }
    this.sum = acc[0]!;
    this.keptValid = room > 0 && acc[3]! <= kept.length;
    this.counts[BINS - 1] = this.counts[BINS - 1]! + acc[1]!;
    this.sums[BINS - 1] = this.sums[BINS - 1]! + acc[2]!;
    let binned = 0;
    let binnedSum = 0;
    for (let k = k0; k < BINS; k++) {
      binned += this.counts[k]!;
      binnedSum += this.sums[k]!;
    }
    this.binned = binned;
    this.binnedSum = binnedSum;
    return true;
  }

  /**
   * Whether the largest p of the slice just scanned (`data` from `offset`) exceeds
   * `pruningProb`: true if a bin above pruningProb's bin holds a pixel; false if neither those
   * nor its own bin do (and the floor lies at or below it); if only its own bin does, that bin's
   * largest value is looked up (one more pass, rare: the maximum lies within 1/BINS of the
   * threshold). Null when the pixels that would tell lie below the floor (scan with a lower one).
   */
  exceeds(data: FloatArray, offset: number, pruningProb: number): boolean | null {
    const k = Math.min(BINS - 1, Math.floor(pruningProb * BINS));
    for (let j = BINS - 1; j > k && j >= this.floorBin; j--) if (this.counts[j]! > 0) return true;
    if (k < this.floorBin) return null;
    if (this.counts[k] === 0) return false;
    const lo = k / BINS;
    for (let i = offset, end = offset + this.length; i < end; i++) {
      const p = data[i]!;
      if (p > pruningProb && p >= lo) return true;
    }
    return false;
  }
}

const EMPTY = new Int32Array(0);

/**
 * One chunk of {@link SliceHistogram.scan}; acc = [Σp, top-bin count, top-bin Σp, binned
 * pixels], carried across chunks so that every sum keeps index order. Returns the first invalid
 * index, or −1.
 */
function scanChunk(
  data: FloatArray,
  start: number,
  end: number,
  offset: number,
  lo: number,
  counts: Int32Array,
  sums: Float64Array,
  kept: Int32Array,
  acc: Float64Array,
): number {
  let total = acc[0]!;
  let topCount = acc[1]!;
  let topSum = acc[2]!;
  let n = acc[3]!;
  const room = kept.length;
  const bins = BINS; // locals: module bindings are re-checked on every access in a loop
  const top = TOP_EDGE;
  let bad = -1;
  for (let i = start; i < end; i++) {
    const p = data[i]!;
    total += p;
    if (p < lo) {
      if (!(p >= 0)) {
        bad = i;
        break;
      }
      continue;
    }
    // `!(p <= 1)` also catches NaN, which fails every comparison.
    if (!(p <= 1)) {
      bad = i;
      break;
    }
    if (n < room) kept[n] = i - offset;
    n++;
    if (p >= top) {
      topCount++;
      topSum += p;
      continue;
    }
    // p·BINS is exact (BINS is a power of two), so truncation is the exact floor.
    const k = (p * bins) | 0;
    counts[k]!++;
    sums[k]! += p;
  }
  acc[0] = total;
  acc[1] = topCount;
  acc[2] = topSum;
  acc[3] = n;
  return bad;
}
