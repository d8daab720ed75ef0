import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNifti, encodeNpy } from '../../../src/io/index';
import { CLI, ensureBuilt, expectUsageError, rankseg, tempDir } from '../../helpers/cli';
import {
  concat,
  crc32,
  gzipMember,
  gzipOf,
  member,
  niftiHeader,
  npyHeader,
  pngOf,
  zeroBomb,
  zipOf,
  zlibAround,
} from '../../helpers/hostileFiles';

/**
 * Issue 14's hostile files through `rankseg predict` on a directory: every corrupt file is listed
 * as failed with the reader's reason, the valid ones (a multi-member .nii.gz among them) are
 * written, the run exits 1, and it ends within 10 s and 1 GB (peak RSS, when /usr/bin/time is
 * there to measure it).
 */
let dir = '';
let remove: () => Promise<void> = async () => {};

const probs = Float32Array.from({ length: 60 }, (_, i) => (i % 7) / 7);
const volume = encodeNifti({ data: probs, dims: [5, 4, 3] });
const npyOf = (n: number) =>
  concat([npyHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, ${n}), }`)]);

const hostile: Record<string, Uint8Array> = {
  'npz-bomb.npz': zipOf([
    {
      name: 'p.npy',
      method: 8,
      stored: zeroBomb(2 ** 30, npyOf(256)),
      crc: 0,
      size: npyOf(256).length + 1024,
    },
  ]),
  'npz-crc.npz': zipOf([{ ...member('p.npy', encodeNpy({ data: probs, shape: [1, 1, 60] }), 8), crc: 7 }]),
  'npz-hidden.npz': zipOf([
    { ...member('p.npy', encodeNpy({ data: probs, shape: [1, 1, 60] }), 0), centralNameLength: 300 },
  ]),
  'gz-crc.nii.gz': gzipMember(deflateRawSync(volume), crc32(volume) ^ 1, volume.length),
  'gz-trailing.nii.gz': concat([gzipOf(volume), Uint8Array.of(1, 2, 3)]),
  'gz-huge-header.nii.gz': gzipOf(niftiHeader([32767, 32767, 3], 16, 32)),
  'gz-bomb.nii.gz': gzipMember(zeroBomb(2 ** 30, niftiHeader([16, 16], 16, 32)), 0, 0),
  'png-bomb.png': pngOf(64, 64, 8, 0, zlibAround(zeroBomb(2 ** 30), 1)),
  'npy-header.npy': concat([
    Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0),
    Uint8Array.of(0, 0xe1, 0xf5, 5),
    new Uint8Array(64),
  ]),
  'npy-truncated.npy': encodeNpy({ data: probs, shape: [1, 1, 60] }).subarray(0, 200),
};
const valid: Record<string, Uint8Array> = {
  'ok.npy': encodeNpy({ data: probs, shape: [1, 1, 60] }),
  'ok-multi.nii.gz': concat([
    gzipOf(volume.subarray(0, 200), true),
    gzipOf(volume.subarray(200), true),
    new Uint8Array(16),
  ]),
};

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  await mkdir(join(dir, 'in'));
  for (const [name, bytes] of Object.entries({ ...hostile, ...valid }))
    await writeFile(join(dir, 'in', name), bytes);
});
afterAll(() => remove());

/** Runs the CLI under /usr/bin/time (when present) for its peak RSS in KiB. */
function timedRun(
  args: string[],
): Promise<{ code: number; stdout: string; seconds: number; peakKiB?: number }> {
  const time = '/usr/bin/time';
  const measure = existsSync(time);
  const [cmd, argv] = measure
    ? [time, ['-f', 'PEAK_RSS_KIB=%M', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(cmd, argv, { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      const peak = /PEAK_RSS_KIB=(\d+)/.exec(stderr);
      resolve({
        code,
        stdout,
        seconds: (performance.now() - t0) / 1000,
        ...(peak ? { peakKiB: Number(peak[1]) } : {}),
      });
    });
  });
}

describe('rankseg predict over hostile files', () => {
  it('refuses every corrupt file with its reason, writes the valid ones, exits 1, within 10 s and 1 GB', async () => {
    const run = await timedRun(['predict', 'in', '-o', 'out/', '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as {
      written: number;
      failures: { file: string; reason: string }[];
    };
    const reasons = Object.fromEntries(
      summary.failures.map((f) => [f.file.replace(/^in[\\/]/, ''), f.reason]),
    );
    expect(Object.keys(reasons).sort()).toEqual(Object.keys(hostile).sort());
    expect(reasons['npz-bomb.npz']).toMatch(
      /inflates to more than the 1152 bytes the zip directory declares/,
    );
    expect(reasons['npz-crc.npz']).toMatch(/bad CRC-32/);
    expect(reasons['npz-hidden.npz']).toMatch(/central directory entry 1 of 1/);
    expect(reasons['gz-crc.nii.gz']).toMatch(/CRC-32 mismatch/);
    expect(reasons['gz-trailing.nii.gz']).toMatch(/trailing bytes after gzip member 1/);
    expect(reasons['gz-huge-header.nii.gz']).toMatch(
      /more than the limit of 1073741824 \(maxBytes\); .*--max-bytes/,
    );
    expect(reasons['gz-bomb.nii.gz']).toMatch(/inflates beyond the image its header declares/);
    expect(reasons['png-bomb.png']).toMatch(/PNG image data is longer than/);
    expect(reasons['npy-header.npy']).toMatch(/NPY header is 100000000 bytes/);
    expect(reasons['npy-truncated.npy']).toMatch(/NPY data is truncated/);
    expect(summary.written).toBe(2);
    expect(existsSync(join(dir, 'out', 'ok-multi.nii.gz'))).toBe(true);
    expect(run.seconds).toBeLessThan(10);
    if (run.peakKiB !== undefined) expect(run.peakKiB).toBeLessThan(1024 * 1024);
    console.log(
      `predict over ${Object.keys(hostile).length} hostile + 2 valid files: ${run.seconds.toFixed(2)} s, peak RSS ${run.peakKiB ?? '?'} KiB`,
    );
  });

  it('--max-bytes lowers the limit for compressed inputs (and must be a positive integer)', async () => {
    const low = await rankseg(
      ['predict', 'in/ok-multi.nii.gz', '-o', 'low.nii.gz', '--max-bytes', '300'],
      dir,
    );
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/inflates to 592 bytes, more than the limit of 300 \(maxBytes\)/);
    const high = await rankseg(
      ['predict', 'in/ok-multi.nii.gz', '-o', 'high.nii.gz', '--max-bytes', '4096'],
      dir,
    );
    expect(high.code).toBe(0);
    expectUsageError(
      await rankseg(['predict', 'in/ok.npy', '-o', 'x.npy', '--max-bytes', '0'], dir),
      /--max-bytes must be a positive integer, got 0/,
    );
  });
});
