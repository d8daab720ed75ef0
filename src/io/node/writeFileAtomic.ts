/**
 * All-or-nothing file writes.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `chunks` to a temporary file in the directory of `path`
 * (`.<name>.<pid>.<random>.tmp`), flushes it to disk, then renames it onto `path`. If producing a
 * chunk, writing, or renaming fails, the temporary file is removed and `path` is left as it was
 * (absent, or its previous content): a failure never leaves a half-written output. Rename within
 * one directory is atomic on POSIX file systems.
 *
 * @param path - destination file.
 * @param chunks - the bytes, produced lazily (an encoder may throw midway).
 * @throws whatever failed (a system error, or the encoder's error), after the cleanup.
 * @example
 * ```ts
 * await writeFileAtomic('out.npy', encodeNpyChunks({ data: probs, shape }));
 * ```
 */
export async function writeFileAtomic(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx');
  let closed = false;
  try {
    for (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done);
        done += bytesWritten;
      }
    }
    await handle.sync();
    await handle.close();
    closed = true;
    await rename(tmp, path);
  } catch (e) {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
