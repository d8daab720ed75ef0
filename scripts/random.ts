/**
 * The seeded PRNG (mulberry32) of the scripts (fuzzer, sample data) and the tests: a run is
 * reproducible from its seed.
 *
 * @module
 */

/** A source of uniform draws in [0, 1) and integers in [0, n). */
export interface Random {
  (): number;
  int(n: number): number;
}

/**
 * A mulberry32 generator seeded with `seed`.
 *
 * @example
 * ```ts
 * const random = seeded(1);
 * random.int(6); // a die roll, the same every run
 * ```
 */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, { int: (n: number) => Math.floor(next() * n) });
}
