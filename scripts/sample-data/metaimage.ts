/** Reader for ITK MetaImage files (`.mhd` text header + separate raw data file), uncompressed only. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A MetaImage as float64 values in file order: x fastest, then y (then z), channels interleaved. */
export interface MetaImage {
  header: Record<string, string>;
  dims: number[];
  channels: number;
  data: Float64Array;
}

const TYPES: Record<string, { bytes: number; read: (v: DataView, at: number, le: boolean) => number }> = {
  MET_UCHAR: { bytes: 1, read: (v, at) => v.getUint8(at) },
  MET_CHAR: { bytes: 1, read: (v, at) => v.getInt8(at) },
  MET_USHORT: { bytes: 2, read: (v, at, le) => v.getUint16(at, le) },
  MET_SHORT: { bytes: 2, read: (v, at, le) => v.getInt16(at, le) },
  MET_UINT: { bytes: 4, read: (v, at, le) => v.getUint32(at, le) },
  MET_INT: { bytes: 4, read: (v, at, le) => v.getInt32(at, le) },
  MET_FLOAT: { bytes: 4, read: (v, at, le) => v.getFloat32(at, le) },
  MET_DOUBLE: { bytes: 8, read: (v, at, le) => v.getFloat64(at, le) },
};

/** Parses `Key = value` lines. */
export function parseMhd(text: string): Record<string, string> {
  const header: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) header[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return header;
}

/**
 * Reads `path` (.mhd) and its `ElementDataFile`.
 * @throws RangeError for compressed data, a list/LOCAL data file, an unknown element type, or a
 *   data file whose size is not the header's.
 */
export function readMetaImage(path: string): MetaImage {
  const header = parseMhd(readFileSync(path, 'utf8'));
  const type = TYPES[header['ElementType'] ?? ''];
  if (!type) throw new RangeError(`ElementType ${header['ElementType']} is not supported`);
  if ((header['CompressedData'] ?? 'False') !== 'False')
    throw new RangeError('CompressedData is not supported');
  const file = header['ElementDataFile'] ?? '';
  if (file === '' || file === 'LOCAL' || file.startsWith('LIST')) {
    throw new RangeError(`ElementDataFile ${file} is not supported`);
  }
  const dims = (header['DimSize'] ?? '').split(/\s+/).map(Number);
  const channels = Number(header['ElementNumberOfChannels'] ?? '1');
  const le = (header['BinaryDataByteOrderMSB'] ?? header['ElementByteOrderMSB'] ?? 'False') === 'False';
  const count = dims.reduce((n, d) => n * d, channels);
  const raw = readFileSync(join(dirname(path), file));
  const offset = Number(header['HeaderSize'] ?? '0');
  if (raw.length !== offset + count * type.bytes) {
    throw new RangeError(
      `${file} has ${raw.length} bytes, the header implies ${offset + count * type.bytes}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = type.read(view, offset + i * type.bytes, le);
  return { header, dims, channels, data };
}
