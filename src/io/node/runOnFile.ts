/**
 * Runs a {@link ReadTask} against a file with positional reads: nothing is read twice or held
 * whole, and `into` requests land straight in the caller's array (no intermediate Buffer, no
 * 2 GiB `readFile` limit).
 *
 * @module
 */

import { type FileHandle, open, readFile } from 'node:fs/promises';
import { type ReadTask, STREAM_CHUNK } from '../readTask';

/** Bytes per read call (Linux caps one read at just under 2 GiB). */
const MAX_READ = 1 << 30;

/**
 * Opens `path`, runs `makeTask(fileSize)` answering its requests from the file, and closes it.
 *
 * @throws whatever the task throws (format errors) or the file system throws (system errors).
 * @example
 * ```ts
 * const array = await runOnFile('probs.npy', (size) => npyTask(0, size, limits));
 * ```
 */
export async function runOnFile<T>(path: string, makeTask: (size: number) => ReadTask<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const task = makeTask(size);
    // one scratch buffer serves every view request up to STREAM_CHUNK bytes (valid until the next request)
    const scratch = new Uint8Array(STREAM_CHUNK);
    let step = task.next();
    while (!step.done) {
      const req = step.value;
      if ('into' in req) {
        step = task.next(await readFully(handle, req.into, req.at));
      } else {
        const into =
          req.length <= scratch.length ? scratch.subarray(0, req.length) : new Uint8Array(req.length);
        step = task.next(await readFully(handle, into, req.at));
      }
    }
    return step.value;
  } finally {
    await handle.close();
  }
}

/** Reads into `into` from `at` until it is full or the file ends; returns the filled part. */
async function readFully(handle: FileHandle, into: Uint8Array, at: number): Promise<Uint8Array> {
  let done = 0;
  while (done < into.length) {
    const length = Math.min(MAX_READ, into.length - done);
    const { bytesRead } = await handle.read(into, done, length, at + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return into.subarray(0, done);
}

/** Reads a whole (small) file as a plain `Uint8Array` view (decoders copy what they keep). */
export async function readBytes(path: string): Promise<Uint8Array> {
  const buf = await readFile(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
