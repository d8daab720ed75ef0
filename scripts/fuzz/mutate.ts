/**
 * The fuzzer's mutations: bit flips, byte runs, truncations, appended bytes, header field edits
 * (at the offsets of each format's fields), and, for compressed formats, mutations of the inner
 * file re-wrapped with correct checksums (so the inner header checks are reached).
 *
 * @module
 */

import { unzipSync, unzlibSync, zlibSync } from 'fflate';
import { concatChunks } from '../../src/io/bytes';
import { crc32 } from '../../src/io/checksum/crc32';
import { gzipChunks } from '../../src/io/compress/deflateChunks';
import { GzipDecoder } from '../../src/io/inflate/GzipDecoder';
import { readPngChunks } from '../../src/io/png/pngChunks';
import { zipChunks } from '../../src/io/zip/zipChunks';
import type { FuzzFormat, SeedFile } from './corpus';
import type { Random } from './random';

/** A mutated file and what was done to it. */
export interface Mutant {
  bytes: Uint8Array;
  /** e.g. `bitflip`, `run`, `truncate`, `append`, `field`, `inner-run`. */
  kind: string;
  /**
   * Set for inner mutations: the mutated inner file (the NPY member, the inflated NIfTI), so the
   * judge can check a successful decode against a reference read of it.
   */
  inner?: { format: 'npy' | 'nii' | 'png-pixels'; bytes: Uint8Array };
}

/** Interesting values for integer fields (as unsigned 32-bit patterns). */
const INTERESTING = [
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
];

/** Places one byte-level mutation of `bytes`. */
function byteMutation(
  bytes: Uint8Array,
  random: Random,
  allowResize: boolean,
): { bytes: Uint8Array; kind: string } {
  const n = bytes.length;
  const op = random.int(allowResize ? 4 : 2);
  const out = bytes.slice();
  if (op === 0) {
    const flips = 1 + random.int(4);
    for (let k = 0; k < flips; k++) out[random.int(n)]! ^= 1 << random.int(8);
    return { bytes: out, kind: 'bitflip' };
  }
  if (op === 1) {
    const length = 1 + random.int(Math.min(32, n));
    const at = random.int(n - length + 1);
    const fill = random.int(3); // random bytes, zeros, 0xff
    for (let i = at; i < at + length; i++) out[i] = fill === 0 ? random.int(256) : fill === 1 ? 0 : 0xff;
    return { bytes: out, kind: 'run' };
  }
  if (op === 2) return { bytes: bytes.slice(0, random.int(n)), kind: 'truncate' };
  const extra = Uint8Array.from({ length: 1 + random.int(64) }, () => (random.int(2) ? 0 : random.int(256)));
  return { bytes: concatChunks([bytes, extra]), kind: 'append' };
}

/** Writes an interesting value into a little- or big-endian field of `width` bytes. */
function setField(out: Uint8Array, at: number, width: 1 | 2 | 4, little: boolean, random: Random): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (at + width > out.length) return;
  const old =
    width === 1 ? view.getUint8(at) : width === 2 ? view.getUint16(at, little) : view.getUint32(at, little);
  const choice = random.int(4);
  let v =
    choice === 0
      ? INTERESTING[random.int(INTERESTING.length)]!
      : choice === 1
        ? old + (random.int(2) ? 1 : -1)
        : choice === 2
          ? old * 2 ** (1 + random.int(8))
          : random.int(2 ** 32);
  v = v >>> 0;
  if (width === 1) view.setUint8(at, v & 0xff);
  else if (width === 2) view.setUint16(at, v & 0xffff, little);
  else view.setUint32(at, v, little);
}

