import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf, normalQuantile } from '../../src/stats/normal';

/** |a − b| / |b|. */
function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/**
 * Φ(x) computed with mpmath 1.2.1 at 40 significant digits (`mp.ncdf(x)`, x the float64 shown),
 * printed to 20 digits.
 */
const PHI: [number, number][] = [
  [-37.5, Number('4.6053530095819548438e-308')],
  [-37, Number('5.7255712225245768227e-300')],
  [-30, Number('4.9067139271481870595e-198')],
  [-20, Number('2.7536241186062336951e-89')],
  [-12.5, Number('3.7325642988777133772e-36')],
  [-10, Number('7.619853024160526066e-24')],
  [-8, Number('6.2209605742717841235e-16')],
  [-6, Number('9.865876450376981407e-10')],
  [-5.656854249492381, Number('7.7086289501399920655e-9')],
  [-5.6, Number('1.071759025831092932e-8')],
  [-5, Number('2.8665157187919391167e-7')],
  [-4, Number('3.1671241833119921254e-5')],
  [-3, Number('1.3498980316300945267e-3')],
  [-2.5, Number('6.209665325776135167e-3')],
  [-2, Number('2.27501319481792072e-2')],
  [-1.5, Number('6.6807201268858066004e-2')],
  [-1, Number('1.5865525393145705141e-1')],
  [-0.7, Number('2.4196365222307302862e-1')],
  [-0.66291, Number('2.5369409838973993983e-1')],
  [-0.5, Number('3.0853753872598689636e-1')],
  [-0.25, Number('4.0129367431707627576e-1')],
  [-0.1, Number('4.6017216272297101633e-1')],
  [-1e-5, Number('4.9999601057719605216e-1')],
  [-1e-10, Number('4.9999999996010577196e-1')],
  [0, 0.5],
  [1e-10, Number('5.0000000003989422804e-1')],
  [0.1, Number('5.3982783727702898367e-1')],
  [0.5, Number('6.9146246127401310364e-1')],
  [0.66291, Number('7.4630590161026006017e-1')],
  [1, Number('8.4134474606854294859e-1')],
  [2, Number('9.772498680518207928e-1')],
  [3, Number('9.9865010196836990547e-1')],
  [5, Number('9.9999971334842812081e-1')],
  [8, Number('9.999999999999993779e-1')],
];

/** φ(x) from mpmath 1.2.1 (`mp.npdf`, 50 digits), printed to 20 digits. */
const PDF: [number, number][] = [
  [0, Number('0.39894228040143267794')],
  [1, Number('0.2419707245191433498')],
  [-2.5, Number('0.017528300493568537362')],
  [10, Number('7.6945986267064193463e-23')],
];

/**
 * Φ⁻¹(p) for the float64 p shown, from mpmath 1.2.1 (Newton on log Φ at 50 digits), printed to
 * 20 digits.
 */
const QUANTILE: [number, number][] = [
  [1e-310, -Number('37.663060331949523732')],
  [1e-300, -Number('37.047096299361199237')],
  [1e-20, -Number('9.2623400897984075796')],
  [1e-10, -Number('6.3613409024040561991')],
  [0.025, -Number('1.9599639845400542118')],
  [0.3, -Number('0.52440051270804081597')],
  [0.499999999999, -Number('2.5065728237018604669e-12')],
  [0.75, Number('0.6744897501960817432')],
  [0.975, Number('1.9599639845400538556')],
  [0.9999999999, Number('6.3613408896974218642')],
  [0.9999999999999999, Number('8.2095361516013868556')],
];

describe('normalCdf', () => {
  it('matches 40-digit values to 1e-15 relative from the far left tail to the right', () => {
    for (const [x, expected] of PHI) {
      expect(relativeError(normalCdf(x), expected), `x = ${x}`).toBeLessThan(1e-15);
    }
  });

  it('keeps full relative accuracy in the left tail where 1 − Φ(−x) would round to 0', () => {
    // Φ(−10) = 7.6e-24 is far below ulp(1) = 2.2e-16.
    expect(normalCdf(-10)).toBeGreaterThan(7.6198530241605e-24);
    expect(normalCdf(-10)).toBeLessThan(7.6198530241606e-24);
  });

  it('satisfies Φ(−x) = 1 − Φ(x) within one rounding of a number near 1', () => {
    for (let x = 0; x <= 40; x += 0.0137) {
      expect(Math.abs(normalCdf(-x) - (1 - normalCdf(x))), `x = ${x}`).toBeLessThanOrEqual(2 ** -53);
    }
  });

  it('is nondecreasing on a fine grid across every approximation break point', () => {
    let previous = 0;
    for (let x = -39; x <= 9; x += 0.001) {
      const value = normalCdf(x);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
  });

  it('equals the integral of φ between two points (composite Simpson, 20000 panels)', () => {
    const simpson = (a: number, b: number): number => {
      const n = 20000;
      const h = (b - a) / n;
      let sum = normalPdf(a) + normalPdf(b);
      for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * normalPdf(a + i * h);
      return (sum * h) / 3;
    };
    for (const [a, b] of [
      [-3, 1.5],
      [-0.5, 0.5],
      [0.2, 6],
      [-12, -10],
      [-36, -34],
    ] as const) {
      const exact = normalCdf(b) - normalCdf(a);
      expect(relativeError(simpson(a, b), exact), `[${a}, ${b}]`).toBeLessThan(1e-12);
    }
  });

  it('gives 0, 1 and NaN at the ends and for NaN', () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(-41)).toBe(0);
    expect(normalCdf(9)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
    // Subnormal but not 0: Φ(−38.4) ≈ 6.6e-323.
    expect(normalCdf(-38.4)).toBeGreaterThan(6e-323);
    expect(normalCdf(-38.4)).toBeLessThan(7e-323);
  });
});

