import { beforeAll, describe, expect, it } from 'vitest';
import { THRESHOLDS } from '../../../src/cli/simulate/simulationScores';
import { example1Probs, example2Probs } from '../../../src/cli/simulate/simulations';
import { ensureBuilt, expectUsageError, type Run, rankseg } from '../../helpers/cli';

const KEYS = ['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9'];

interface SimJson {
  example1: { base: number; width: number; rankseg: number; threshold: Record<string, number> }[];
  example2: { images: number; rankseg: number; threshold: Record<string, number> };
  monteCarlo?: {
    draws: number;
    seed: number;
    example1: {
      base: number;
      width: number;
      rankseg: { mean: number; se: number };
      threshold: Record<string, { mean: number; se: number }>;
    }[];
    example2: {
      images: number;
      rankseg: { mean: number; se: number };
      threshold: Record<string, { mean: number; se: number }>;
    };
  };
}

/** The paper's Example 1 settings (the defaults) with 200 images in Example 2, run once. */
let full: SimJson;
let linear: SimJson;
let step: SimJson;
let table: Run;

const simulate = (args: string[]) => rankseg(['simulate', ...args], process.cwd());
async function simJson(args: string[]): Promise<SimJson> {
  const run = await simulate([...args, '--json']);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as SimJson;
}

/**
 * Exact expected Dice of mask `a` by enumerating all 2^d labelings (0/0 counted as 0): the
 * independent oracle for tiny grids.
 */
function enumeratedDice(p: Float64Array, a: readonly number[]): number {
  const d = p.length;
  let total = 0;
  for (let y = 0; y < 1 << d; y++) {
    let prob = 1;
    let inter = 0;
    let labels = 0;
    let size = 0;
    for (let i = 0; i < d; i++) {
      const yi = (y >> i) & 1;
      prob *= yi ? p[i]! : 1 - p[i]!;
      labels += yi;
      size += a[i]!;
      inter += yi & a[i]!;
    }
    if (size + labels > 0) total += (prob * 2 * inter) / (size + labels);
  }
  return total;
}

/** Pixels of equal probability: p and how many, p descending. */
interface Group {
  p: number;
  count: number;
}

/** The groups of a probability map (any pattern), p descending. */
function groupsOf(probs: Float64Array): Group[] {
  const counts = new Map<number, number>();
  for (const p of probs) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, count]) => ({ p, count })).sort((a, b) => b.p - a.p);
}

/**
 * The groups of the authors' Example 1 grids from their formulas, not from `example1Probs`:
 * p depends on k = i + j only (i, j = 0…w−1), and k is hit by min(k, 2w − 2 − k) + 1 cells.
 */
function diagonalGroups(width: number, pOf: (k: number) => number): Group[] {
  const byP = new Map<number, number>();
  for (let k = 0; k <= 2 * width - 2; k++) {
    const p = pOf(k);
    byP.set(p, (byP.get(p) ?? 0) + Math.min(k, 2 * width - 2 - k) + 1);
  }
  return [...byP].map(([p, count]) => ({ p, count })).sort((a, b) => b.p - a.p);
}

/** A pmf on [lo, hi] (entries outside are 0). */
interface Pmf {
  values: Float64Array;
  lo: number;
  hi: number;
}

// trimmed tail entries: at most d·1e-30 of mass in all, far below the 1e-9 the test asks
const NEGLIGIBLE = 1e-30;

/**
 * The Poisson-binomial pmf of Γ = Σ Y_i, Y_i ~ Bernoulli(p_i), by the textbook recursion
 * P'(n) = P(n)(1 − p) + P(n − 1)p, one pixel at a time, trimming tails below 1e-30. O(d · width
 * of the support).
 */
function poissonBinomial(groups: readonly Group[]): Pmf {
  const d = groups.reduce((s, g) => s + g.count, 0);
  const values = new Float64Array(d + 2);
  values[0] = 1;
  let lo = 0;
  let hi = 0;
  for (const { p, count } of groups) {
    for (let r = 0; r < count; r++) {
      hi += 1;
      for (let n = hi; n > lo; n--) values[n] = values[n]! * (1 - p) + values[n - 1]! * p;
      values[lo] = values[lo]! * (1 - p);
      while (lo < hi && values[lo]! < NEGLIGIBLE) values[lo++] = 0;
      while (hi > lo && values[hi]! < NEGLIGIBLE) values[hi--] = 0;
    }
  }
  return { values, lo, hi };
}

