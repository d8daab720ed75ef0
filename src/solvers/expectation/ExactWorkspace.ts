import { KEPT_LIMIT } from '../../kernels/SliceHistogram';
import { MAX_CUMULANT_ORDER } from './bernoulliCumulants';
import { boundedValue } from './budget';
import { FoldSums } from './foldedPmf';
import { PmfScratch } from './pmfTierScores';
import { PowerSums } from './powerSums';
import { HISTOGRAM_BINS } from './probabilityHistogram';
import { TinyWorkspace } from './TinyWorkspace';

/**
 * Scratch storage of the exact solver, reused across slices so that a solve allocates nothing
 * in the common case (buffers only grow). Not shared between concurrent solves (JavaScript
 * runs one at a time; each solve finishes before it returns).
 */
export class ExactWorkspace {
  /** count, Σp, Σp(1 − p) per histogram bin. */
  readonly hist = new Float64Array(3 * HISTOGRAM_BINS);
  /** Band values (sorted descending once collected). */
  band = new Float64Array(4096);
  /** Scratch of sortDescending. */
  sortScratch = new Float64Array(4096);
  /** Body values for the pmf path. */
  body = new Float64Array(0);
  /** A second body (the complement of a mask). */
  body2 = new Float64Array(0);
  readonly head = new PowerSums();
  readonly tail = new PowerSums();
  readonly bandTotal = new PowerSums();
  readonly prefix = new PowerSums();
  readonly setA = new PowerSums();
  readonly setB = new PowerSums();
  readonly kappa = new Float64Array(MAX_CUMULANT_ORDER + 2);
  readonly kappaA = new Float64Array(MAX_CUMULANT_ORDER + 2);
  readonly moments = new Float64Array(MAX_CUMULANT_ORDER + 2);
  readonly momentsB = new Float64Array(MAX_CUMULANT_ORDER + 2);
  readonly kappaMag = new Float64Array(MAX_CUMULANT_ORDER + 2);
  readonly kappaAMag = new Float64Array(MAX_CUMULANT_ORDER + 2);
  readonly momentsMag = new Float64Array(MAX_CUMULANT_ORDER + 2);
  readonly momentsBMag = new Float64Array(MAX_CUMULANT_ORDER + 2);
  /** Power sums whose W bounds |W| and |V| of a difference of sets (IoU's complement). */
  readonly magnitude = new PowerSums();
  candidates = new Int32Array(256);
  values = new Float64Array(256);
  readonly fold = new FoldSums();
  readonly fold2 = new FoldSums();
  readonly pmf = new PmfScratch();
  readonly pmf2 = new PmfScratch();
  readonly result = boundedValue();
  /** Buffers of the short-slice route (solveTiny). */
  readonly tiny = new TinyWorkspace();
  /**
   * Slice indices of every pixel the last solveHistogrammed could select (head and band, or the
   * pmf route's body), in order, when `keptValid` (at most KEPT_LIMIT of them): `keptCount`.
   */
  kept = new Int32Array(0);
  keptCount = 0;
  keptValid = false;

  /** Index list capacity ≥ n. */
  ensureKept(n: number): Int32Array {
    if (this.kept.length < n)
      this.kept = new Int32Array(Math.max(n, Math.min(2 * this.kept.length, KEPT_LIMIT)));
    return this.kept;
  }

  /** Band capacity ≥ n. */
  ensureBand(n: number): void {
    if (this.band.length < n) this.band = new Float64Array(Math.max(n, 2 * this.band.length));
  }

  /** Sort scratch capacity ≥ n. */
  ensureSortScratch(n: number): Float64Array {
    if (this.sortScratch.length < n)
      this.sortScratch = new Float64Array(Math.max(n, 2 * this.sortScratch.length));
    return this.sortScratch;
  }

  /** Candidate capacity ≥ n (values too). */
  ensureCandidates(n: number): void {
    if (this.candidates.length >= n) return;
    const size = Math.max(n, 2 * this.candidates.length);
    this.candidates = new Int32Array(size);
    this.values = new Float64Array(size);
  }

  /** Body capacity ≥ n (and the second body's too when `both`). */
  ensureBody(n: number, both = false): void {
    if (this.body.length < n) this.body = new Float64Array(n);
    if (both && this.body2.length < n) this.body2 = new Float64Array(n);
  }
}

let shared: ExactWorkspace | undefined;

/** The module's lazily created workspace. */
export function sharedExactWorkspace(): ExactWorkspace {
  shared ??= new ExactWorkspace();
  return shared;
}
