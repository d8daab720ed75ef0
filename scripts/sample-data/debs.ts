/** Fetches (with `apt-get download`, no install) and unpacks Debian packages with `dpkg-deb -x`. */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** An unpacked `.deb`. */
export interface UnpackedDeb {
  name: string;
  version: string;
  /** The `.deb` file name, e.g. `python3-skimage_0.19.3-8_all.deb`. */
  debFile: string;
  /** Directory the package's files were unpacked into (paths inside start with `usr/`). */
  root: string;
}

function field(deb: string, name: string): string {
  return execFileSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' }).trim();
}

/**
 * Unpacks package `name` into `workDir/name`. Uses `debPath` when given, else runs
 * `apt-get download name` in `workDir` (needs a current apt index: `apt-get update`).
 * @throws Error when apt-get or dpkg-deb fails, or the `.deb` is another package.
 */
export function unpackDeb(name: string, workDir: string, debPath?: string): UnpackedDeb {
  let deb: string;
  if (debPath) {
    deb = resolve(debPath);
  } else {
    execFileSync('apt-get', ['download', name], { cwd: workDir, stdio: ['ignore', 'ignore', 'pipe'] });
    const found = readdirSync(workDir).filter((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
    if (found.length !== 1) throw new Error(`apt-get download ${name} left ${found.length} .deb files`);
    deb = join(workDir, found[0]!);
  }
  const pkg = field(deb, 'Package');
  if (pkg !== name) throw new Error(`${deb} holds package ${pkg}, expected ${name}`);
  const root = join(workDir, name);
  execFileSync('dpkg-deb', ['-x', deb, root]);
  return { name, version: field(deb, 'Version'), debFile: basename(deb), root };
}
