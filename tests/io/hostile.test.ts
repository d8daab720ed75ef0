import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNifti, decodeNpy, decodeNpz, decodePng, encodeNifti, IoFormatError } from '../../src/io/index';
import type { ReadOptions } from '../../src/io/limits';
import { readNifti, readNpy, readNpz, readPng } from '../../src/io/node/index';
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
  zlibOf,
} from '../helpers/hostileFiles';

/**
 * Issue 14's hostile files, each with its expected outcome. Every case is run twice — decoded from
 * memory and read from a file by the Node reader — and must end within 1 s and 256 MB of
 * ArrayBuffer growth (budgets ~10× the measured cost, which the summary printed at the end shows).
 */

type Format = 'npy' | 'npz' | 'nifti' | 'png';
const decoders: Record<Format, (b: Uint8Array, o?: ReadOptions) => unknown> = {
  npy: decodeNpy,
  npz: decodeNpz,
  nifti: decodeNifti,
  png: decodePng,
};
const readers: Record<Format, (p: string, o?: ReadOptions) => Promise<unknown>> = {
  npy: readNpy,
  npz: readNpz,
  nifti: readNifti,
  png: readPng,
};
const extension: Record<Format, string> = { npy: '.npy', npz: '.npz', nifti: '.nii.gz', png: '.png' };

const dir = mkdtempSync(join(tmpdir(), 'rankseg-hostile-'));
const measured: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `hostile cases (time, ArrayBuffer growth right after; memory / file reader):\n${measured.join('\n')}`,
  );
});

const MiB = 2 ** 20;

/** Runs `f`, returning its outcome with the time taken and the ArrayBuffer memory it left. */
async function timed(
  f: () => unknown,
): Promise<{ value?: unknown; error?: unknown; ms: number; bytes: number }> {
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  try {
    const value = await f();
    return { value, ms: performance.now() - t0, bytes: process.memoryUsage().arrayBuffers - before };
  } catch (error) {
    return { error, ms: performance.now() - t0, bytes: process.memoryUsage().arrayBuffers - before };
  }
}

/** Checks one hostile file in memory and from disk: an IoFormatError matching `pattern`. */
function refuses(
  name: string,
  format: Format,
  make: () => Uint8Array,
  pattern: RegExp,
  options?: ReadOptions,
): void {
  it(`${name} → IoFormatError ${pattern}`, async () => {
    const bytes = make();
    const file = join(dir, `${name.replace(/\W+/g, '_')}${extension[format]}`);
    writeFileSync(file, bytes);
    const mem = await timed(() => decoders[format](bytes, options));
    const disk = await timed(() => readers[format](file, options));
    for (const r of [mem, disk]) {
      expect(r.error).toBeInstanceOf(IoFormatError);
      expect((r.error as Error).message).toMatch(pattern);
      expect(r.ms).toBeLessThan(1000);
      expect(r.bytes).toBeLessThan(256 * MiB);
    }
    expect((disk.error as IoFormatError).path).toBe(file);
    measured.push(
      `  ${name}: ${mem.ms.toFixed(1)} ms, ${(mem.bytes / MiB).toFixed(1)} MiB / ${disk.ms.toFixed(1)} ms, ${(disk.bytes / MiB).toFixed(1)} MiB`,
    );
  });
}

// ------------------------------------------------------------------ NPZ
const probs = concat([
  npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }"),
  new Uint8Array(new Float32Array([0.1, 0.2, 0.3, 0.4]).buffer),
]);

describe('npz: corrupt members are refused, not decoded', () => {
  refuses(
    'stored member with a wrong CRC-32',
    'npz',
    () => zipOf([{ ...member('p.npy', probs, 0), crc: 1234 }]),
    /NPZ member "p\.npy": bad CRC-32/,
  );
  refuses(
    'deflated member with a wrong CRC-32',
    'npz',
    () => zipOf([{ ...member('p.npy', probs, 8), crc: 1234 }]),
    /NPZ member "p\.npy": bad CRC-32/,
  );
  refuses(
    'central directory name length that hides the member',
    'npz',
    () => zipOf([{ ...member('p.npy', probs, 0), centralNameLength: 200 }]),
    /NPZ archive is corrupt or truncated: central directory entry 1 of 1 has name\/extra\/comment lengths that run past/,
  );
  refuses(
    'local header naming another file',
    'npz',
    () => zipOf([{ ...member('p.npy', probs, 0), localName: 'q.npy' }]),
    /NPZ member "p\.npy": the local header names another file/,
  );
  refuses(
    'local header with another compression method',
    'npz',
    () => zipOf([{ ...member('p.npy', probs, 8), localMethod: 0 }]),
    /the local header says compression method 0, the central directory 8/,
  );
  refuses(
    'truncated archive',
    'npz',
    () => zipOf([member('p.npy', probs, 8)]).subarray(0, 60),
    /NPZ archive is corrupt or truncated: no end of central directory record/,
  );
});

