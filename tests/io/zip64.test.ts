import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeNpz, encodeNpy, IoFormatError } from '../../src/io/index';
import { concat } from '../helpers/hostileFiles';

const le = (bytes: number, v: number) =>
  Uint8Array.from({ length: bytes }, (_, k) => Math.floor(v / 256 ** k) % 256);

/**
 * A zip64 archive as APPNOTE 4.3.14–4.5.3 lays it out (what Python's zipfile writes past 65,535
 * members or 4 GiB): every size and offset in the central directory moved to a zip64 extra field,
 * a zip64 end record and its locator before a classic end record of 0xFFFF/0xFFFFFFFF fields.
 */
function zip64Archive(name: string, npy: Uint8Array, options: { locatorOffset?: number } = {}): Uint8Array {
  const stored = deflateRawSync(npy);
  const crc = crc32(npy);
  const nameBytes = new TextEncoder().encode(name);
  const localExtra = concat([le(2, 1), le(2, 16), le(8, npy.length), le(8, stored.length)]);
  const local = concat([
    le(4, 0x04034b50),
    le(2, 45),
    le(2, 0),
    le(2, 8),
    le(4, 0),
    le(4, crc),
    le(4, 0xffffffff),
    le(4, 0xffffffff),
    le(2, nameBytes.length),
    le(2, localExtra.length),
    nameBytes,
    localExtra,
  ]);
  const cdExtra = concat([le(2, 1), le(2, 24), le(8, npy.length), le(8, stored.length), le(8, 0)]);
  const cd = concat([
    le(4, 0x02014b50),
    le(2, 45),
    le(2, 45),
    le(2, 0),
    le(2, 8),
    le(4, 0),
    le(4, crc),
    le(4, 0xffffffff),
    le(4, 0xffffffff),
    le(2, nameBytes.length),
    le(2, cdExtra.length),
    le(2, 0),
    le(2, 0),
    le(2, 0),
    le(4, 0),
    le(4, 0xffffffff),
    nameBytes,
    cdExtra,
  ]);
  const cdOffset = local.length + stored.length;
  const record = concat([
    le(4, 0x06064b50),
    le(8, 44),
    le(2, 45),
    le(2, 45),
    le(4, 0),
    le(4, 0),
    le(8, 1),
    le(8, 1),
    le(8, cd.length),
    le(8, cdOffset),
  ]);
  const recordAt = cdOffset + cd.length;
  const locator = concat([le(4, 0x07064b50), le(4, 0), le(8, options.locatorOffset ?? recordAt), le(4, 1)]);
  const end = concat([
    le(4, 0x06054b50),
    le(2, 0),
    le(2, 0),
    le(2, 0xffff),
    le(2, 0xffff),
    le(4, 0xffffffff),
    le(4, 0xffffffff),
    le(2, 0),
  ]);
  return concat([local, stored, cd, record, locator, end]);
}

describe('decodeNpz reads zip64 archives', () => {
  const npy = encodeNpy({ data: new Float32Array([0.25, 0.5, 0.75]), shape: [3] });
  it('sizes and offsets from zip64 extra fields, directory from the zip64 end record', () => {
    const arrays = decodeNpz(zip64Archive('p.npy', npy));
    expect(arrays.p!.data).toEqual(new Float32Array([0.25, 0.5, 0.75]));
  });
  it('a locator pointing elsewhere is an IoFormatError', () => {
    expect(() => decodeNpz(zip64Archive('p.npy', npy, { locatorOffset: 3 }))).toThrow(IoFormatError);
    expect(() => decodeNpz(zip64Archive('p.npy', npy, { locatorOffset: 3 }))).toThrow(
      /zip64 end of central directory record is missing/,
    );
  });
});
