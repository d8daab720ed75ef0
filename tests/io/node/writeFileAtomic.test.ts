import { lstat, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/io/node/writeFileAtomic';
import { tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});
afterEach(() => remove());
const bytes = (text: string) => [new TextEncoder().encode(text)];

describe('writeFileAtomic and symbolic links', () => {
  it('writes through a link: the file it points to gets the content, the link stays a link', async () => {
    await writeFile(join(dir, 'target.npy'), 'old');
    await symlink('target.npy', join(dir, 'link.npy'));
    await writeFileAtomic(join(dir, 'link.npy'), bytes('new'));
    expect((await lstat(join(dir, 'link.npy'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, 'link.npy'))).toBe('target.npy');
    expect(await readFile(join(dir, 'target.npy'), 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['link.npy', 'target.npy']); // no temporary file left
  });

  it('follows a chain of links, and creates the file a dangling link points to', async () => {
    await symlink('b.npy', join(dir, 'a.npy'));
    await symlink('c.npy', join(dir, 'b.npy'));
    await writeFileAtomic(join(dir, 'a.npy'), bytes('x'));
    expect(await readFile(join(dir, 'c.npy'), 'utf8')).toBe('x');
    expect((await lstat(join(dir, 'b.npy'))).isSymbolicLink()).toBe(true);
  });

  it('a link loop is an error and writes nothing', async () => {
    await symlink('q.npy', join(dir, 'p.npy'));
    await symlink('p.npy', join(dir, 'q.npy'));
    await expect(writeFileAtomic(join(dir, 'p.npy'), bytes('x'))).rejects.toThrow(
      /too many levels of symbolic links/,
    );
    expect((await readdir(dir)).sort()).toEqual(['p.npy', 'q.npy']);
  });
});
