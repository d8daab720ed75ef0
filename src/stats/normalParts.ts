/**
 * Building blocks of the standard normal functions, shared by `normal.ts` and the refined normal
 * so that one `Math.exp` serves both Φ and φ at the same point. Internal to the library.
 *
 * The rational approximations are W. J. Cody's for the normal integral (Cody 1969, "Rational
 * Chebyshev approximations for the error function", Math. Comp. 23; the coefficients of his
 * ANORM routine, ACM TOMS Algorithm 715, 1993), good to about 1e-18 relative before rounding.
 * The coefficients are written as the float64 values of Cody's 20-digit constants (shortest
 * round-trip form). The evaluation is ours: Horner forms written out, and exp(−x²/2) computed
 * from an exact split of x² instead of Cody's two-exponential trick.
 *
 * @module
 */

/** 1/√(2π). */
export const INV_SQRT_2PI = 0.3989422804014327;

/** √(2π). */
export const SQRT_2PI = 2.5066282746310007;

/** Cody's first break point: |x| ≤ 0.66291 uses Φ(x) − ½ = x·R(x²) (Φ(0.66291) ≈ 0.746). */
export const NORMAL_CENTRAL_LIMIT = 0.66291;

/** Cody's second break point √32: beyond it the tail uses an asymptotic rational in 1/x². */
const ASYMPTOTIC_LIMIT = 5.656854249492381;

/** exp(−x²/2) underflows to 0 beyond |x| ≈ 38.6; past 40 every tail quantity is exactly 0. */
export const NORMAL_ZERO_TAIL = 40;

/** Veltkamp splitter 2^27 + 1: splits a float64 into two halves of at most 26 bits each. */
const SPLITTER = 134217729;

/**
 * exp(−x²/2) to about 2 ulp for |x| ≤ 40 (0 beyond). Rounding x² alone would cost a relative
 * error of x²·2^-53 (1.8e-13 at x = 38), so x² is split exactly into hi + lo (Dekker's product)
 * and exp(−lo/2) ≈ 1 − lo/2 is applied as a factor (|lo| ≤ ulp(hi)/2, so the dropped term is
 * below 1e-26).
 *
 * @example
 * expNegHalfSquare(1); // 0.6065306597126334
 */
export function expNegHalfSquare(x: number): number {
  const y = Math.abs(x);
  if (y > NORMAL_ZERO_TAIL) return 0;
  const hi = y * y;
  const c = SPLITTER * y;
  const yh = c - (c - y);
  const yl = y - yh;
  // Exact: each partial product of the 26-bit halves fits in 53 bits.
  const lo = yh * yh - hi + 2 * yh * yl + yl * yl;
  return Math.exp(-0.5 * hi) * (1 - 0.5 * lo);
}

/**
 * Φ(x) − ½ for |x| ≤ {@link NORMAL_CENTRAL_LIMIT}, with full relative accuracy (no ½ added, so
 * tiny offsets keep their digits). Cody's first rational, degree (4, 4) in x².
 *
 * @example
 * normalCentralOffset(0.5); // 0.19146246127401306
 */
export function normalCentralOffset(x: number): number {
  const s = x * x;
  const num =
    (((0.06568233791820745 * s + 2.2352520354606837) * s + 161.02823106855587) * s + 1067.6894854603709) * s +
    18154.98125334356;
  const den =
    (((s + 47.202581904688245) * s + 976.0985517377767) * s + 10260.932208618979) * s + 45507.78933502673;
  return (x * num) / den;
}

/**
 * The Mills-type factor R(y) = Q(y)/exp(−y²/2), Q(y) = 1 − Φ(y), for y > {@link
 * NORMAL_CENTRAL_LIMIT}: Q(y) = {@link expNegHalfSquare}(y)·R(y) with full relative accuracy.
 * Cody's second rational (degree 8/8 in y) up to √32, his asymptotic one in 1/y² beyond.
 *
 * @example
 * expNegHalfSquare(3) * normalTailRatio(3); // 1 − Φ(3) = 0.0013498980316300946
 */
export function normalTailRatio(y: number): number {
  if (y <= ASYMPTOTIC_LIMIT) {
    const num =
      (((((((1.0765576773720192e-8 * y + 0.39894151208813466) * y + 8.883149794388377) * y +
        93.50665613217785) *
        y +
        597.2702763948002) *
        y +
        2494.5375852903726) *
        y +
        6848.190450536283) *
        y +
        11602.65143764735) *
        y +
      9842.714838383978;
    const den =
      (((((((y + 22.266688044328117) * y + 235.387901782625) * y + 1519.3775994075547) * y +
        6485.558298266761) *
        y +
        18615.571640885097) *
        y +
        34900.95272114598) *
        y +
        38912.00328609327) *
        y +
      19685.429676859992;
    return num / den;
  }
  // Q(y)·e^{y²/2} = (1/√(2π) − s·P(s)/Q(s))/y with s = 1/y²: the asymptotic series, rationalized.
  const s = 1 / (y * y);
  const num =
    ((((0.023073441764940174 * s + 0.215898534057957) * s + 0.12740116116024736) * s + 0.022235277870649807) *
      s +
      0.0014216191932278934) *
      s +
    2.9112874951168793e-5;
  const den =
    ((((s + 1.284260096144911) * s + 0.4682382124808651) * s + 0.06598813786892856) * s +
      0.0037823963320275824) *
      s +
    7.297515550839662e-5;
  return (INV_SQRT_2PI - (s * num) / den) / y;
}

/**
 * Q(y) = 1 − Φ(y) = Φ(−y) for y ≥ 0 with full relative accuracy (0 beyond y ≈ 38.5, where it
 * underflows).
 *
 * @example
 * normalUpperTail(10); // 7.619853024160527e-24
 */
export function normalUpperTail(y: number): number {
  if (y <= NORMAL_CENTRAL_LIMIT) return 0.5 - normalCentralOffset(y);
  if (y > NORMAL_ZERO_TAIL) return 0;
  return expNegHalfSquare(y) * normalTailRatio(y);
}