/** The pmf of Γ − Y_j for one pixel j of probability p, by deconvolution (the stable direction). */
function withoutOne(pmf: Pmf, p: number): Pmf {
  const out = new Float64Array(pmf.values.length);
  const { values, lo, hi } = pmf;
  if (p <= 0.5) {
    // P(n) = Q(n)(1 − p) + Q(n − 1)p, solved upwards: the error shrinks by p/(1 − p) ≤ 1 a step
    let previous = 0;
    for (let n = lo; n <= hi; n++) previous = out[n] = (values[n]! - p * previous) / (1 - p);
  } else {
    let next = 0;
    for (let n = hi - 1; n >= Math.max(0, lo - 1); n--) next = out[n] = (values[n + 1]! - (1 - p) * next) / p;
  }
  return { values: out, lo: Math.max(0, lo - 1), hi };
}

/** Σ_n P(n)/(a + n): E[1/(a + X)]. */
function reciprocalMean(pmf: Pmf, a: number): number {
  let s = 0;
  for (let n = pmf.lo; n <= pmf.hi; n++) s += pmf.values[n]! / (a + n);
  return s;
}

/**
 * Exact expected Dice of the top-τ masks of a grid given by its groups:
 * D(τ) = Σ_{j ≤ τ} 2 p_j E[1/(τ + 1 + Γ₋ⱼ)], Γ₋ⱼ = Γ − Y_j (pixels of a group share Γ₋ⱼ).
 * Returns `dice(τ)` and the volume that {p > t} selects.
 */
function topMaskDice(groups: readonly Group[]) {
  const gamma = poissonBinomial(groups);
  const without = groups.map((g) => withoutOne(gamma, g.p));
  const dice = (tau: number): number => {
    let total = 0;
    let left = tau;
    for (let g = 0; g < groups.length && left > 0; g++) {
      const taken = Math.min(left, groups[g]!.count);
      total += taken * 2 * groups[g]!.p * reciprocalMean(without[g]!, tau + 1);
      left -= taken;
    }
    return total;
  };
  const volumeAbove = (t: number) => groups.reduce((s, g) => s + (g.p > t ? g.count : 0), 0);
  return { dice, volumeAbove, pixels: groups.reduce((s, g) => s + g.count, 0) };
}

/** Checks one `example1` row against the oracle: every threshold, and RankSEG as max over τ. */
function expectRowMatchesOracle(row: SimJson['example1'][number], groups: Group[], allTau: boolean): void {
  const oracle = topMaskDice(groups);
  for (const t of THRESHOLDS) {
    const expected = oracle.dice(oracle.volumeAbove(t));
    expect(
      Math.abs(row.threshold[String(t)]! - expected),
      `b=${row.base} w=${row.width} t=${t}`,
    ).toBeLessThan(1e-9);
  }
  if (!allTau) return;
  let best = 0;
  for (let tau = 1; tau <= oracle.pixels; tau++) best = Math.max(best, oracle.dice(tau));
  expect(Math.abs(row.rankseg - best), `b=${row.base} w=${row.width} RankSEG`).toBeLessThan(1e-9);
}

beforeAll(async () => {
  ensureBuilt();
  [full, linear, step, table] = await Promise.all([
    simJson(['--images', '200']),
    simJson(['--pattern', 'linear', '--widths', '28,64', '--images', '1']),
    simJson(['--pattern', 'step', '--widths', '28', '--images', '1', '--seed', '5']),
    simulate(['--widths', '28', '--images', '20']),
  ]);
}, 60_000);

