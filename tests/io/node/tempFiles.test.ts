import { existsSync } from 'node:fs';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isTempName,
  removeLiveTempFilesSync,
  removeStaleTempFiles,
  tempPathFor,
  trackTempFile,
  watchTempFiles,
} from '../../../src/io/node/tempFiles';
import { writeFileAtomic } from '../../../src/io/node/writeFileAtomic';
import { tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});
afterEach(() => remove());

/** A pid no process has: above Linux's pid_max limit (2^22). */
const DEAD_PID = 4_194_999;

async function aged(name: string, minutes: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, 'partial');
  const when = new Date(Date.now() - minutes * 60_000);
  await utimes(path, when, when);
  return path;
}

describe('temporary files of atomic writes', () => {
  it('are named .<name>.<pid>.<12 hex>.tmp beside the destination, and recognized by that name only', () => {
    const tmp = tempPathFor(join(dir, 'a.npy'));
    expect(tmp.startsWith(join(dir, `.a.npy.${process.pid}.`))).toBe(true);
    expect(isTempName(tmp.slice(dir.length + 1))).toBe(true);
    for (const name of [
      '.a.npy.tmp',
      'a.npy.1.0123456789ab.tmp',
      '.a.npy.1.0123456789AB.tmp',
      '.a.npy.x.0123456789ab.tmp',
    ])
      expect(isTempName(name)).toBe(false);
  });

  it('a stale one is removed: untouched for an hour, or a minute when its process is gone', async () => {
    const old = await aged(`.a.npy.${process.pid}.0123456789ab.tmp`, 61);
    const orphan = await aged(`.b.npy.${DEAD_PID}.0123456789ab.tmp`, 2);
    const fresh = await aged(`.c.npy.${DEAD_PID}.0123456789ab.tmp`, 0);
    const alive = await aged(`.d.npy.${process.pid}.0123456789ab.tmp`, 30);
    const other = await aged('.e.npy.tmp', 600);
    const removed = await removeStaleTempFiles(dir);
    expect(removed.sort()).toEqual([old, orphan].sort());
    expect((await readdir(dir)).sort()).toEqual(
      [fresh, alive, other].map((p) => p.slice(dir.length + 1)).sort(),
    );
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });

  it('the ones being written are removed synchronously (for a signal handler)', async () => {
    const tmp = tempPathFor(join(dir, 'x.npy'));
    await writeFile(tmp, 'partial');
    trackTempFile(tmp);
    expect(removeLiveTempFilesSync()).toBe(1);
    expect(existsSync(tmp)).toBe(false);
    expect(removeLiveTempFilesSync()).toBe(0);
  });
});

describe('watching the temporary files (worker threads publish theirs)', () => {
  it('a write is announced before its temporary file exists, and forgotten once renamed', async () => {
    const events: [string, string, boolean][] = [];
    watchTempFiles((event, path) => events.push([event, path, existsSync(path)]));
    try {
      await writeFileAtomic(join(dir, 'a.bin'), [new Uint8Array([1, 2, 3])]);
    } finally {
      watchTempFiles(undefined);
    }
    expect(events.map(([event, , exists]) => [event, exists])).toEqual([
      ['track', false], // not on disk yet: a signal at any later moment finds it in the list
      ['forget', false], // renamed onto a.bin
    ]);
    expect(events[0]![1]).toBe(events[1]![1]);
    expect(isTempName(events[0]![1].slice(dir.length + 1))).toBe(true);
  });

  it('a temporary file that cannot be created is forgotten again', async () => {
    const events: string[] = [];
    watchTempFiles((event) => events.push(event));
    try {
      await expect(writeFileAtomic(join(dir, 'no/such/folder/a.bin'), [new Uint8Array(1)])).rejects.toThrow();
    } finally {
      watchTempFiles(undefined);
    }
    expect(events).toEqual(['track', 'forget']);
    expect(removeLiveTempFilesSync()).toBe(0);
  });
});