describe('npz: bombs and lying sizes end before allocating', () => {
  // an NPY header for 2^28 float32 (1 GiB), then zeros: a 1 GiB member in ~1 MiB
  const bigHeader = npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (268435456,), }");
  const bomb = zeroBomb(2 ** 30, bigHeader);
  refuses(
    'bomb declaring its true 1 GiB size (over maxBytes)',
    'npz',
    () => zipOf([{ name: 'p.npy', method: 8, stored: bomb, crc: 0, size: bigHeader.length + 2 ** 30 }]),
    /NPZ member "p\.npy" inflates to 1073741952 bytes, more than the limit of 1073741824 \(maxBytes\); if the file is trusted, raise it with the maxBytes option \(--max-bytes in the CLI\)/,
  );
  const smallHeader = npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (256,), }");
  refuses(
    'bomb declaring 1 KiB and inflating to 1 GiB',
    'npz',
    () =>
      zipOf([
        {
          name: 'p.npy',
          method: 8,
          stored: zeroBomb(2 ** 30, smallHeader),
          crc: 0,
          size: smallHeader.length + 1024,
        },
      ]),
    /NPZ member "p\.npy": inflates to more than the 1152 bytes the zip directory declares/,
  );
  refuses(
    'header claiming 4 GB from 100 compressed bytes',
    'npz',
    () => zipOf([{ name: 'p.npy', method: 8, stored: new Uint8Array(100), crc: 0, size: 0xfffffff0 }]),
    /declares 4294967280 bytes from 100 compressed bytes, more than deflate can produce/,
  );
  refuses(
    'NPY header inside the member disagreeing with the directory size',
    'npz',
    () => zipOf([member('p.npy', concat([probs, new Uint8Array(4)]), 8)]),
    /NPZ member "p\.npy": NPY data is longer than its header says: shape \[4\] of float32 needs 16 data bytes, found 20/,
  );
});

// ------------------------------------------------------------------ NIfTI
const volume = encodeNifti({ data: Float32Array.from({ length: 60 }, (_, i) => i / 60), dims: [5, 4, 3] });

describe('nii.gz: gzip integrity is checked, several members are read', () => {
  refuses(
    'gzip member with a wrong CRC-32',
    'nifti',
    () => gzipMember(deflateRawSync(volume), crc32(volume) ^ 1, volume.length),
    /gzip member 1: CRC-32 mismatch/,
  );
  refuses(
    'gzip member with a wrong ISIZE',
    'nifti',
    () => gzipMember(deflateRawSync(volume), crc32(volume), volume.length + 1),
    /gzip member 1: ISIZE mismatch/,
  );
  refuses(
    'gzip data with trailing garbage',
    'nifti',
    () => concat([gzipOf(volume), Uint8Array.of(0x78, 0x79, 0x7a)]),
    /trailing bytes after gzip member 1/,
  );
  refuses(
    'gzip data with a non-zero byte in its padding',
    'nifti',
    () => concat([gzipOf(volume), new Uint8Array(8), Uint8Array.of(7)]),
    /non-zero byte in the padding after gzip member 1/,
  );
  refuses(
    'truncated gzip data',
    'nifti',
    () => gzipOf(volume).subarray(0, 200),
    /NIfTI gzip stream is corrupt or truncated: gzip data is truncated/,
  );
  refuses(
    'gzip member cut before its trailer',
    'nifti',
    () => {
      const g = gzipOf(volume);
      return g.subarray(0, g.length - 3);
    },
    /inside member 1's CRC-32\/ISIZE trailer/,
  );

  it('a multi-member .nii.gz (bgzip style, then zero padding) reads exactly as the single-member file', async () => {
    const single = gzipOf(volume);
    const parts = [
      volume.subarray(0, 100),
      volume.subarray(100, 348),
      volume.subarray(348, 353),
      volume.subarray(353),
    ];
    const multi = concat([...parts.map((p) => gzipOf(p, true)), new Uint8Array(28)]);
    const file = join(dir, 'multi.nii.gz');
    writeFileSync(file, multi);
    const mem = await timed(() => decodeNifti(multi));
    const disk = await timed(() => readNifti(file));
    const want = decodeNifti(single);
    expect(mem.value).toEqual(want);
    expect(disk.value).toEqual(want);
    expect(Array.from((want as { data: Float32Array }).data)).toEqual(
      Array.from({ length: 60 }, (_, i) => Math.fround(i / 60)),
    );
    measured.push(`  valid 4-member .nii.gz (reads): ${mem.ms.toFixed(1)} ms / ${disk.ms.toFixed(1)} ms`);
  });
});

