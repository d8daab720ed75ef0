import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_LOG_BYTES, TempFileLog } from '../../../src/cli/common/tempFileLog';
import { tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});
afterEach(() => remove());

describe('the temporary-file log of a worker', () => {
  it('holds the paths appended (any characters but NUL), until cleared', () => {
    const log = new TempFileLog(new SharedArrayBuffer(TEMP_LOG_BYTES));
    expect(log.paths()).toEqual([]);
    log.append('out/.a.npy.1.0123456789ab.tmp');
    log.append('out/sous-dossier/.é ü 漢.nii.gz.1.0123456789ab.tmp');
    expect(log.paths()).toEqual([
      'out/.a.npy.1.0123456789ab.tmp',
      'out/sous-dossier/.é ü 漢.nii.gz.1.0123456789ab.tmp',
    ]);
    log.clear();
    expect(log.paths()).toEqual([]);
  });

  it('is read through another view of the same shared memory (as the main thread reads a worker’s)', () => {
    const buffer = new SharedArrayBuffer(TEMP_LOG_BYTES);
    new TempFileLog(buffer).append('x.tmp');
    expect(new TempFileLog(buffer).paths()).toEqual(['x.tmp']);
  });

  it('removes the files it names that exist, skips those renamed or removed, and empties itself', async () => {
    const log = new TempFileLog(new SharedArrayBuffer(TEMP_LOG_BYTES));
    const [live, gone] = [join(dir, '.a.tmp'), join(dir, '.b.tmp')];
    await writeFile(live, 'partial');
    log.append(live);
    log.append(gone);
    expect(log.removeFilesSync()).toBe(1);
    expect(existsSync(live)).toBe(false);
    expect(log.paths()).toEqual([]);
  });

  it('a full log is a RangeError, and keeps what it holds', () => {
    const log = new TempFileLog(new SharedArrayBuffer(4 + 16));
    log.append('0123456789'); // 11 bytes with its NUL
    expect(() => log.append('abcdef')).toThrow(RangeError);
    expect(log.paths()).toEqual(['0123456789']);
  });
});