/** Offsets and widths of the header fields worth editing, per uncompressed layout. */
function fieldsOf(
  format: 'npy' | 'nii' | 'zip' | 'gz' | 'png',
  bytes: Uint8Array,
): [number, 1 | 2 | 4, boolean][] {
  switch (format) {
    case 'npy':
      return [
        [6, 1, true],
        [8, bytes[6] === 1 ? 2 : 4, true],
      ];
    case 'nii':
      return [
        [0, 4, true],
        ...Array.from({ length: 8 }, (_, k): [number, 2, boolean] => [40 + 2 * k, 2, true]),
        [70, 2, true],
        [72, 2, true],
        [108, 4, true],
        [112, 4, true],
        [116, 4, true],
        [344, 4, true],
      ];
    case 'zip': {
      // every local header, central directory entry and end record field that sizes or locates data
      const out: [number, 1 | 2 | 4, boolean][] = [];
      for (let p = 0; p + 4 <= bytes.length; p++) {
        const sig = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24);
        if (sig === 0x04034b50)
          for (const o of [6, 8, 14, 18, 22, 26, 28])
            out.push([p + o, o === 6 || o === 8 || o >= 26 ? 2 : 4, true]);
        if (sig === 0x02014b50)
          for (const o of [8, 10, 16, 20, 24, 28, 30, 32, 34, 42])
            out.push([p + o, o <= 10 || (o >= 28 && o <= 34) ? 2 : 4, true]);
        if (sig === 0x06054b50)
          for (const o of [4, 6, 8, 10, 12, 16, 20]) out.push([p + o, o <= 10 || o === 20 ? 2 : 4, true]);
        if (sig === 0x08074b50) for (const o of [4, 8, 12]) out.push([p + o, 4, true]);
      }
      return out;
    }
    case 'gz': {
      const out: [number, 1 | 2 | 4, boolean][] = [];
      for (let p = 0; p + 10 <= bytes.length; p++) {
        if (bytes[p] === 0x1f && bytes[p + 1] === 0x8b && bytes[p + 2] === 8)
          out.push([p + 3, 1, true], [p + 4, 4, true]);
      }
      out.push([bytes.length - 8, 4, true], [bytes.length - 4, 4, true]);
      return out;
    }
    default:
      return [
        [16, 4, false],
        [20, 4, false],
        [24, 1, false],
        [25, 1, false],
        [28, 1, false],
        [33, 4, false],
      ];
  }
}

/** A field edit; for PNG the IHDR CRC is recomputed, so the lie reaches the decoder. */
function fieldMutation(format: FuzzFormat, bytes: Uint8Array, random: Random): Uint8Array {
  const layout = format === 'npz' ? 'zip' : format === 'nii.gz' ? 'gz' : format;
  const fields = fieldsOf(layout, bytes);
  const out = bytes.slice();
  const [at, width, little] = fields[random.int(fields.length)]!;
  setField(out, at, width, little, random);
  if (format === 'png') {
    new DataView(out.buffer).setUint32(29, crc32(out, 0, 12, 29));
  }
  return out;
}

/** Edits the NPY header text: another shape, dtype or order, same length. */
function npyTextEdit(bytes: Uint8Array, random: Random): Uint8Array {
  const out = bytes.slice();
  const prefix = out[6] === 1 ? 10 : 12;
  const length = prefix === 10 ? out[8]! | (out[9]! << 8) : new DataView(out.buffer).getUint32(8, true);
  const text = String.fromCharCode(...out.subarray(prefix, prefix + length));
  const edits: [RegExp, string[]][] = [
    [
      /'descr': '[^']*'/,
      [
        "'descr': '>f4'",
        "'descr': '<f8'",
        "'descr': '|u1'",
        "'descr': '<c8'",
        "'descr': '<U4'",
        "'descr': 'x'",
      ],
    ],
    [
      /'fortran_order': (True|False)/,
      ["'fortran_order': True", "'fortran_order': False", "'fortran_order': 0"],
    ],
    [
      /'shape': \([^)]*\)/,
      [
        "'shape': (99999999999,)",
        "'shape': (0,)",
        "'shape': ()",
        "'shape': (-1, 2)",
        "'shape': (4294967297,)",
        "'shape': (3, 2, 4)",
        "'shape': (1, 1, 1, 1, 1, 1)",
      ],
    ],
  ];
  const [pattern, options] = edits[random.int(edits.length)]!;
  const replacement = options[random.int(options.length)]!;
  let edited = text.replace(pattern, replacement);
  // keep the header length: pad with spaces or cut the trailing spaces
  edited =
    edited.length <= text.length
      ? `${edited.slice(0, -1).padEnd(text.length - 1, ' ')}\n`
      : edited.replace(/ +\n$/, '\n');
  if (edited.length !== text.length) return out;
  for (let i = 0; i < edited.length; i++) out[prefix + i] = edited.charCodeAt(i);
  return out;
}