describe('rankseg simulate --json', () => {
  it('prints exactly the keys {example1: [{base, width, rankseg, threshold}], example2: {images, rankseg, threshold}}', () => {
    expect(Object.keys(full)).toEqual(['example1', 'example2']);
    expect(full.example1.map((e) => [e.base, e.width])).toEqual(
      [1.01, 1.05, 1.1].flatMap((b) => [28, 64, 128, 256].map((w) => [b, w])),
    );
    for (const row of full.example1) {
      expect(Object.keys(row)).toEqual(['base', 'width', 'rankseg', 'threshold']);
      expect(Object.keys(row.threshold)).toEqual(KEYS);
    }
    expect(Object.keys(full.example2)).toEqual(['images', 'rankseg', 'threshold']);
    expect(full.example2.images).toBe(200);
    expect(Object.keys(full.example2.threshold)).toEqual(KEYS);
    // each pattern runs the values of b of the authors' script by default
    expect(linear.example1.map((e) => [e.base, e.width])).toEqual(
      [1, 2, 4].flatMap((b) => [28, 64].map((w) => [b, w])),
    );
    expect(step.example1.map((e) => e.base)).toEqual([0.1, 0.3, 0.5]);
  });

  it('RankSEG (exact) has expected Dice >= every threshold in every setting of every pattern', () => {
    // RankSEG maximizes expected Dice over all masks, threshold masks included; the values are
    // exact to ~1e-13, so a tie may show as a difference of that size
    const settings = [...full.example1, full.example2, ...linear.example1, ...step.example1];
    for (const s of settings) {
      for (const key of KEYS) {
        expect(s.rankseg, JSON.stringify(s)).toBeGreaterThanOrEqual(s.threshold[key]! - 1e-12);
      }
      expect(s.rankseg).toBeGreaterThan(0);
      expect(s.rankseg).toBeLessThanOrEqual(1);
    }
    // and strictly better than the best threshold somewhere (else the check would be vacuous)
    expect(settings.some((s) => s.rankseg > Math.max(...Object.values(s.threshold)) + 1e-3)).toBe(true);
  });

  it("Example 1 (exp) matches an independent Poisson-binomial computation on the authors' 0-based grid to 1e-9", () => {
    // the 12 settings of the paper; RankSEG's value (the best τ) is checked by scanning every τ
    // where that is cheap (w ≤ 64), the nine thresholds everywhere
    for (const row of full.example1) {
      const groups = diagonalGroups(row.width, (k) => row.base ** -k);
      expectRowMatchesOracle(row, groups, row.width <= 64);
    }
  });

  it('Example 1 (linear, step) matches the same independent computation to 1e-9', () => {
    for (const row of linear.example1) {
      const slope = (0.5 / row.width) * row.base;
      expectRowMatchesOracle(
        row,
        diagonalGroups(row.width, (k) => Math.max(0, 1 - slope * k)),
        true,
      );
    }
    for (const row of step.example1) {
      expectRowMatchesOracle(row, groupsOf(example1Probs(row.base, row.width, 'step', 5)), true);
    }
  });

  it('golden: b = 1.05, w = 28 on the 0-based grid gives RankSEG 0.549 and {p > 0.5} 0.4243 (the 1-based grid gave 0.517 and 0.3615)', () => {
    const row = full.example1.find((r) => r.base === 1.05 && r.width === 28)!;
    expect(row.rankseg).toBeCloseTo(0.549, 3);
    expect(row.threshold['0.5']).toBeCloseTo(0.4243, 4);
  });

  it('matches enumeration over all 2^9 labelings and all 2^9 masks on a 3×3 grid (golden)', async () => {
    const j = await simJson(['--bases', '1.5', '--widths', '3', '--images', '1']);
    const p = example1Probs(1.5, 3);
    const row = j.example1[0]!;
    for (const t of THRESHOLDS) {
      const mask = Array.from(p, (x) => (x > t ? 1 : 0));
      expect(row.threshold[String(t)]).toBeCloseTo(enumeratedDice(p, mask), 12);
    }
    let best = 0;
    for (let m = 0; m < 1 << 9; m++) {
      best = Math.max(
        best,
        enumeratedDice(
          p,
          Array.from({ length: 9 }, (_, i) => (m >> i) & 1),
        ),
      );
    }
    expect(row.rankseg).toBeCloseTo(best, 12);
  });

  it('Example 2 and the step pattern are seeded: the same seed gives the same means, another seed others', async () => {
    const args = ['--widths', '4', '--bases', '1.1', '--images', '15'];
    const [a, b, c] = await Promise.all([
      simJson([...args, '--seed', '3']),
      simJson([...args, '--seed', '3']),
      simJson([...args, '--seed', '4']),
    ]);
    expect(b.example2).toEqual(a.example2);
    expect(c.example2.rankseg).not.toBe(a.example2.rankseg);
    expect(a.example2.images).toBe(15);
    const stepArgs = ['--pattern', 'step', '--widths', '20', '--bases', '0.3', '--images', '1'];
    const [s1, s2, s3] = await Promise.all([
      simJson([...stepArgs, '--seed', '3']),
      simJson([...stepArgs, '--seed', '3']),
      simJson([...stepArgs, '--seed', '4']),
    ]);
    expect(s2.example1).toEqual(s1.example1);
    expect(s3.example1[0]!.rankseg).not.toBe(s1.example1[0]!.rankseg);
  });

  it('--monte-carlo adds seeded estimates that agree with the exact values within 4 standard errors', async () => {
    const args = ['--widths', '12', '--bases', '1.05', '--images', '10', '--monte-carlo', '400'];
    const [a, b] = await Promise.all([simJson(args), simJson(args)]);
    expect(b.monteCarlo).toEqual(a.monteCarlo);
    const mc = a.monteCarlo!;
    expect(mc.draws).toBe(400);
    const pairs = [
      [a.example1[0]!, mc.example1[0]!],
      [a.example2, mc.example2],
    ] as const;
    for (const [exact, estimate] of pairs) {
      expect(Math.abs(estimate.rankseg.mean - exact.rankseg)).toBeLessThan(4 * estimate.rankseg.se);
      for (const key of KEYS) {
        const e = estimate.threshold[key]!;
        // a threshold above every p selects nothing: Dice 0 on every draw, se 0
        expect(Math.abs(e.mean - exact.threshold[key]!)).toBeLessThanOrEqual(4 * e.se + 1e-15);
      }
    }
  });
});

