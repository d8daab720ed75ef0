/**
 * The mutation fuzzer: seeded mutations of valid files, each decoded by the format's reader and
 * judged. Every outcome must be one of
 * - `error`: an `IoFormatError`;
 * - `identical`: a decode equal to the original's (only bytes the format ignores were touched);
 * - `changed`: a different decode that a reference read of the mutated bytes confirms, possible
 *   only where the format has no checksum (`.npy`, `.nii`, and the inner file of a compressed
 *   format re-wrapped with valid checksums);
 * and must finish within a time and memory budget. Anything else is a `failure`: another error
 * type, a crash, a different decode of checksummed data, or a budget overrun.
 *
 * @module
 */

import { IoFormatError } from '../../src/io/errors';
import { decodeNifti } from '../../src/io/nifti/decodeNifti';
import { decodeNpy } from '../../src/io/npy/decodeNpy';
import { decodeNpz } from '../../src/io/npy/decodeNpz';
import { decodePng } from '../../src/io/png/decodePng';
import { seeded } from '../random';
import { type FuzzFormat, type SeedFile, seedFiles } from './corpus';
import { type Mutant, mutate } from './mutate';
import { type ReferenceArray, referenceNifti, referenceNpy } from './reference';

/** How one case ended. */
export type Outcome = 'error' | 'identical' | 'changed' | 'failure';

/** A case that broke a rule, with what is needed to reproduce it. */
export interface FuzzFailure {
  format: FuzzFormat;
  seedFile: string;
  caseIndex: number;
  kind: string;
  reason: string;
}

/** Counts of a run. */
export interface FuzzReport {
  format: FuzzFormat;
  cases: number;
  counts: Record<Outcome, number>;
  /** Slowest case, ms. */
  maxMs: number;
  /** Largest growth of `process.memoryUsage().arrayBuffers` right after a case, bytes. */
  maxArrayBufferGrowth: number;
  failures: FuzzFailure[];
}

/** Budgets per case, generous (a seed file decodes in well under a millisecond). */
export interface FuzzBudget {
  ms: number;
  bytes: number;
}

export const DEFAULT_BUDGET: FuzzBudget = { ms: 2000, bytes: 256 * 2 ** 20 };

function decode(format: FuzzFormat, bytes: Uint8Array): unknown {
  switch (format) {
    case 'npy':
      return decodeNpy(bytes);
    case 'npz':
      return decodeNpz(bytes);
    case 'nii':
    case 'nii.gz':
      return decodeNifti(bytes);
    default:
      return decodePng(bytes);
  }
}

