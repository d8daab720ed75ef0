/**
 * Seeded pseudo-random numbers for the demo, `compare` and `simulate`: Marsaglia's xorshift128
 * (period 2¹²⁸ − 1, four 32-bit words of state), seeded through splitmix32 so that nearby seeds
 * and stream numbers give unrelated sequences.
 *
 * @module
 */

/** The four state words of xorshift128, never all zero. */
export type Xorshift128State = Uint32Array;

/**
 * The initial xorshift128 state of `stream` under `seed`: four splitmix32 outputs of a counter
 * started at a mix of both (so stream k of seed s and stream k' of seed s' collide only when
 * (s, k) = (s', k')). O(1).
 *
 * @param seed - any integer (used modulo 2³²).
 * @param stream - any integer: the index of an independent sequence (e.g. an image-class slice).
 * @returns a fresh `Uint32Array(4)`, not all zero.
 * @example
 * ```ts
 * seedState(1, 0); // Uint32Array(4) [...]; seedState(1, 1) is unrelated to it
 * ```
 */
export function seedState(seed: number, stream: number): Xorshift128State {
  // 0x9e3779b9 = 2³²/φ: consecutive streams land far apart in the splitmix32 counter
  let counter = ((seed >>> 0) ^ Math.imul((stream >>> 0) + 1, 0x9e3779b9)) >>> 0;
  const state = new Uint32Array(4);
  for (let k = 0; k < 4; k++) {
    counter = (counter + 0x9e3779b9) >>> 0;
    let z = counter;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    state[k] = (z ^ (z >>> 15)) >>> 0;
  }
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1; // the one forbidden state
  return state;
}

/**
 * A generator of uniform doubles in (0, 1) from xorshift128: u = (w + ½)/2³² for the 32-bit
 * output w, so u is never 0 or 1 (safe for log(u) in Box–Muller). For hot loops over pixels use
 * the recurrence inline instead (see `monteCarloScores`): a closure call per pixel is slower.
 *
 * @param seed - any integer.
 * @param stream - independent sequence number; default 0.
 * @example
 * ```ts
 * const u = uniformGenerator(7);
 * u(); // 0.…, the same for every run with seed 7
 * ```
 */
export function uniformGenerator(seed: number, stream = 0): () => number {
  const s = seedState(seed, stream);
  let x = s[0]!;
  let y = s[1]!;
  let z = s[2]!;
  let w = s[3]!;
  return () => {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return (w + 0.5) / 4294967296;
  };
}