describe('rankseg simulate: the table', () => {
  it('states the settings, 0-based indices and the solver, and prints one row per setting', () => {
    expect(table.code).toBe(0);
    const out = table.stdout;
    expect(out).toMatch(
      /Example 1, pattern exp: .*p\(i, j\) = b\^-\(i\+j\), i, j = 0…w-1 \(0-based: p\(0, 0\) = 1\)/,
    );
    expect(out).toMatch(/Example 2: 20 images of 64×64 \(seed 1\); per image rho ~ U\(0, 1\)/);
    expect(out).toMatch(/N\(0\.1, 0\.1²\) truncated to \[0\.1, 0\.2\]/);
    expect(out).toMatch(/RankSEG: the 'exact' solver/);
    const rows = out.split('\n').filter((l) => /^1\.(01|05|1) +28 /.test(l));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.split(/\s+/)).toHaveLength(2 + 1 + 9 + 2);
    expect(out).toMatch(/RankSEG >= every threshold on every image of every setting/);
  });

  it("--help gives the authors' defaults: 2000 images in Example 2, each pattern's values of b", async () => {
    const run = await simulate(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--images <n> +Example 2: number of images \(default: 2000\)/);
    expect(run.stdout).toMatch(/exp +p = b\^-\(i\+j\).*\n.*default b: 1\.01, 1\.05, 1\.1/);
    expect(run.stdout).toMatch(/default b: 1, 2, 4/);
    expect(run.stdout).toMatch(/default b: 0\.1, 0\.3, 0\.5/);
  });

  it.each([
    [['--bases', '1'], /--bases: 1 is out of range; expected numbers > 1 for --pattern exp/],
    [['--pattern', 'step', '--bases', '1.5'], /--bases: 1\.5 is out of range; expected numbers in \[0, 1\]/],
    [['--pattern', 'cubic'], /--pattern: unknown pattern 'cubic'; valid: exp, linear, step/],
    [['--widths', '2.5'], /--widths: 2\.5 is out of range/],
    [['--images', '0'], /--images must be >= 1; got 0/],
    [['--monte-carlo', '1'], /--monte-carlo must be >= 2 draws/],
  ])('%j is a one-line usage error, exit 2', async (args, reason) => {
    const run = await simulate(args);
    expectUsageError(run, reason);
  });
});

