/**
 * `npm run fuzz [-- --cases N] [--seed S] [--format npy|npz|nii|nii.gz|png]`: the mutation fuzzer
 * at a larger count than `npm test` runs (default 5,000 cases per format), printing the counts per
 * outcome and every failure (exit code 1 when there is one).
 *
 * @module
 */

import { FUZZ_FORMATS, type FuzzFormat } from './corpus';
import { runFuzz } from './fuzz';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const cases = Number(flag('cases', '5000'));
const seed = Number(flag('seed', '1'));
const only = flag('format', '');
if (!Number.isSafeInteger(cases) || cases < 1)
  throw new RangeError(`--cases must be a positive integer, got ${cases}`);
const formats = only === '' ? FUZZ_FORMATS : FUZZ_FORMATS.filter((f) => f === (only as FuzzFormat));
if (formats.length === 0)
  throw new RangeError(`--format must be one of ${FUZZ_FORMATS.join(', ')}, got ${only}`);

let failed = 0;
console.log(`seed ${seed}, ${cases} cases per format`);
console.log(
  'format  | cases | IoFormatError | identical | changed (confirmed) | failures | slowest ms | max ArrayBuffer growth',
);
for (const format of formats) {
  const r = runFuzz(format, cases, seed);
  const c = r.counts;
  console.log(
    `${format.padEnd(7)} | ${r.cases} | ${c.error} | ${c.identical} | ${c.changed} | ${c.failure} | ${r.maxMs.toFixed(1)} | ${(r.maxArrayBufferGrowth / 2 ** 20).toFixed(1)} MiB`,
  );
  for (const f of r.failures.slice(0, 20))
    console.log(`  FAIL ${f.seedFile} case ${f.caseIndex} (${f.kind}): ${f.reason}`);
  failed += r.failures.length;
}
process.exitCode = failed > 0 ? 1 : 0;
