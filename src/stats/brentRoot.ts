/** Outcome of {@link brentRoot}. */
export interface BrentResult {
  /** The last estimate of the root. */
  root: number;
  /** Function evaluations spent, the two bracket ends included. */
  evaluations: number;
  /** False when `maxIterations` ran out before the bracket shrank below the tolerance. */
  converged: boolean;
}

/**
 * Finds a zero of f in [a, b] by Brent's method (Brent 1973, ch. 4): inverse quadratic or
 * secant steps while they shrink the bracket fast enough, bisection otherwise, so it never needs
 * more than about (bisection steps)² evaluations and usually needs 10–40.
 *
 * The step rules are the ones SciPy's `brentq` uses (its C routine by C. Harris: the bracket end
 * is kept in a separate "blk" slot, extrapolation uses divided differences, a step is accepted
 * when 2|s| < min(|previous step|, 3|half bracket| − δ)), evaluated in the same order. That
 * matters when f has several zeros in [a, b]: which one is found depends on the path, and
 * `refinedNormalQuantile` must find the same one as SciPy. Stops when f(x) = 0 or the bracket
 * half-width is below δ = (xtol + rtol·|x|)/2.
 *
 * @param f - Function to solve; called once per iteration.
 * @param a - One bracket end.
 * @param b - Other bracket end; f(a) and f(b) must not have the same strict sign.
 * @param xtol - Absolute tolerance, > 0 (SciPy's default 2e-12; `rv_continuous` uses 1e-14).
 * @param rtol - Relative tolerance (SciPy's default and minimum 4·2^-52).
 * @param maxIterations - Iteration cap (SciPy's default 100).
 * @returns The root estimate, the evaluation count, and whether it converged; `root` is NaN
 *   when f(a) and f(b) have the same strict sign (SciPy raises there).
 * @example
 * brentRoot((x) => x * x - 2, 0, 2).root; // 1.4142135623731364 (√2 within xtol = 2e-12)
 */
export function brentRoot(
  f: (x: number) => number,
  a: number,
  b: number,
  xtol = 2e-12,
  rtol = 8.881784197001252e-16,
  maxIterations = 100,
): BrentResult {
  // x: current estimate (|f(x)| smallest so far), w: previous estimate, v: the other end of the
  // bracket (f(v) has the opposite sign of f(x)).
  let w = a;
  let fw = f(a);
  let x = b;
  let fx = f(b);
  let evaluations = 2;
  if (fw * fx > 0) return { root: Number.NaN, evaluations, converged: false };
  if (fw === 0) return { root: w, evaluations, converged: true };
  if (fx === 0) return { root: x, evaluations, converged: true };
  let v = 0;
  let fv = 0;
  let stepBefore = 0; // the step taken two iterations ago (or the bracket width after a reset)
  let step = 0; // the last step taken
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (fw * fx < 0) {
      // The sign changed between w and x: w becomes the far bracket end, steps reset.
      v = w;
      fv = fw;
      stepBefore = step = x - w;
    }
    if (Math.abs(fv) < Math.abs(fx)) {
      // Keep the best point in x: rotate x → w, v → x, and the old x becomes the bracket end.
      w = x;
      x = v;
      v = w;
      fw = fx;
      fx = fv;
      fv = fw;
    }
    const delta = (xtol + rtol * Math.abs(x)) / 2;
    const half = (v - x) / 2;
    if (fx === 0 || Math.abs(half) < delta) return { root: x, evaluations, converged: true };
    let trial = half;
    if (Math.abs(stepBefore) > delta && Math.abs(fx) < Math.abs(fw)) {
      let candidate: number;
      if (w === v) {
        // Only two distinct points: secant.
        candidate = (-fx * (x - w)) / (fx - fw);
      } else {
        // Three points: inverse quadratic through divided differences.
        const dw = (fw - fx) / (w - x);
        const dv = (fv - fx) / (v - x);
        candidate = (-fx * (fv * dv - fw * dw)) / (dv * dw * (fv - fw));
      }
      // Accept a short step only: below half the step before last and well inside the bracket.
      if (2 * Math.abs(candidate) < Math.min(Math.abs(stepBefore), 3 * Math.abs(half) - delta)) {
        stepBefore = step;
        trial = candidate;
      } else {
        stepBefore = half;
      }
    } else {
      stepBefore = half;
    }
    step = trial;
    w = x;
    fw = fx;
    // Never step by less than δ, so the bracket always shrinks.
    x += Math.abs(step) > delta ? step : half > 0 ? delta : -delta;
    fx = f(x);
    evaluations++;
  }
  return { root: x, evaluations, converged: false };
}