describe('nii.gz: bombs and lying headers end before allocating', () => {
  // int16 32767 × 32767 × 3: 6.4 GB of voxels declared by a header of a tiny file
  const huge = niftiHeader([32767, 32767, 3], 4, 16);
  refuses(
    'header declaring 6.4 GB (over maxBytes)',
    'nifti',
    () => gzipOf(huge),
    /the NIfTI image inflates to 6442058086 bytes, more than the limit of 1073741824 \(maxBytes\)/,
  );
  refuses(
    'header declaring 6.4 GB with maxBytes raised to 8 GiB, from a few bytes of gzip',
    'nifti',
    () => gzipOf(huge),
    /NIfTI header declares 6442058086 bytes of image, more than \d+ bytes of gzip data can inflate to/,
    { maxBytes: 8 * 2 ** 30 },
  );
  refuses(
    '1 KiB volume whose gzip stream inflates to 1 GiB',
    'nifti',
    () => gzipMember(zeroBomb(2 ** 30, niftiHeader([16, 16], 4, 16)), 0, 0),
    /NIfTI gzip data inflates beyond the image its header declares/,
  );
  refuses(
    'valid header, then a 6 GB bomb of voxels (maxBytes raised): stops at the first byte past the image',
    'nifti',
    () => gzipMember(zeroBomb(2 ** 31, niftiHeader([128, 128, 64], 2, 8)), 0, 0),
    /NIfTI gzip data inflates beyond the image its header declares/,
    { maxBytes: 8 * 2 ** 30 },
  );
});

describe('nii: scaling and sizes as nibabel reads them', () => {
  const data = new Uint8Array(new Int16Array([1, 2, 3, 4]).buffer);
  const nii = (slope: number, inter: number) => concat([niftiHeader([4], 4, 16, slope, inter), data]);
  refuses(
    'scl_slope 2 with scl_inter NaN',
    'nifti',
    () => gzipOf(nii(2, Number.NaN)),
    /scl_slope is 2 but scl_inter is NaN/,
  );
  refuses(
    'scl_slope 2 with scl_inter Infinity',
    'nifti',
    () => gzipOf(nii(2, Number.POSITIVE_INFINITY)),
    /scl_slope is 2 but scl_inter is Infinity/,
  );
  it('a NaN or infinite scl_slope means no scaling (nibabel reads the stored values)', () => {
    for (const slope of [Number.NaN, Number.POSITIVE_INFINITY, 0]) {
      expect(decodeNifti(nii(slope, Number.NaN)).data).toEqual(new Int16Array([1, 2, 3, 4]));
    }
    expect(decodeNifti(nii(2, 1)).data).toEqual(new Float32Array([3, 5, 7, 9]));
  });
  refuses(
    'header declaring 6.4 GB of voxels in a 356-byte .nii',
    'nifti',
    () => concat([niftiHeader([32767, 32767, 3], 4, 16), new Uint8Array(4)]),
    /NIfTI data is truncated: dims \[32767, 32767, 3\] of int16 need 6442057734 bytes after vox_offset 352, found 4/,
  );
});

