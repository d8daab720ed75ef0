import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_FORMATS, type FuzzFormat, seedFiles } from '../../scripts/fuzz/corpus';
import { checkChanged, type FuzzReport, runFuzz, sameDecode } from '../../scripts/fuzz/fuzz';
import { mutate } from '../../scripts/fuzz/mutate';
import { seeded } from '../../scripts/random';
import { decodeNifti, decodeNpy, decodeNpz, decodePng, IoFormatError } from '../../src/io/index';
import { readNifti, readNpy, readNpz, readPng } from '../../src/io/node/index';

/**
 * The seeded mutation fuzzer (scripts/fuzz; `npm run fuzz` runs it at 5,000+ cases per format):
 * 300 cases per format here. Every outcome must be an IoFormatError, a decode identical to the
 * original, or (only where the format has no checksum) a change a reference read confirms; each
 * case within 2 s and 256 MiB of ArrayBuffer growth.
 */
const reports: FuzzReport[] = [];
afterAll(() => {
  const lines = reports.map(
    (r) =>
      `  ${r.format}: ${r.cases} cases, IoFormatError ${r.counts.error}, identical ${r.counts.identical}, changed (confirmed) ${r.counts.changed}, failures ${r.counts.failure}; slowest ${r.maxMs.toFixed(1)} ms`,
  );
  console.log(`fuzz (seed 14):\n${lines.join('\n')}`);
});

describe('mutated files end in an IoFormatError or a decode the bytes justify (300 cases per format)', () => {
  for (const format of FUZZ_FORMATS) {
    it(`${format}: no failure, every outcome accounted for`, () => {
      const report = runFuzz(format, 300, 14);
      reports.push(report);
      expect(report.failures).toEqual([]);
      const { error, identical, changed } = report.counts;
      expect(error + identical + changed).toBe(300);
      expect(error).toBeGreaterThan(100); // the mutations do reach the checks
    });
  }
});

const decoders: Record<FuzzFormat, (b: Uint8Array) => unknown> = {
  npy: decodeNpy,
  npz: decodeNpz,
  nii: decodeNifti,
  'nii.gz': decodeNifti,
  png: decodePng,
};
const readers: Record<FuzzFormat, (p: string) => Promise<unknown>> = {
  npy: readNpy,
  npz: readNpz,
  nii: readNifti,
  'nii.gz': readNifti,
  png: readPng,
};

describe('the Node file readers agree with the in-memory decoders on mutated files (40 per format)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rankseg-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const format of FUZZ_FORMATS) {
    it(`${format}: same result, or the same IoFormatError message after the path`, async () => {
      const seeds = seedFiles(format);
      const random = seeded(99);
      for (let i = 0; i < 40; i++) {
        const { bytes } = mutate(seeds[i % seeds.length]!, random);
        const file = join(dir, `case${i}.${format}`);
        writeFileSync(file, bytes);
        let memory: unknown;
        let disk: unknown;
        try {
          memory = decoders[format](bytes);
        } catch (e) {
          memory = e;
        }
        try {
          disk = await readers[format](file);
        } catch (e) {
          disk = e;
        }
        if (memory instanceof Error) {
          expect(memory).toBeInstanceOf(IoFormatError);
          expect(disk).toBeInstanceOf(IoFormatError);
          expect((disk as Error).message).toBe(`${file}: ${memory.message}`);
        } else {
          expect(sameDecode(disk, memory)).toBe(true);
        }
      }
    });
  }
});

describe('the judge can tell a wrong decode (so a passing fuzz run means something)', () => {
  it('a changed decode of checksummed data fails; a changed .npy decode must match the reference read', () => {
    const [npz] = seedFiles('npz');
    const original = decodeNpz(npz!.bytes) as Record<string, { data: Float32Array }>;
    const tampered = structuredClone(original);
    tampered.probs!.data[0] = 0.5;
    expect(checkChanged('npz', { bytes: npz!.bytes, kind: 'bitflip' }, tampered, original)).toMatch(
      /checksummed data/,
    );
    const [npy] = seedFiles('npy');
    const bytes = npy!.bytes.slice();
    bytes[bytes.length - 1]! ^= 0x40; // a data byte of the last float32
    const truth = decodeNpy(bytes);
    expect(checkChanged('npy', { bytes, kind: 'bitflip' }, truth, decodeNpy(npy!.bytes))).toBeUndefined();
    const wrong = { ...truth, data: (truth.data as Float32Array).slice() };
    wrong.data[0] = 42;
    expect(checkChanged('npy', { bytes, kind: 'bitflip' }, wrong, decodeNpy(npy!.bytes))).toMatch(
      /reference read/,
    );
  });
});
