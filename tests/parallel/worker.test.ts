/**
 * The built package as a user runs it: solveAsync from dist/ (ESM and CommonJS) finds its worker
 * entry by itself, gives solve()'s bytes, and a `node` process that calls it exits by itself
 * (idle workers do not hold it).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST_INDEX, DIST_INDEX_CJS, requireBuild } from '../helpers/distWorker';

beforeAll(requireBuild);

const script = (load: string) => `
  ${load}
  const data = new Float32Array(2 * 3 * 4096);
  let s = 7;
  for (let i = 0; i < data.length; i++) { s = (s * 16807) % 2147483647; data[i] = s / 2147483647; }
  const probs = { data, shape: [2, 3, 64, 64] };
  const run = async () => {
    const sync = lib.solve(probs, { outputMode: 'multilabel' });
    const seen = [];
    const par = await lib.solveAsync(probs, { outputMode: 'multilabel', threads: 2, onProgress: (p) => seen.push(p.threads) });
    const mask = await lib.ranksegAsync(probs, { threads: 2 });
    const same = (a, b) => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
    console.log(same(sync.mask.data, par.mask.data), same(sync.expected, par.expected), same(mask.data, lib.rankseg(probs).data), Math.max(...seen));
  };
  run();
`;

describe('solveAsync from the built package', () => {
  for (const [kind, load] of [
    ['ESM', `const lib = await import(${JSON.stringify(DIST_INDEX.href)});`],
    ['CommonJS', `const lib = require(${JSON.stringify(fileURLToPath(DIST_INDEX_CJS))});`],
  ] as const) {
    it(`${kind}: gives solve()’s bytes on 2 worker threads, and the process exits by itself`, () => {
      const args = kind === 'ESM' ? ['--input-type=module', '-e', script(load)] : ['-e', script(load)];
      // A process held by a worker would hit the timeout (execFileSync throws).
      const out = execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
      expect(out.trim()).toBe('true true true 2');
    });
  }
});
