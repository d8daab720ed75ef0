/**
 * The package as a stranger installs it: `npm pack`, then `npm install <tarball>` into a fresh
 * project, then every entry imported (ESM) and required (CommonJS), the `rankseg` command run,
 * and the packaging linted (publint, @arethetypeswrong/cli with the node16 profile).
 *
 * The tarball is packed from the dist/ that `npm test` builds first (`--ignore-scripts`: running
 * `prepack` here would rebuild dist/ under the feet of the tests running beside this one); that
 * `prepack` builds is checked on package.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
  scripts: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
};
const entries = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => k.replace(/^\./, 'rankseg'));

let work = '';
let tarball = '';
const run = (cmd: string, args: string[], cwd = work) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rankseg-pack-'));
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root),
  ) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);
  const project = join(work, 'project');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
  run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], project);
  work = project;
}, 180_000);

afterAll(() => rmSync(join(work, '..'), { recursive: true, force: true }));

test('package.json builds before packing and names the command as npm keeps it', () => {
  expect(pkg.scripts.prepack).toMatch(/build/);
  expect(pkg.bin).toEqual({ rankseg: 'dist/cli.js' });
});

test('the tarball ships the build, its sources (declaration maps point there), the samples and the docs, and no tests', () => {
  const files = readdirSync(join(work, 'node_modules/rankseg/dist'));
  expect(files).toContain('cli.js');
  expect(files).not.toContain('cli.cjs');
  expect(files).toContain('worker.js'); // solveAsync's worker entry (ESM for both builds)
  for (const name of ['index', 'io', 'io-node', 'transformers', 'tfjs', 'mediapipe', 'ndarray']) {
    for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) expect(files).toContain(name + ext);
  }
  const top = readdirSync(join(work, 'node_modules/rankseg'));
  expect(top).toEqual(
    expect.arrayContaining(['README.md', 'LICENSE', 'CHANGELOG.md', 'dist', 'src', 'data']),
  );
  expect(top).not.toContain('tests');
});

test('every entry imports as ESM and requires as CommonJS, with its exports', () => {
  writeFileSync(
    join(work, 'esm.mjs'),
    `for (const e of ${JSON.stringify(entries)}) {
       const m = await import(e);
       console.log(e, Object.keys(m).length);
     }`,
  );
  writeFileSync(
    join(work, 'cjs.cjs'),
    `for (const e of ${JSON.stringify(entries)}) console.log(e, Object.keys(require(e)).length);`,
  );
  for (const script of ['esm.mjs', 'cjs.cjs']) {
    const lines = run('node', [script]).trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(entries);
    for (const l of lines) expect(Number(l.split(' ')[1])).toBeGreaterThan(0);
  }
});

test('an IoFormatError thrown by rankseg/io/node is an instance of the one rankseg/io exports', () => {
  writeFileSync(join(work, 'bad.npy'), 'not an npy file');
  const check = `
    const bad = ${JSON.stringify(join(work, 'bad.npy'))};
    try { await node.readNpy(bad); console.log('no error'); }
    catch (e) { console.log(e instanceof io.IoFormatError, e instanceof node.IoFormatError); }`;
  writeFileSync(
    join(work, 'instance.mjs'),
    `import * as io from 'rankseg/io'; import * as node from 'rankseg/io/node';${check}`,
  );
  writeFileSync(
    join(work, 'instance.cjs'),
    `const io = require('rankseg/io'); const node = require('rankseg/io/node');
     (async () => {${check}})();`,
  );
  expect(run('node', ['instance.mjs']).trim()).toBe('true true');
  expect(run('node', ['instance.cjs']).trim()).toBe('true true');
});

test('solveAsync from the installed package (ESM and CommonJS) gives the bytes of solve on worker threads, and node exits', () => {
  const check = `
    const data = new Float32Array(3 * 4 * 1024);
    let s = 3;
    for (let i = 0; i < data.length; i++) { s = (s * 16807) % 2147483647; data[i] = s / 2147483647; }
    const probs = { data, shape: [3, 4, 32, 32] };
    const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const threads = [];
    Promise.all([
      rankseg.solveAsync(probs, { threads: 2, onProgress: (p) => threads.push(p.threads) }),
      rankseg.solveAsync(probs, { threads: 2, outputMode: 'multilabel' }),
    ]).then(([a, b]) => {
      const sa = rankseg.solve(probs);
      const sb = rankseg.solve(probs, { outputMode: 'multilabel' });
      console.log(bytes(a.mask.data).equals(bytes(sa.mask.data)) && bytes(a.expected).equals(bytes(sa.expected)),
        bytes(b.mask.data).equals(bytes(sb.mask.data)), Math.max(...threads));
    });`;
  writeFileSync(join(work, 'async.mjs'), `import * as rankseg from 'rankseg';${check}`);
  writeFileSync(join(work, 'async.cjs'), `const rankseg = require('rankseg');${check}`);
  for (const script of ['async.mjs', 'async.cjs']) {
    const out = execFileSync('node', [script], { cwd: work, encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe('true true 2');
  }
});

test('npx rankseg --version prints the package version', () => {
  expect(run('npx', ['--no-install', 'rankseg', '--version']).trim()).toBe(pkg.version);
});

test('publint and arethetypeswrong (node16) find nothing to report', () => {
  const lint = run(join(root, 'node_modules/.bin/publint'), ['run', join(work, 'node_modules/rankseg')]);
  expect(lint).toMatch(/All good/);
  // attw exits non-zero on any problem; node10 resolution is out of scope for an exports-only package.
  const attw = run(join(root, 'node_modules/.bin/attw'), [
    tarball,
    '--profile',
    'node16',
    '--format',
    'json',
  ]);
  const report = JSON.parse(attw) as { analysis: { problems: { resolutionKind?: string }[] } };
  expect(report.analysis.problems.filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
});
