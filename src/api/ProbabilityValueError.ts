/**
 * A value error about the probabilities themselves (a `RangeError`, as DESIGN §2 promises):
 * `'range'` for a value that is not a probability, `'distribution'` for a pixel whose class values
 * do not sum to 1 (`validate: 'distribution'`). `fact` is the message without the library's
 * advice, for callers (the command line) that give advice of their own.
 *
 * @example
 * ```ts
 * try { rankseg(probs, { validate: 'distribution' }); }
 * catch (e) { if (e instanceof ProbabilityValueError && e.kind === 'distribution') console.log(e.fact); }
 * ```
 */
export class ProbabilityValueError extends RangeError {
  /**
   * @param kind - what is wrong: a value's range, or a pixel's class sum.
   * @param fact - what was found, naming the tensor and the place.
   * @param advice - appended to `fact` in the message.
   */
  constructor(
    readonly kind: 'range' | 'distribution',
    readonly fact: string,
    advice: string,
  ) {
    super(`${fact}${advice}`);
  }
}
