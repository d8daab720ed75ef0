import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNifti, encodeNpy, labelsToNifti, labelsToPng, niftiToProbabilities } from '../../src/io/index';
import {
  arrayFileFormat,
  IoFileError,
  IoFormatError,
  readArrayFile,
  readNifti,
  readNpy,
  readNpz,
  readPng,
  writeArrayFile,
  writeFileAtomic,
  writeNifti,
  writeNpy,
  writeNpz,
  writePng,
} from '../../src/io/node/index';
import { fixture, fixturePath } from '../helpers/ioFixtures';

const root = mkdtempSync(join(tmpdir(), 'rankseg-io-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
/** A fresh empty directory per test. */
function freshDir(): string {
  const dir = join(root, `t${counter++}`);
  mkdirSync(dir);
  return dir;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('Node readers and writers round-trip every format', () => {
  it('readNpy reads a numpy file; writeNpy writes exactly encodeNpy', async () => {
    expect((await readNpy(fixturePath('be_f4.npy'))).data).toEqual(
      new Float32Array([1.5, -2.25, 3.4028234663852886e38, 2 ** -149, -0, Infinity]),
    );
    const dir = freshDir();
    const file = join(dir, 'a.npy');
    const array = { data: Float32Array.from({ length: 12 }, (_, i) => i / 4), shape: [3, 4] };
    await writeNpy(file, array, { dtype: 'float16' });
    expect(new Uint8Array(readFileSync(file))).toEqual(encodeNpy(array, { dtype: 'float16' }));
    expect(await readNpy(file)).toEqual({ data: array.data, shape: [3, 4], dtype: 'float16' });
    expect(readdirSync(dir)).toEqual(['a.npy']);
  });

  it('readNpz / writeNpz', async () => {
    expect(Object.keys(await readNpz(fixturePath('stored.npz'))).sort()).toEqual(['labels', 'probs']);
    const file = join(freshDir(), 'b.npz');
    await writeNpz(file, { x: { data: [1, 2], shape: [2] }, y: { data: new Uint8Array([3]), shape: [1] } });
    const back = await readNpz(file);
    expect(back.x?.data).toEqual(new Float64Array([1, 2]));
    expect(back.y?.dtype).toBe('uint8');
  });

  it('readNifti / writeNifti: labels from a .nii.gz keep its geometry; .nii.gz is gzipped and .nii is not', async () => {
    const vol = await readNifti(fixturePath('le_float32_probs.nii.gz'));
    const probs = niftiToProbabilities(vol);
    expect(probs.shape).toEqual([1, 3, 1, 2, 2]);
    const dir = freshDir();
    const mask = { data: new Uint8Array([0, 1, 2, 0]), shape: [1, 1, 2, 2] };
    await writeNifti(join(dir, 'm.nii.gz'), labelsToNifti(mask, vol.header));
    await writeNifti(join(dir, 'm.nii'), labelsToNifti(mask, vol.header));
    const gz = readFileSync(join(dir, 'm.nii.gz'));
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(new Uint8Array(readFileSync(join(dir, 'm.nii')))).toEqual(
      encodeNifti(labelsToNifti(mask, vol.header)),
    );
    const back = await readNifti(join(dir, 'm.nii.gz'));
    expect(back.data).toEqual(mask.data);
    expect(back.header.srowX).toEqual(vol.header.srowX);
    expect(back.pixdim).toEqual(vol.pixdim.slice(0, 3));
  });

  it('readPng / writePng', async () => {
    expect((await readPng(fixturePath('gray16.png'))).bitDepth).toBe(16);
    const file = join(freshDir(), 'l.png');
    await writePng(file, labelsToPng({ data: [0, 1, 255, 3], shape: [2, 2] }));
    expect(Array.from((await readPng(file)).data)).toEqual([0, 1, 255, 3]);
  });
});

describe('readArrayFile / writeArrayFile choose the format by extension', () => {
  it('arrayFileFormat maps .npy .npz .nii .nii.gz .png, case-insensitively', () => {
    expect(['a.npy', 'a.NPZ', 'a.nii', 'dir.x/a.nii.gz', 'a.png'].map(arrayFileFormat)).toEqual([
      'npy',
      'npz',
      'nifti',
      'nifti',
      'png',
    ]);
    expect(() => arrayFileFormat('a.tif')).toThrow(
      /unknown file extension of "a\.tif"; expected \.npy, \.npz, \.nii, \.nii\.gz or \.png/,
    );
  });

  it('reads each format as a C-order { data, shape } plus its extras', async () => {
    expect(await readArrayFile(fixturePath('vector_u2.npy'))).toMatchObject({
      format: 'npy',
      shape: [5],
      dtype: 'uint16',
    });
    const nii = await readArrayFile(fixturePath('le_float32_probs.nii.gz'));
    expect(nii).toMatchObject({ format: 'nifti', shape: [3, 1, 2, 2] });
    expect(nii.format === 'nifti' && nii.header.dim.slice(0, 5)).toEqual([4, 2, 2, 1, 3]);
    expect(await readArrayFile(fixturePath('rgb8.png'))).toMatchObject({
      format: 'png',
      shape: [2, 2, 3],
      bitDepth: 8,
    });
    const labels = await readArrayFile(fixturePath('palette8.png'));
    expect(labels.shape).toEqual([2, 3]);
    expect(labels.format === 'png' && labels.palette?.length).toBe(256);
  });

  it('an .npz needs a key unless it holds one array; a wrong key lists the members', async () => {
    const npz = fixturePath('deflated.npz');
    expect(await readArrayFile(npz, { key: 'labels' })).toMatchObject({
      format: 'npz',
      key: 'labels',
      shape: [4],
    });
    const missing = await rejection(readArrayFile(npz));
    expect(missing).toBeInstanceOf(RangeError);
    expect(missing.message).toBe(`${npz}: options.key must name one of the arrays: "probs", "labels"`);
    const wrong = await rejection(readArrayFile(npz, { key: 'nope' }));
    expect(wrong.message).toMatch(/options\.key "nope" is not in the archive; it holds "probs", "labels"/);
    const one = join(freshDir(), 'one.npz');
    await writeArrayFile(one, { data: [1, 2, 3], shape: [3] });
    expect(await readArrayFile(one)).toMatchObject({ format: 'npz', key: 'arr_0', shape: [3] });
  });

  it('writes each format and reads it back', async () => {
    const dir = freshDir();
    const mask = { data: new Uint8Array([0, 1, 1, 0, 2, 0]), shape: [1, 2, 3] };
    for (const name of ['m.npy', 'm.npz', 'm.nii', 'm.nii.gz']) {
      await writeArrayFile(join(dir, name), mask, { dtype: 'uint8', key: 'mask' });
      const back = await readArrayFile(join(dir, name));
      expect(back.data).toEqual(mask.data);
      expect(back.shape).toEqual([1, 2, 3]); // NIfTI: dims (3, 2, 1) read back reversed
    }
    expect((await readNifti(join(dir, 'm.nii'))).dims).toEqual([3, 2, 1]); // shape reversed
    await writeArrayFile(join(dir, 'labels.png'), mask, { png: 'labels' });
    const labels = await readArrayFile(join(dir, 'labels.png'));
    expect(labels).toMatchObject({ format: 'png', shape: [2, 3] });
    expect(labels.data).toEqual(mask.data);
    await writeArrayFile(join(dir, 'mask.png'), { data: [0, 1, 1, 0], shape: [1, 1, 2, 2] }, { png: 'mask' });
    expect((await readArrayFile(join(dir, 'mask.png'))).data).toEqual(new Uint8Array([0, 255, 255, 0]));
    await writeArrayFile(join(dir, 'g16.png'), { data: new Uint16Array([0, 65535, 7]), shape: [1, 3] });
    expect(await readArrayFile(join(dir, 'g16.png'))).toMatchObject({ bitDepth: 16, shape: [1, 3] });
    await writeArrayFile(join(dir, 'rgb.png'), { data: new Uint8Array(12), shape: [2, 2, 3] });
    expect((await readArrayFile(join(dir, 'rgb.png'))).shape).toEqual([2, 2, 3]);
  });

  it('rejects what a format cannot hold, naming the file', async () => {
    const dir = freshDir();
    const f16 = join(dir, 'x.nii');
    const e1 = await rejection(writeArrayFile(f16, { data: [1], shape: [1] }, { dtype: 'float16' }));
    expect(e1).toBeInstanceOf(RangeError);
    expect(e1.message).toBe(
      `${f16}: NIfTI-1 cannot store float16; image.datatype must be one of uint8, int16, int32, float32, float64, int8, uint16, uint32, int64, uint64`,
    );
    const png = join(dir, 'x.png');
    expect((await rejection(writeArrayFile(png, { data: [0.5], shape: [1, 1] }))).message).toMatch(
      /x\.png: image\.data\[0\] = 0\.5 is not an integer/,
    );
    expect(
      (await rejection(writeArrayFile(png, { data: new Uint8Array(8), shape: [2, 2, 2, 1] }))).message,
    ).toMatch(/a PNG needs shape/);
    expect(
      (await rejection(writeArrayFile(png, { data: [0], shape: [1, 1] }, { png: 'jpeg' as 'gray' }))).message,
    ).toMatch(/options\.png/);
    expect((await rejection(writeArrayFile(join(dir, 'x.tif'), { data: [0], shape: [1] }))).message).toMatch(
      /x\.tif: unknown file extension/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('every error names the file and what is wrong', () => {
  const cases: [string, string, (p: string) => Promise<unknown>, RegExp][] = [
    [
      'trunc.npy',
      'le_f4.npy',
      readNpy,
      /NPY data is truncated: shape \[2, 3\] of float32 needs 24 data bytes, found 14/,
    ],
    ['magic.npz', 'le_f4.npy', readNpz, /not NPZ data: wrong magic/],
    ['dtype.npy', 'complex64.npy', readNpy, /unsupported dtype '<c8'/],
    ['bad.nii', 'palette8.png', readNifti, /not NIfTI-1 data/],
    [
      'trunc.nii',
      'be_int16_scaled.nii',
      readNifti,
      /NIfTI data is truncated: dims \[3, 2, 2\] of int16 need 24 bytes/,
    ],
    ['bad.png', 'le_f4.npy', readPng, /not PNG data: wrong signature/],
    ['any.npy', 'gray8.png', readArrayFile, /not NPY data: wrong magic/],
  ];
  for (const [name, source, read, problem] of cases) {
    it(`${read.name}: ${name}`, async () => {
      const dir = freshDir();
      const file = join(dir, name);
      const bytes = fixture(source);
      writeFileSync(file, name.startsWith('trunc') ? bytes.subarray(0, bytes.length - 10) : bytes);
      const e = await rejection(read(file));
      expect(e).toBeInstanceOf(IoFormatError);
      expect((e as IoFormatError).path).toBe(file);
      expect(e.message.startsWith(`${file}: `)).toBe(true);
      expect(e.message).toMatch(problem);
      expect((e.cause as IoFormatError).path).toBeUndefined(); // the codec's own error, without a path
    });
  }

  it('a missing file is an IoFileError with code ENOENT and the path', async () => {
    const file = join(freshDir(), 'missing.npy');
    const e = await rejection(readNpy(file));
    expect(e).toBeInstanceOf(IoFileError);
    expect((e as IoFileError).code).toBe('ENOENT');
    expect((e as IoFileError).path).toBe(file);
    expect(e.message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the file \\(ENOENT`),
    );
  });

  it('writing into a missing directory is an IoFileError naming the destination', async () => {
    const file = join(freshDir(), 'no', 'such', 'dir', 'x.npy');
    const e = await rejection(writeNpy(file, { data: [1], shape: [1] }));
    expect(e).toBeInstanceOf(IoFileError);
    expect((e as IoFileError).path).toBe(file);
    expect((e as IoFileError).code).toBe('ENOENT');
  });

  it('argument errors keep their kind and gain the path', async () => {
    const file = join(freshDir(), 'x.npy');
    const e = await rejection(writeNpy(file, { data: [1, 2], shape: [3] }));
    expect(e).toBeInstanceOf(RangeError);
    expect((e as RangeError & { path: string }).path).toBe(file);
    expect(e.message).toMatch(/x\.npy: array\.data\.length \(2\) must equal/);
    const t = await rejection(writeNpy(file, { data: 'abc', shape: [3] } as never));
    expect(t).toBeInstanceOf(TypeError);
    expect(await rejection(readNpy(42 as never))).toBeInstanceOf(TypeError);
  });
});

describe('writes are all-or-nothing', () => {
  it('a conversion error in a later block leaves no output and no temporary file', async () => {
    const dir = freshDir();
    const file = join(dir, 'big.npy');
    const data = new Float64Array((1 << 20) + 10); // two blocks of the chunked encoder
    data[data.length - 1] = 300;
    const e = await rejection(writeNpy(file, { data, shape: [data.length] }, { dtype: 'uint8' }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toMatch(/big\.npy: array\.data\[1048585\] = 300 cannot be stored as uint8/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failure after bytes reached the temporary file removes it and keeps the previous output', async () => {
    const dir = freshDir();
    const file = join(dir, 'out.bin');
    writeFileSync(file, 'previous');
    let seen: string[] = [];
    function* chunks(): Generator<Uint8Array> {
      yield new Uint8Array([1, 2, 3]);
      seen = readdirSync(dir).sort(); // the partial temporary file exists now
      throw new Error('encoder failed midway');
    }
    await expect(writeFileAtomic(file, chunks())).rejects.toThrow('encoder failed midway');
    expect(seen).toHaveLength(2);
    expect(seen.find((n) => n !== 'out.bin')).toMatch(/^\.out\.bin\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(readdirSync(dir)).toEqual(['out.bin']);
    expect(readFileSync(file, 'utf8')).toBe('previous');
  });

  it('a failing rename (the destination is a directory) removes the temporary file', async () => {
    const dir = freshDir();
    const target = join(dir, 'taken.npy');
    mkdirSync(join(target, 'inner'), { recursive: true });
    const e = await rejection(writeNpy(target, { data: [1], shape: [1] }));
    expect(e).toBeInstanceOf(IoFileError);
    expect((e as IoFileError).path).toBe(target);
    expect(readdirSync(dir)).toEqual(['taken.npy']);
  });

  it('a successful write replaces the previous file', async () => {
    const dir = freshDir();
    const file = join(dir, 'r.npy');
    writeFileSync(file, 'old');
    await writeNpy(file, { data: [7], shape: [1] });
    expect((await readNpy(file)).data).toEqual(new Float64Array([7]));
    expect(readdirSync(dir)).toEqual(['r.npy']);
  });
});

describe('the shared read option', () => {
  const isShared = (a: ArrayBufferView) => a.buffer instanceof SharedArrayBuffer;

  it('reads .npy, .npz, .nii and .nii.gz into a SharedArrayBuffer, with the values of an ordinary read', async () => {
    const dir = freshDir();
    const data = Float32Array.from({ length: 24 }, (_, i) => i / 24);
    const array = { data, shape: [2, 3, 4] };
    const files = {
      npy: join(dir, 'p.npy'),
      npz: join(dir, 'p.npz'),
      nii: join(dir, 'p.nii'),
      gz: join(dir, 'p.nii.gz'),
    };
    await writeNpy(files.npy, array);
    await writeNpz(files.npz, { probabilities: array });
    writeFileSync(files.nii, encodeNifti({ data, dims: [4, 3, 2] }));
    await writeNifti(files.gz, { data, dims: [4, 3, 2] });
    for (const path of Object.values(files)) {
      const key = path.endsWith('.npz') ? { key: 'probabilities' } : {};
      const plain = await readArrayFile(path, key);
      const shared = await readArrayFile(path, { ...key, shared: true });
      expect(isShared(plain.data), path).toBe(false);
      expect(isShared(shared.data), path).toBe(true);
      expect(shared.data).toEqual(plain.data);
      expect(shared.shape).toEqual(plain.shape);
    }
    expect(isShared((await readNpy(files.npy, { shared: true })).data)).toBe(true);
    expect(isShared((await readNifti(files.gz, { shared: true })).data)).toBe(true);
  });

  it('is a TypeError when not a boolean', async () => {
    const path = join(freshDir(), 'p.npy');
    await writeNpy(path, { data: new Float32Array(2), shape: [2] });
    await expect(readNpy(path, { shared: 1 as unknown as boolean })).rejects.toThrow(
      /options\.shared must be a boolean, got number/,
    );
  });
});
