/**
 * Pixels per call of a hot-loop kernel. Long loops are cut into calls on chunks of this size so
 * that V8 optimizes each kernel as a whole function after its first few calls (with type
 * feedback for every line) rather than by on-stack replacement in the middle of the first call,
 * which leaves the code after the loop without feedback and can keep deoptimizing: measured
 * 3–5× slower loops. Per-chunk overhead (a call, a few loads and stores) is negligible.
 */
export const CHUNK = 8192;
