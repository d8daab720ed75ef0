/**
 * File readers written once for bytes in memory and for files on disk: a reader is a generator
 * that asks for byte ranges (`yield { at, length }` or `yield { at, into }`) and receives them.
 * {@link runInMemory} answers from a `Uint8Array`; the Node layer answers with positional reads
 * of a file handle, so a large file is never held whole and uncompressed data is read straight
 * into the array that is returned.
 *
 * @module
 */

/**
 * A read of the file: `length` bytes at offset `at` (answered with a view that is valid until the
 * next request), or as many bytes as `into` holds, written into it (answered with the filled part
 * of `into`). Fewer bytes come back only at the end of the file.
 */
export type ReadRequest = { at: number; length: number } | { at: number; into: Uint8Array };

/** A reader: asks for ranges, finally returns its result. */
export type ReadTask<T> = Generator<ReadRequest, T, Uint8Array>;

/** Bytes per request when a reader streams through compressed data. */
export const STREAM_CHUNK = 1 << 20;

/**
 * Runs a reader against bytes in memory. Views are answered without copying; `into` requests
 * copy.
 *
 * @example
 * ```ts
 * const array = runInMemory(bytes, readNpyTask(bytes.length, limits));
 * ```
 */
export function runInMemory<T>(bytes: Uint8Array, task: ReadTask<T>): T {
  let step = task.next();
  while (!step.done) {
    const req = step.value;
    const at = Math.min(req.at, bytes.length);
    if ('into' in req) {
      const part = bytes.subarray(at, Math.min(bytes.length, at + req.into.length));
      req.into.set(part);
      step = task.next(req.into.subarray(0, part.length));
    } else {
      step = task.next(bytes.subarray(at, Math.min(bytes.length, at + req.length)));
    }
  }
  return step.value;
}

/**
 * Reads `[at, at + into.length)` into `into` with requests of at most 256 MiB, and returns how many
 * bytes the file had (fewer than `into.length` at its end).
 *
 * @example
 * ```ts
 * const got = yield* readInto(raw, layout.dataOffset);
 * ```
 */
export function* readInto(into: Uint8Array, at: number): Generator<ReadRequest, number, Uint8Array> {
  const step = 1 << 28;
  let done = 0;
  while (done < into.length) {
    const part = yield { at: at + done, into: into.subarray(done, Math.min(into.length, done + step)) };
    done += part.length;
    if (part.length === 0) break;
  }
  return done;
}

/**
 * Streams `[at, end)` in chunks of {@link STREAM_CHUNK} bytes to `consume`, and returns how many
 * bytes there were (fewer than `end − at` when the file ends first).
 *
 * @example
 * ```ts
 * yield* streamRange(offset, offset + compressedSize, (chunk) => inflater.push(chunk));
 * ```
 */
export function* streamRange(
  at: number,
  end: number,
  consume: (chunk: Uint8Array) => void,
): Generator<ReadRequest, number, Uint8Array> {
  let pos = at;
  while (pos < end) {
    const chunk = yield { at: pos, length: Math.min(STREAM_CHUNK, end - pos) };
    if (chunk.length === 0) break;
    consume(chunk);
    pos += chunk.length;
  }
  return pos - at;
}
