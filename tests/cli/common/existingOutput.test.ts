import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existingOutput } from '../../../src/cli/common/existingOutput';
import { writeArrayFile, writeNpz } from '../../../src/io/node/index';
import { tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);
const MASK = { data: Uint8Array.from({ length: 6 * 7 * 5 }, (_, i) => (i * 7) % 3), shape: [6, 7, 5] };
const IMAGE = { data: Uint8Array.from({ length: 6 * 7 }, (_, i) => i % 3), shape: [6, 7] };

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  await writeArrayFile(at('m.npy'), MASK);
  await writeArrayFile(at('m.npz'), MASK, { key: 'mask' });
  await writeArrayFile(at('m.nii'), MASK);
  await writeArrayFile(at('m.nii.gz'), MASK);
  await writeArrayFile(at('m.png'), IMAGE, { png: 'labels' });
});
afterAll(() => remove());

/** A copy of `name` cut to `bytes` (negative: that many bytes fewer), as `cut.<name>`. */
async function cut(name: string, bytes: number): Promise<string> {
  const whole = await readFile(at(name));
  const path = at(`cut${bytes}.${name}`);
  await writeFile(path, whole.subarray(0, bytes < 0 ? whole.length + bytes : bytes));
  return path;
}

describe('--skip-existing: an output is complete when its header decodes and its size agrees', () => {
  it.each(['m.npy', 'm.npz', 'm.nii', 'm.nii.gz', 'm.png'])(
    '%s as rankseg writes it is complete',
    async (name) => {
      expect(await existingOutput(at(name))).toEqual({ state: 'complete' });
    },
  );

  it('a missing output is missing (also under a missing folder)', async () => {
    expect(await existingOutput(at('none.npy'))).toEqual({ state: 'missing' });
    expect(await existingOutput(at('no/such/folder.npy'))).toEqual({ state: 'missing' });
  });

  it.each([
    ['m.npy', -1, /bytes; its header says/],
    ['m.npy', 20, /truncated|header/],
    ['m.npz', -1, /NPZ archive/],
    ['m.nii', -1, /bytes; its header says 562/],
    ['m.nii', 100, /truncated/],
    ['m.nii.gz', -1, /gzip trailer/],
    ['m.png', -1, /IEND/],
    ['m.png', 10, /not a PNG/],
  ] as const)('%s cut by %d bytes is incomplete, with the reason', async (name, bytes, reason) => {
    const found = await existingOutput(await cut(name, bytes));
    expect(found.state).toBe('incomplete');
    expect(found.state === 'incomplete' ? found.reason : '').toMatch(reason);
  });

  it('a .nii.gz whose gzip trailer disagrees with its header is incomplete (another volume gzipped under its name)', async () => {
    const raw = await readFile(at('m.nii'));
    const longer = Buffer.concat([raw, Buffer.alloc(8)]); // 8 bytes past the voxels: another size
    await writeFile(at('other.nii.gz'), gzipSync(longer));
    const found = await existingOutput(at('other.nii.gz'));
    expect(found).toEqual({
      state: 'incomplete',
      reason: 'its gzip trailer says 570 bytes inflated; its header says 562',
    });
    await writeFile(at('same.nii.gz'), gzipSync(raw)); // another gzip of the same bytes: complete
    expect(await existingOutput(at('same.nii.gz'))).toEqual({ state: 'complete' });
  });

  it('a folder, or a file of another format under the name, is not complete', async () => {
    await mkdir(at('folder.npy'));
    expect((await existingOutput(at('folder.npy'))).state).toBe('incomplete');
    await writeFile(at('text.npy'), 'not an array at all, but long enough to hold a header');
    expect((await existingOutput(at('text.npy'))).state).toBe('incomplete');
    await writeFile(at('empty.png'), '');
    expect((await existingOutput(at('empty.png'))).state).toBe('incomplete');
    const zipless = at('zipless.npz');
    await writeFile(zipless, await readFile(at('m.npy')));
    expect((await existingOutput(zipless)).state).toBe('incomplete');
  });

  it('an .npz whose last member runs into its directory is incomplete', async () => {
    // a stored member claiming more bytes than lie before the directory
    await writeNpz(at('stored.npz'), { mask: MASK }, { compression: 'store' });
    const bytes = new Uint8Array(await readFile(at('stored.npz')));
    const view = new DataView(bytes.buffer);
    const eocd = bytes.length - 22;
    const cd = view.getUint32(eocd + 16, true);
    view.setUint32(cd + 20, view.getUint32(cd + 20, true) + 1000, true); // compressed size in the directory
    await writeFile(at('long.npz'), bytes);
    const found = await existingOutput(at('long.npz'));
    expect(found).toEqual({ state: 'incomplete', reason: 'member "mask.npy" runs into the directory' });
  });

  it('reads only the header and the tail, not the data (a truncated file is found without reading it)', async () => {
    // a 64 MiB .npy with its last byte missing: the check answers from its header and size
    const big = at('big.npy');
    await writeArrayFile(big, { data: new Uint8Array(1), shape: [1] });
    const header = (await readFile(big)).subarray(0, 128);
    // the same header length: 7 more digits, 7 fewer padding spaces
    const text = header.toString('latin1').replace("'shape': (1,), }       ", "'shape': (67108864,), }");
    expect(text.length).toBe(128);
    await writeFile(big, Buffer.from(text, 'latin1'));
    await truncate(big, 128 + 67_108_863);
    expect(await existingOutput(big)).toEqual({
      state: 'incomplete',
      reason: `${128 + 67_108_863} bytes; its header says ${128 + 67_108_864}`,
    });
  });
});