// ------------------------------------------------------------------ PNG
describe('png: exactly the image data the header implies, checksums verified', () => {
  // 4×3 gray 8-bit: 3 rows of a filter byte and 4 samples
  const rows = Uint8Array.from([0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 0, 9, 10, 11, 12]);
  refuses(
    'image data one row short (a complete zlib stream)',
    'png',
    () => pngOf(4, 3, 8, 0, zlibOf(rows.subarray(0, 10))),
    /PNG data is truncated: the image data inflates to 10 bytes, a 4×3 image needs 15/,
  );
  refuses(
    'image data one byte long',
    'png',
    () => pngOf(4, 3, 8, 0, zlibOf(concat([rows, Uint8Array.of(0)]))),
    /PNG image data is longer than the 15 bytes a 4×3 image needs/,
  );
  refuses(
    'wrong zlib Adler-32',
    'png',
    () => pngOf(4, 3, 8, 0, zlibAround(deflateRawSync(rows), 12345)),
    /Adler-32 mismatch/,
  );
  refuses(
    'bytes after the zlib stream',
    'png',
    () => pngOf(4, 3, 8, 0, concat([zlibOf(rows), Uint8Array.of(1, 2)])),
    /data continues after the end of the zlib stream/,
  );
  refuses(
    'chunk with a wrong CRC-32',
    'png',
    () => {
      const p = pngOf(4, 3, 8, 0, zlibOf(rows));
      p[45]! ^= 1;
      return p;
    },
    /PNG chunk IDAT at byte 33 is corrupt: CRC-32/,
  );
  refuses(
    '100×100 image whose IDAT inflates to 1 GiB',
    'png',
    () => pngOf(100, 100, 8, 0, zlibAround(zeroBomb(2 ** 30), 1)),
    /PNG image data is longer than the 10100 bytes a 100×100 image needs/,
  );
  refuses(
    'header of 2^15 × 2^15 pixels (over maxPixels)',
    'png',
    () => pngOf(32768, 32768, 8, 0, zlibOf(rows)),
    /PNG image is 32768×32768 = 1073741824 pixels, more than the limit of 268435456 \(maxPixels\)/,
  );
  refuses(
    'header of 2^14 × 2^14 RGBA 16-bit (2 GiB of data, over maxBytes)',
    'png',
    () => pngOf(16384, 16384, 16, 6, zlibOf(rows)),
    /the PNG image data inflates to 2147500032 bytes, more than the limit of 1073741824 \(maxBytes\)/,
  );
  refuses(
    'header of 10^4 × 10^4 pixels from a few bytes of image data',
    'png',
    () => pngOf(10000, 10000, 8, 0, zlibOf(rows)),
    /PNG data is truncated: a 10000×10000 image needs 100010000 bytes of image data, \d+ compressed bytes cannot hold them/,
  );
  refuses(
    'chunk declaring 2^31 bytes',
    'png',
    () => {
      const p = pngOf(4, 3, 8, 0, zlibOf(rows));
      p.set([0x80, 0, 0, 0], 33);
      return p;
    },
    /declares 2147483648 bytes, over 2\^31 − 1/,
  );
});

// ------------------------------------------------------------------ NPY
describe('npy: headers bounded like numpy, sizes checked against the file', () => {
  refuses(
    'v2 header declaring 100 MB (numpy max_header_size)',
    'npy',
    () =>
      concat([
        Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0),
        Uint8Array.of(0x00, 0xe1, 0xf5, 0x05),
        new Uint8Array(64),
      ]),
    /NPY header is 100000000 bytes, more than the limit of 10000 \(numpy's max_header_size\); if the file is trusted, raise it with the maxHeaderBytes option/,
  );
  refuses(
    'shape of 2^40 elements in a small file',
    'npy',
    () =>
      concat([
        npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }"),
        new Uint8Array(64),
      ]),
    /NPY data is truncated: shape \[1099511627776\] of float32 needs 4398046511104 data bytes, found 64/,
  );
  it('a 20,000-byte header is read when maxHeaderBytes allows it', () => {
    const dict = `{'descr': '<u1', 'fortran_order': False, 'shape': (2,), }${' '.repeat(20000)}`;
    const bytes = concat([npyHeader(dict), Uint8Array.of(7, 9)]);
    expect(() => decodeNpy(bytes)).toThrow(/more than the limit of 10000/);
    expect(decodeNpy(bytes, { maxHeaderBytes: 30000 }).data).toEqual(Uint8Array.of(7, 9));
  });
});

describe('reader options are checked', () => {
  it('a limit that is not a positive integer is a RangeError naming it', () => {
    expect(() => decodeNpy(probs, { maxBytes: 0 })).toThrow(
      /options\.maxBytes must be a positive integer, got 0/,
    );
    expect(() => decodePng(new Uint8Array(8), { maxPixels: 1.5 })).toThrow(RangeError);
    expect(() => decodeNpz(new Uint8Array(8), 'x' as never)).toThrow(TypeError);
  });
});
