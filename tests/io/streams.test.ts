import { deflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatChunks } from '../../src/io/bytes';
import { adler32 } from '../../src/io/checksum/adler32';
import { crc32, crc32Byte } from '../../src/io/checksum/crc32';
import { gzipChunks } from '../../src/io/compress/deflateChunks';
import { GzipDecoder } from '../../src/io/inflate/GzipDecoder';
import { RawInflater } from '../../src/io/inflate/RawInflater';
import { StreamError } from '../../src/io/inflate/StreamError';
import { ZlibDecoder } from '../../src/io/inflate/ZlibDecoder';
import { concat, gzipOf, zlibOf } from '../helpers/hostileFiles';
import { seededRandom } from '../helpers/random';

const text = (s: string) => new TextEncoder().encode(s);
const noise = (n: number, seed: number) => {
  const r = seededRandom(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
};

describe('CRC-32 and Adler-32', () => {
  it('check values of the standards ("123456789", "Wikipedia")', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(adler32(text('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });
  it('agree with node:zlib on random data of every length mod 8, continued piece by piece', () => {
    for (let n = 0; n < 40; n++) {
      const b = noise(n * 37 + (n % 8), n);
      expect(crc32(b)).toBe(zlibCrc32(b));
      const cut = Math.floor(b.length / 3);
      expect(crc32(b.subarray(cut), crc32(b.subarray(0, cut)))).toBe(zlibCrc32(b));
      let c = 0;
      for (const x of b) c = crc32Byte(x, c);
      expect(c).toBe(zlibCrc32(b));
      // zlib's Adler-32 is the last 4 bytes of a zlib stream
      const z = zlibOf(b);
      const stored =
        ((z[z.length - 4]! << 24) | (z[z.length - 3]! << 16) | (z[z.length - 2]! << 8) | z[z.length - 1]!) >>>
        0;
      expect(adler32(b.subarray(cut), adler32(b.subarray(0, cut)))).toBe(stored);
    }
  });
  it('Adler-32 stays exact over more than 2^20 bytes of 0xff (the sums reduce between blocks)', () => {
    const b = new Uint8Array(3 * 2 ** 20 + 5).fill(255);
    const z = zlibOf(b);
    const stored =
      ((z[z.length - 4]! << 24) | (z[z.length - 3]! << 16) | (z[z.length - 2]! << 8) | z[z.length - 1]!) >>>
      0;
    expect(adler32(b)).toBe(stored);
  });
});

/** Feeds `bytes` to `push` split at the given cut points. */
function feed(bytes: Uint8Array, cuts: number[], push: (b: Uint8Array) => void): void {
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    push(bytes.subarray(at, c));
    at = c;
  }
}

describe('the stream decoders give the same bytes however the input is split', () => {
  const data = concat([noise(5000, 1), new Uint8Array(20000), noise(3000, 2)]);
  it('RawInflater: every split point of a small stream, and where the stream ends', () => {
    const small = text('rankseg streams '.repeat(20));
    const raw = deflateRawSync(small);
    const tail = Uint8Array.of(9, 8, 7);
    const input = concat([raw, tail]);
    for (let cut = 0; cut <= input.length; cut++) {
      const out: Uint8Array[] = [];
      const inflater = new RawInflater((p) => out.push(p));
      let used = 0;
      feed(input, [cut], (b) => {
        if (!inflater.done) used += inflater.push(b);
      });
      inflater.finish();
      expect(concatChunks(out)).toEqual(small);
      expect(used).toBe(raw.length);
    }
  });
  it('GzipDecoder: three members with optional fields and zero padding, byte by byte and in random pieces', () => {
    const withName = concat([
      Uint8Array.of(0x1f, 0x8b, 8, 8 | 16 | 4, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3),
      text('name'),
      Uint8Array.of(0),
      text('comment'),
      Uint8Array.of(0),
      deflateRawSync(data.subarray(0, 9000)),
    ]);
    const trailer = new Uint8Array(8);
    new DataView(trailer.buffer).setUint32(0, zlibCrc32(data.subarray(0, 9000)), true);
    new DataView(trailer.buffer).setUint32(4, 9000, true);
    const gz = concat([
      withName,
      trailer,
      gzipOf(data.subarray(9000, 20000), true),
      concatChunks(gzipChunks([data.subarray(20000)])),
      new Uint8Array(10),
    ]);
    const random = seededRandom(3);
    for (const cuts of [
      Array.from({ length: gz.length - 1 }, (_, i) => i + 1),
      Array.from({ length: 30 }, () => Math.floor(random() * gz.length)).sort((a, b) => a - b),
    ]) {
      const out: Uint8Array[] = [];
      const decoder = new GzipDecoder((p) => out.push(p));
      feed(gz, cuts, (b) => decoder.push(b));
      decoder.finish();
      expect(decoder.memberCount).toBe(3);
      expect(concatChunks(out)).toEqual(data);
    }
  });
  it('GzipDecoder: a header CRC (FHCRC) is checked', () => {
    const header = Uint8Array.of(0x1f, 0x8b, 8, 2, 0, 0, 0, 0, 0, 3);
    const hcrc = zlibCrc32(header) & 0xffff;
    const body = deflateRawSync(text('x'));
    const tail = new Uint8Array(8);
    new DataView(tail.buffer).setUint32(0, zlibCrc32(text('x')), true);
    new DataView(tail.buffer).setUint32(4, 1, true);
    const ok = concat([header, Uint8Array.of(hcrc & 255, hcrc >> 8), body, tail]);
    const decoder = new GzipDecoder(() => undefined);
    decoder.push(ok);
    decoder.finish();
    const bad = ok.slice();
    bad[10]! ^= 1;
    expect(() => new GzipDecoder(() => undefined).push(bad)).toThrow(/header CRC mismatch/);
  });
  it('ZlibDecoder: split anywhere; a bad header, dictionary flag or extra bytes are StreamErrors', () => {
    const z = zlibOf(data);
    for (const cut of [1, 2, 3, 100, z.length - 3, z.length - 1]) {
      const out: Uint8Array[] = [];
      const decoder = new ZlibDecoder((p) => out.push(p));
      feed(z, [cut], (b) => decoder.push(b));
      decoder.finish();
      expect(concatChunks(out)).toEqual(data);
    }
    const run = (bytes: Uint8Array) => {
      const d = new ZlibDecoder(() => undefined);
      d.push(bytes);
      d.finish();
    };
    expect(() => run(concat([Uint8Array.of(0x78, 0x9d), z.subarray(2)]))).toThrow(StreamError);
    expect(() => run(concat([Uint8Array.of(0x78, 0xbb), z.subarray(2)]))).toThrow(/preset dictionary/);
    expect(() => run(concat([z, Uint8Array.of(0)]))).toThrow(/continues after the end/);
    expect(() => run(z.subarray(0, z.length - 2))).toThrow(/truncated/);
  });
});