describe('the simulated probability maps', () => {
  it("Example 1 uses the authors' 0-based indices: p(0, 0) = 1 in the corner, p(w−1, w−1) = b^-2(w−1)", () => {
    expect(Array.from(example1Probs(2, 2))).toEqual([1, 1 / 2, 1 / 2, 1 / 4]);
    const p = example1Probs(1.05, 28);
    expect(p[0]).toBe(1);
    expect(p[28 * 28 - 1]).toBeCloseTo(1.05 ** -54, 15);
  });

  it('the linear pattern is 1 − (b/2w)(i + j), clipped at 0', () => {
    expect(Array.from(example1Probs(1, 2, 'linear'))).toEqual([1, 0.75, 0.75, 0.5]);
    const p = example1Probs(4, 8, 'linear'); // slope 1/4: zero from i + j = 4 on
    expect(p[0 * 8 + 3]).toBe(0.25);
    expect(p[1 * 8 + 3]).toBe(0);
    expect(p[7 * 8 + 7]).toBe(0);
    expect(() => example1Probs(0, 8, 'linear')).toThrow(RangeError);
  });

  it('the step pattern: a top-left ⌊0.1w⌋² block in [0.5, 1], the rest in [b, b + 0.1], seeded, shifted by b alone', () => {
    const w = 40; // block 4 × 4
    const p = example1Probs(0.3, w, 'step', 7);
    expect(example1Probs(0.3, w, 'step', 7)).toEqual(p);
    const q = example1Probs(0.5, w, 'step', 7);
    let background = 0;
    let count = 0;
    for (let i = 0; i < w; i++) {
      for (let j = 0; j < w; j++) {
        const v = p[i * w + j]!;
        if (i < 4 && j < 4) {
          expect(v).toBeGreaterThanOrEqual(0.5);
          expect(v).toBeLessThanOrEqual(1);
          expect(q[i * w + j]).toBe(v); // the block does not depend on b
        } else {
          expect(v).toBeGreaterThanOrEqual(0.3);
          expect(v).toBeLessThanOrEqual(0.4);
          expect(q[i * w + j]! - v).toBeCloseTo(0.2, 12);
          background += v;
          count++;
        }
      }
    }
    // N(b, 0.1²) truncated to [b, b + 0.1] has mean b + 0.1·(φ(0) − φ(1))/(Φ(1) − Φ(0)) ≈ b + 0.0460
    expect(background / count).toBeCloseTo(0.346, 2);
    expect(example1Probs(0.3, w, 'step', 8)).not.toEqual(p);
    // clipped to [0, 1] as the script does: b = 1 gives a background of ones (w = 5: no block)
    expect(example1Probs(1, 5, 'step').every((v) => v === 1)).toBe(true);
  });

  it('Example 2 has a top-left ⌊ρw⌋² block in [0.5, 1] and the rest in [0.1, 0.2], seeded', () => {
    const { probs, rho } = example2Probs(30, 16, 9);
    expect(example2Probs(30, 16, 9).probs).toEqual(probs);
    let background = 0;
    let count = 0;
    for (let b = 0; b < 30; b++) {
      const k = Math.floor(rho[b]! * 16);
      for (let r = 0; r < 16; r++) {
        for (let c = 0; c < 16; c++) {
          const p = probs[b * 256 + r * 16 + c]!;
          if (r < k && c < k) {
            expect(p).toBeGreaterThanOrEqual(0.5);
            expect(p).toBeLessThanOrEqual(1);
          } else {
            expect(p).toBeGreaterThanOrEqual(0.1);
            expect(p).toBeLessThanOrEqual(0.2);
            background += p;
            count++;
          }
        }
      }
    }
    // N(0.1, 0.1²) truncated to [0.1, 0.2] has mean 0.1 + 0.1·(φ(0) − φ(1))/(Φ(1) − Φ(0)) ≈ 0.1460
    expect(background / count).toBeCloseTo(0.146, 2);
  });
});