/** Inflates every gzip member (for inner mutations of `.nii.gz`). */
function gunzipAll(bytes: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = [];
  const gz = new GzipDecoder((p) => pieces.push(p));
  gz.push(bytes);
  gz.finish();
  return concatChunks(pieces);
}

/** Mutates the inner file of a compressed format and wraps it again with valid checksums. */
function innerMutation(seed: SeedFile, random: Random): Mutant {
  const mutateInner = (inner: Uint8Array, format: 'npy' | 'nii'): Uint8Array => {
    const pick = random.int(3);
    if (pick === 0) return byteMutation(inner, random, true).bytes;
    if (pick === 1 && format === 'npy') return npyTextEdit(inner, random);
    return fieldMutation(format, inner, random);
  };
  if (seed.format === 'npz') {
    const members = unzipSync(seed.bytes);
    const names = Object.keys(members);
    const target = names[random.int(names.length)]!;
    const mutated = mutateInner(members[target]!, 'npy');
    const level = seed.name.startsWith('store') ? 0 : 6;
    const bytes = concatChunks(
      zipChunks(
        names.map((name) => ({ name, chunks: [name === target ? mutated : members[name]!] })),
        level,
      ),
    );
    return { bytes, kind: 'inner', inner: { format: 'npy', bytes: mutated } };
  }
  if (seed.format === 'nii.gz') {
    const mutated = mutateInner(gunzipAll(seed.bytes), 'nii');
    return {
      bytes: concatChunks(gzipChunks([mutated])),
      kind: 'inner',
      inner: { format: 'nii', bytes: mutated },
    };
  }
  // PNG: mutate the filtered scanlines, then one IDAT with a fresh zlib stream and CRC
  const { idat } = readPngChunks(seed.bytes);
  const raw = unzlibSync(concatChunks(idat));
  const mutated = byteMutation(raw, random, random.int(4) === 0).bytes;
  const z = zlibSync(mutated);
  const idatStart = findChunk(seed.bytes, 'IDAT');
  const idatEnd = findChunk(seed.bytes, 'IEND');
  const chunk = new Uint8Array(12 + z.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, z.length);
  chunk.set([0x49, 0x44, 0x41, 0x54], 4);
  chunk.set(z, 8);
  view.setUint32(8 + z.length, crc32(chunk, 0, 4, 8 + z.length));
  const bytes = concatChunks([seed.bytes.subarray(0, idatStart), chunk, seed.bytes.subarray(idatEnd)]);
  return { bytes, kind: 'inner', inner: { format: 'png-pixels', bytes: mutated } };
}

function findChunk(png: Uint8Array, type: string): number {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let p = 8; p + 8 <= png.length; p += 12 + view.getUint32(p)) {
    if (String.fromCharCode(...png.subarray(p + 4, p + 8)) === type) return p;
  }
  return png.length;
}

/**
 * One random mutation of `seed`: byte-level (40%), field edit (30%; NPY: header text too), or, for
 * compressed formats, an inner mutation (30%).
 *
 * @example
 * ```ts
 * const m = mutate(seedFiles('npz')[0], seeded(7));
 * ```
 */
export function mutate(seed: SeedFile, random: Random): Mutant {
  const compressed = seed.format === 'npz' || seed.format === 'nii.gz' || seed.format === 'png';
  const r = random();
  if (r < 0.4 || (!compressed && r >= 0.75)) {
    const m = byteMutation(seed.bytes, random, true);
    return m;
  }
  if (r < 0.7 || !compressed) {
    if (seed.format === 'npy' && random.int(2) === 0)
      return { bytes: npyTextEdit(seed.bytes, random), kind: 'npy-text' };
    return { bytes: fieldMutation(seed.format, seed.bytes, random), kind: 'field' };
  }
  return innerMutation(seed, random);
}
