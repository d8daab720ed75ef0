/**
 * Shared buffers kept for the next call: a fresh buffer costs a page fault per 4 KiB on first
 * write (a copy into a fresh 88 MB buffer takes ~4× the time of a copy into a used one; a worker
 * clearing a fresh 3 MB mask range ~10× a used one), so calls in a row reuse the last call's
 * input and output buffers. They are dropped after {@link KEEP_MS} without a call.
 *
 * @module
 */

declare function setTimeout(callback: () => void, ms: number): { unref?: () => void } | number;
declare function clearTimeout(timer: unknown): void;

/** How long released buffers are kept for another call. */
export const KEEP_MS = 2000;
/** How many released buffers are kept (a call's input and its output mask). */
export const KEEP_COUNT = 2;

let spares: SharedArrayBuffer[] = [];
let timer: unknown;

/**
 * A shared buffer of at least `bytes` bytes: the smallest kept one that is large enough (and at
 * most twice that), else a new one. Its contents are whatever they were.
 *
 * @example
 * ```ts
 * const buffer = takeSharedBuffer(1 << 20);
 * // … use it, then:
 * releaseSharedBuffer(buffer);
 * ```
 */
export function takeSharedBuffer(bytes: number): SharedArrayBuffer {
  let best = -1;
  for (let k = 0; k < spares.length; k++) {
    const size = spares[k]!.byteLength;
    if (size >= bytes && size <= 2 * bytes && (best < 0 || size < spares[best]!.byteLength)) best = k;
  }
  if (best < 0) return new SharedArrayBuffer(bytes);
  return spares.splice(best, 1)[0]!;
}

/**
 * Keeps `buffer` for the next calls, with the others kept (the {@link KEEP_COUNT} largest), for
 * {@link KEEP_MS}; the timer never keeps a Node process alive. Release only a buffer no worker
 * will still write.
 *
 * @example
 * ```ts
 * releaseSharedBuffer(takeSharedBuffer(1024));
 * ```
 */
export function releaseSharedBuffer(buffer: SharedArrayBuffer): void {
  if (!spares.includes(buffer)) spares.push(buffer);
  spares.sort((a, b) => b.byteLength - a.byteLength);
  spares.length = Math.min(spares.length, KEEP_COUNT);
  if (timer !== undefined) clearTimeout(timer);
  const t = setTimeout(() => {
    spares = [];
    timer = undefined;
  }, KEEP_MS);
  if (typeof t === 'object') t.unref?.();
  timer = t;
}
