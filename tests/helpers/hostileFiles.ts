/**
 * Hand-made hostile files (issue 14): bombs, lying headers, CRC errors, truncations, multi-member
 * gzip. Assembled here byte by byte from the format descriptions with node:zlib's deflate and
 * CRC-32, independently of the writers under test.
 */
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';

/** Little-endian uint16/uint32 writer. */
function le(bytes: number, value: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let k = 0; k < bytes; k++) out[k] = Math.floor(value / 256 ** k) % 256;
  return out;
}

function be32(value: number): Uint8Array {
  return Uint8Array.of((value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A raw deflate stream that inflates to `prefix` followed by `zeros` zero bytes, built in a few
 * milliseconds whatever `zeros` is: 1 MiB of zeros is deflated once at level 9 and ended with a
 * full flush (byte-aligned, no history), so the same bytes can be repeated; a final empty block
 * closes the stream. About 1 KiB per MiB: a 1 GiB bomb is ~1 MiB.
 */
export function zeroBomb(zeros: number, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const MiB = 1 << 20;
  const parts: Uint8Array[] = [];
  if (prefix.length > 0) parts.push(deflateRawSync(prefix, { finishFlush: constants.Z_FULL_FLUSH }));
  const segment = deflateRawSync(new Uint8Array(MiB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  for (let left = zeros; left > 0; left -= MiB) {
    parts.push(
      left >= MiB ? segment : deflateRawSync(new Uint8Array(left), { finishFlush: constants.Z_FULL_FLUSH }),
    );
  }
  parts.push(Uint8Array.of(0x03, 0x00)); // BFINAL=1, fixed Huffman, end-of-block
  return concat(parts);
}

/** One gzip member around raw deflate data, with the given (possibly wrong) CRC-32 and ISIZE. */
export function gzipMember(deflated: Uint8Array, crc: number, isize: number, extra?: Uint8Array): Uint8Array {
  const flags = extra === undefined ? 0 : 4;
  const header = Uint8Array.of(0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 255);
  const xfield = extra === undefined ? [] : [le(2, extra.length), extra];
  return concat([header, ...xfield, deflated, le(4, crc), le(4, isize % 2 ** 32)]);
}

/** A correct gzip member of `data`; `bgzf` adds the BC extra subfield bgzip writes. */
export function gzipOf(data: Uint8Array, bgzf = false): Uint8Array {
  const extra = bgzf ? Uint8Array.of(0x42, 0x43, 2, 0, 0, 0) : undefined; // BSIZE left 0: readers need not use it
  return gzipMember(deflateRawSync(data), crc32(data), data.length, extra);
}

export { crc32 };

/** A zip member as the tests describe it; `local*` fields override what the local header says. */
export interface ZipSpec {
  name: string;
  method: 0 | 8;
  /** The bytes stored (already deflated when method is 8). */
  stored: Uint8Array;
  crc: number;
  size: number;
  localName?: string;
  localMethod?: number;
  /** Override of the central directory's name length field. */
  centralNameLength?: number;
}

/** A zip archive built from specs: local headers and data, central directory, end record. */
export function zipOf(specs: ZipSpec[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const s of specs) {
    const name = new TextEncoder().encode(s.name);
    const localName = new TextEncoder().encode(s.localName ?? s.name);
    const local = concat([
      le(4, 0x04034b50),
      le(2, 20),
      le(2, 0),
      le(2, s.localMethod ?? s.method),
      le(4, 0),
      le(4, s.crc),
      le(4, s.stored.length),
      le(4, s.size),
      le(2, localName.length),
      le(2, 0),
      localName,
    ]);
    central.push(
      concat([
        le(4, 0x02014b50),
        le(2, 20),
        le(2, 20),
        le(2, 0),
        le(2, s.method),
        le(4, 0),
        le(4, s.crc),
        le(4, s.stored.length),
        le(4, s.size),
        le(2, s.centralNameLength ?? name.length),
        le(2, 0),
        le(2, 0),
        le(2, 0),
        le(2, 0),
        le(4, 0),
        le(4, offset),
        name,
      ]),
    );
    parts.push(local, s.stored);
    offset += local.length + s.stored.length;
  }
  const cd = concat(central);
  const end = concat([
    le(4, 0x06054b50),
    le(2, 0),
    le(2, 0),
    le(2, specs.length),
    le(2, specs.length),
    le(4, cd.length),
    le(4, offset),
    le(2, 0),
  ]);
  return concat([...parts, cd, end]);
}

/** A zip member spec of `data` stored or deflated, with its true CRC and size. */
export function member(name: string, data: Uint8Array, method: 0 | 8): ZipSpec {
  return {
    name,
    method,
    stored: method === 0 ? data : deflateRawSync(data),
    crc: crc32(data),
    size: data.length,
  };
}

/** NPY header bytes (version 1) for `dict`, padded to a multiple of 64 as numpy pads it. */
export function npyHeader(dict: string): Uint8Array {
  let text = dict;
  const total = 10 + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64);
  text += '\n';
  return concat([
    Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0),
    le(2, text.length),
    new TextEncoder().encode(text),
  ]);
}

/** A 352-byte little-endian NIfTI-1 header: dims, datatype/bitpix, vox_offset 352, scaling. */
export function niftiHeader(
  dims: number[],
  datatype: number,
  bitpix: number,
  slope = 1,
  inter = 0,
): Uint8Array {
  const out = new Uint8Array(352);
  const v = new DataView(out.buffer);
  v.setInt32(0, 348, true);
  v.setInt16(40, dims.length, true);
  dims.forEach((d, k) => {
    v.setInt16(42 + 2 * k, d, true);
  });
  for (let k = dims.length; k < 7; k++) v.setInt16(42 + 2 * k, 1, true);
  v.setInt16(70, datatype, true);
  v.setInt16(72, bitpix, true);
  for (let k = 0; k < 8; k++) v.setFloat32(76 + 4 * k, 1, true);
  v.setFloat32(108, 352, true);
  v.setFloat32(112, slope, true);
  v.setFloat32(116, inter, true);
  out.set([0x6e, 0x2b, 0x31, 0], 344);
  return out;
}

/** A PNG chunk with its CRC-32 (or a given wrong one). */
export function pngChunk(type: string, data: Uint8Array, crc?: number): Uint8Array {
  const head = concat([be32(data.length), new TextEncoder().encode(type)]);
  const body = concat([head.subarray(4), data]);
  return concat([head.subarray(0, 4), body, be32(crc ?? crc32(body))]);
}

/** A PNG of the given IHDR fields and IDAT payload. */
export function pngOf(
  width: number,
  height: number,
  depth: number,
  colorType: number,
  idat: Uint8Array,
): Uint8Array {
  const ihdr = concat([be32(width), be32(height), Uint8Array.of(depth, colorType, 0, 0, 0)]);
  return concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** A zlib stream (header, deflate, Adler-32) of `data`, from node:zlib. */
export function zlibOf(data: Uint8Array): Uint8Array {
  return new Uint8Array(deflateSync(data));
}

/** A zlib stream around raw deflate data with a given Adler-32 (header 78 9c). */
export function zlibAround(deflated: Uint8Array, adler: number): Uint8Array {
  return concat([Uint8Array.of(0x78, 0x9c), deflated, be32(adler)]);
}
