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

/** The paper's settings (the defaults), run once. */
let full: SimJson;
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

beforeAll(async () => {
  ensureBuilt();
  [full, table] = await Promise.all([simJson([]), simulate(['--widths', '28', '--images', '20'])]);
});

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
  });

  it('RankSEG (exact) has expected Dice >= every threshold in every setting of the paper', () => {
    // RankSEG maximizes expected Dice over all masks, threshold masks included; the values are
    // exact to ~1e-13, so a tie may show as a difference of that size
    const settings = [...full.example1, full.example2];
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

  it('Example 2 is seeded: the same seed gives the same means, another seed others', async () => {
    const args = ['--widths', '4', '--bases', '1.1', '--images', '15'];
    const [a, b, c] = await Promise.all([
      simJson([...args, '--seed', '3']),
      simJson([...args, '--seed', '3']),
      simJson([...args, '--seed', '4']),
    ]);
    expect(b.example2).toEqual(a.example2);
    expect(c.example2.rankseg).not.toBe(a.example2.rankseg);
    expect(a.example2.images).toBe(15);
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
  it('states the settings, 1-based indices and the solver, and prints one row per setting', () => {
    expect(table.code).toBe(0);
    const out = table.stdout;
    expect(out).toMatch(/p\(i, j\) = b\^-\(i\+j\), i, j = 1…w \(1-based, so p < 1\)/);
    expect(out).toMatch(/Example 2: 20 images of 64×64 \(seed 1\); per image rho ~ U\(0, 1\)/);
    expect(out).toMatch(/N\(0\.1, 0\.1²\) conditioned on \[0\.1, 0\.2\]/);
    expect(out).toMatch(/RankSEG: the 'exact' solver/);
    const rows = out.split('\n').filter((l) => /^1\.(01|05|1) +28 /.test(l));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.split(/\s+/)).toHaveLength(2 + 1 + 9 + 2);
    expect(out).toMatch(/RankSEG >= every threshold on every image of every setting/);
  });

  it.each([
    [['--bases', '1'], /--bases: 1 is out of range; expected numbers > 1/],
    [['--widths', '2.5'], /--widths: 2\.5 is out of range/],
    [['--images', '0'], /--images must be >= 1; got 0/],
    [['--monte-carlo', '1'], /--monte-carlo must be >= 2 draws/],
  ])('%j is a one-line usage error, exit 2', async (args, reason) => {
    const run = await simulate(args);
    expectUsageError(run, reason);
  });
});

describe('the simulated probability maps', () => {
  it('Example 1 uses 1-based indices: p(1, 1) = b^-2 in the corner, p(w, w) = b^-2w', () => {
    expect(Array.from(example1Probs(2, 2))).toEqual([1 / 4, 1 / 8, 1 / 8, 1 / 16]);
    const p = example1Probs(1.05, 28);
    expect(p[0]).toBeCloseTo(1.05 ** -2, 15);
    expect(p[28 * 28 - 1]).toBeCloseTo(1.05 ** -56, 15);
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
    // N(0.1, 0.1²) conditioned on [0.1, 0.2] has mean 0.1 + 0.1·(φ(0) − φ(1))/(Φ(1) − Φ(0)) ≈ 0.1460
    expect(background / count).toBeCloseTo(0.146, 2);
  });
});