/** Deep equality of decoded results (typed arrays element-wise, NaN equal to NaN). */
export function sameDecode(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameDecode((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether decoded values match a reference read (float32 results may round the reference). */
function matchesReference(shape: number[], data: ArrayLike<number | bigint>, ref: ReferenceArray): boolean {
  if (shape.length !== ref.shape.length || shape.some((d, k) => d !== ref.shape[k])) return false;
  if (data.length !== ref.values.length) return false;
  for (let i = 0; i < data.length; i++) {
    const got = data[i]!;
    const want = ref.values[i]!;
    if (Object.is(got, want)) continue;
    if (typeof got === 'number' && typeof want === 'number') {
      if (Number.isNaN(got) && Number.isNaN(want)) continue;
      if (Object.is(got, Math.fround(want))) continue;
    }
    return false;
  }
  return true;
}

/**
 * Why a successful decode that differs from the original is wrong, or undefined when a reference
 * read of the mutated bytes confirms it.
 *
 * @example
 * ```ts
 * checkChanged('npz', mutant, result, original); // 'checksummed data decoded differently…' for an outer mutation
 * ```
 */
export function checkChanged(
  format: FuzzFormat,
  mutant: Mutant,
  result: unknown,
  original: unknown,
): string | undefined {
  if (format === 'npy') {
    const r = result as { shape: number[]; data: ArrayLike<number | bigint> };
    const ref = referenceNpy(mutant.bytes);
    return ref !== undefined && matchesReference(r.shape, r.data, ref)
      ? undefined
      : 'decode disagrees with a reference read';
  }
  if (format === 'nii') {
    const r = result as { dims: number[]; data: ArrayLike<number | bigint> };
    const ref = referenceNifti(mutant.bytes);
    return ref !== undefined && matchesReference(r.dims, r.data, ref)
      ? undefined
      : 'decode disagrees with a reference read';
  }
  const inner = mutant.inner;
  if (inner === undefined) return 'checksummed data decoded differently from the original';
  if (inner.format === 'npy') {
    // the other members must be untouched; the mutated one must match a reference read
    const ref = referenceNpy(inner.bytes);
    const members = Object.values(
      result as Record<string, { shape: number[]; data: ArrayLike<number | bigint> }>,
    );
    const originals = Object.values(original as Record<string, unknown>);
    const differing = members.filter((m, k) => !sameDecode(m, originals[k]));
    if (differing.length !== 1 || ref === undefined) return 'members other than the mutated one changed';
    return matchesReference(differing[0]!.shape, differing[0]!.data, ref)
      ? undefined
      : 'member disagrees with a reference read';
  }
  if (inner.format === 'nii') {
    const r = result as { dims: number[]; data: ArrayLike<number | bigint> };
    const ref = referenceNifti(inner.bytes);
    return ref !== undefined && matchesReference(r.dims, r.data, ref)
      ? undefined
      : 'decode disagrees with a reference read';
  }
  // PNG scanlines changed: the pixels may change, the image's geometry and palette may not
  const a = result as {
    width: number;
    height: number;
    channels: number;
    bitDepth: number;
    palette?: unknown;
  };
  const b = original as typeof a;
  const same =
    a.width === b.width && a.height === b.height && a.channels === b.channels && a.bitDepth === b.bitDepth;
  return same && sameDecode(a.palette, b.palette) ? undefined : 'image geometry changed with the pixel data';
}

/**
 * Runs `cases` mutations of the format's seed files (round robin), from `seed`.
 *
 * @example
 * ```ts
 * const report = runFuzz('npz', 300, 1);
 * report.counts; // { error: …, identical: …, changed: …, failure: 0 }
 * ```
 */
export function runFuzz(
  format: FuzzFormat,
  cases: number,
  seed: number,
  budget: FuzzBudget = DEFAULT_BUDGET,
): FuzzReport {
  const seeds: SeedFile[] = seedFiles(format);
  const originals = seeds.map((s) => decode(format, s.bytes));
  const random = seeded(seed);
  const report: FuzzReport = {
    format,
    cases,
    counts: { error: 0, identical: 0, changed: 0, failure: 0 },
    maxMs: 0,
    maxArrayBufferGrowth: 0,
    failures: [],
  };
  for (let i = 0; i < cases; i++) {
    const which = i % seeds.length;
    const mutant = mutate(seeds[which]!, random);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    let outcome: Outcome;
    let reason = '';
    try {
      const result = decode(format, mutant.bytes);
      if (sameDecode(result, originals[which])) outcome = 'identical';
      else {
        const wrong = checkChanged(format, mutant, result, originals[which]);
        outcome = wrong === undefined ? 'changed' : 'failure';
        reason = wrong ?? '';
      }
    } catch (e) {
      outcome = e instanceof IoFormatError ? 'error' : 'failure';
      if (outcome === 'failure') reason = `threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
    }
    const ms = performance.now() - t0;
    const grown = process.memoryUsage().arrayBuffers - before;
    report.maxMs = Math.max(report.maxMs, ms);
    report.maxArrayBufferGrowth = Math.max(report.maxArrayBufferGrowth, grown);
    if (outcome !== 'failure' && (ms > budget.ms || grown > budget.bytes)) {
      outcome = 'failure';
      reason = `over budget: ${ms.toFixed(0)} ms, ${grown} bytes`;
    }
    report.counts[outcome]++;
    if (outcome === 'failure') {
      report.failures.push({ format, seedFile: seeds[which]!.name, caseIndex: i, kind: mutant.kind, reason });
    }
  }
  return report;
}
