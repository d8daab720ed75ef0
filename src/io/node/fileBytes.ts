/**
 * Small helpers shared by the Node readers and writers.
 *
 * @module
 */

import { readFile } from 'node:fs/promises';

/** Reads a file as a plain `Uint8Array` view (decoders copy what they keep). */
export async function readBytes(path: string): Promise<Uint8Array> {
  const buf = await readFile(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** One chunk computed when iterated, so an encoder's error surfaces inside the atomic write. */
export function* lazy(make: () => Uint8Array): Generator<Uint8Array, void, undefined> {
  yield make();
}
