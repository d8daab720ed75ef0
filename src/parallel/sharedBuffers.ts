/**
 * One SharedArrayBuffer kept for the next call's input: a fresh buffer costs a page fault per
 * 4 KiB on first write (a copy into a fresh 88 MB buffer takes ~4× the time of a copy into a used
 * one), so calls in a row reuse the last one. It is dropped after {@link KEEP_MS} without a call.
 *
 * @module
 */

declare function setTimeout(callback: () => void, ms: number): { unref?: () => void } | number;
declare function clearTimeout(timer: unknown): void;

/** How long a released buffer is kept for another call. */
export const KEEP_MS = 2000;

let spare: SharedArrayBuffer | undefined;
let timer: unknown;

/**
 * A shared buffer of at least `bytes` bytes: the kept one if it is large enough, else a new one.
 * Its contents are whatever they were.
 *
 * @example
 * ```ts
 * const buffer = takeSharedBuffer(1 << 20);
 * // … use it, then:
 * releaseSharedBuffer(buffer);
 * ```
 */
export function takeSharedBuffer(bytes: number): SharedArrayBuffer {
  if (spare !== undefined && spare.byteLength >= bytes && spare.byteLength <= 2 * bytes) {
    const taken = spare;
    spare = undefined;
    return taken;
  }
  return new SharedArrayBuffer(bytes);
}

/**
 * Keeps `buffer` for the next call (the larger of it and the one kept), for {@link KEEP_MS}; the
 * timer never keeps a Node process alive.
 *
 * @example
 * ```ts
 * releaseSharedBuffer(takeSharedBuffer(1024));
 * ```
 */
export function releaseSharedBuffer(buffer: SharedArrayBuffer): void {
  if (spare === undefined || buffer.byteLength > spare.byteLength) spare = buffer;
  if (timer !== undefined) clearTimeout(timer);
  const t = setTimeout(() => {
    spare = undefined;
    timer = undefined;
  }, KEEP_MS);
  if (typeof t === 'object') t.unref?.();
  timer = t;
}
