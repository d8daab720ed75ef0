/**
 * All-or-nothing file writes.
 *
 * @module
 */

import { type FileHandle, lstat, open, readlink, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { forgetTempFile, tempPathFor, trackTempFile } from './tempFiles';

/**
 * Writes `chunks` to a temporary file in the directory of `path`
 * (`.<name>.<pid>.<random>.tmp`), flushes it to disk, then renames it onto `path`. If producing a
 * chunk, writing, or renaming fails, the temporary file is removed and `path` is left as it was
 * (absent, or its previous content): a failure never leaves a half-written output. Rename within
 * one directory is atomic on POSIX file systems.
 *
 * A symbolic link at `path` is written through: the file it points to (followed to the end of a
 * chain of links, created if missing) gets the new content, by a rename in its own folder, and
 * the link stays a link. While a write is going on its temporary file is known to
 * `removeLiveTempFilesSync` (the command line calls it on SIGINT/SIGTERM).
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
  const destination = await followLinks(path);
  const tmp = tempPathFor(destination);
  trackTempFile(tmp); // before it exists: a signal while it is being created still finds it
  let handle: FileHandle;
  try {
    handle = await open(tmp, 'wx');
  } catch (e) {
    forgetTempFile(tmp);
    throw e;
  }
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
    await rename(tmp, destination);
  } catch (e) {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  } finally {
    forgetTempFile(tmp);
  }
}

/** Most links followed in a chain (as Linux's MAXSYMLINKS). */
const MAX_LINKS = 40;

/** The file a path names once symbolic links at its end are followed (`path` itself when it is none). */
async function followLinks(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined || !info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links at ${path}`), { code: 'ELOOP' });
}

/** One chunk computed when iterated, so an encoder's error surfaces inside the atomic write. */
export function* lazy(make: () => Uint8Array): Generator<Uint8Array, void, undefined> {
  yield make();
}