describe('normalPdf', () => {
  it('matches 50-digit values to 1e-15 relative', () => {
    for (const [x, expected] of PDF) {
      expect(relativeError(normalPdf(x), expected), `x = ${x}`).toBeLessThan(1e-15);
    }
  });

  it('is even and 0 beyond |x| = 40, NaN for NaN', () => {
    for (const x of [0.3, 2, 17.25, 37.9]) expect(normalPdf(-x)).toBe(normalPdf(x));
    expect(normalPdf(40.5)).toBe(0);
    expect(normalPdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalPdf(Number.NaN)).toBeNaN();
  });

  it('keeps 1e-15 relative accuracy in the far tail, where rounding x² alone costs ~2.6e-14', () => {
    // mpmath 1.2.1 `mp.npdf` at 50 digits; exp(−x*x/2)/√(2π) in float64 is off by 2.6e-14 at
    // x = 37.3 and 30.7, 4.8e-15 at 20.1.
    for (const [x, expected] of [
      [37.3, Number('3.0628462906956674673e-303')],
      [-30.7, Number('8.7459490160240639233e-206')],
      [20.1, Number('7.4345253896803121557e-89')],
    ] as const) {
      expect(relativeError(normalPdf(x), expected), `x = ${x}`).toBeLessThan(1e-15);
    }
  });
});

describe('normalQuantile', () => {
  it('matches 50-digit quantiles to 1e-15 relative, including subnormal p and p near ½', () => {
    for (const [p, expected] of QUANTILE) {
      expect(relativeError(normalQuantile(p), expected), `p = ${p}`).toBeLessThan(1e-15);
    }
  });

  it('inverts Φ: Φ⁻¹(Φ(x)) = x up to the rounding of Φ(x) itself, from x = −37.5 to 8', () => {
    // Rounding Φ(x) to float64 moves it by up to 2^-53·Φ(x), i.e. x by 2^-53·Φ(x)/φ(x); that is
    // 2^-53/|x| in the left tail but large near 0 (x ≈ 0) and for x > 0 (Φ near 1).
    for (let x = -37.5; x <= 8; x += 0.0173) {
      const tolerance = 2e-15 * Math.abs(x) + (2 ** -52 * normalCdf(x)) / normalPdf(x);
      expect(Math.abs(normalQuantile(normalCdf(x)) - x), `x = ${x}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('satisfies Φ(Φ⁻¹(p)) = p for p ≤ ½ on a log grid down to 1e-307, up to one ulp of x', () => {
    // One ulp of x (2^-52·|x|) changes Φ by a relative (φ/Φ)·2^-52·|x| ≈ 2^-52·x² in the tail.
    for (let e = -307; e <= Math.log10(0.5); e += 0.37) {
      const p = 10 ** e;
      const x = normalQuantile(p);
      const tolerance = 2e-15 + 2 ** -51 * x * x;
      expect(relativeError(normalCdf(x), p), `p = ${p}`).toBeLessThan(tolerance);
    }
  });

  it('is antisymmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p) when 1 − p is exact', () => {
    for (const p of [0.5, 0.375, 0.25, 0.125, 2 ** -10, 2 ** -30]) {
      expect(normalQuantile(1 - p) + normalQuantile(p)).toBe(0);
    }
  });

  it('returns 0 at ½, ∓Infinity at 0 and 1, NaN outside [0, 1] and for NaN', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
    // The smallest positive float64 still has a finite quantile.
    expect(normalQuantile(Number.MIN_VALUE)).toBeCloseTo(-38.4674056, 6);
  });
});
