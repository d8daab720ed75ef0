/**
 * Minimal `.npy` (format 1.0) writer for little-endian float16 arrays, C order.
 * Kept isolated so it can be replaced by the library's own `encodeNpy` from src/io.
 */
import { toFloat16Bits } from './float16';

/**
 * Encodes `data` (C order, length = product of `shape`) as a `<f2` `.npy` file.
 * The header dict is padded with spaces so that data starts at a multiple of 64 bytes (as numpy
 * writes it), then ends with a newline.
 * @throws RangeError when `data.length` differs from the product of `shape`.
 */
export function encodeNpyFloat16(data: ArrayLike<number>, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((n, d) => n * d, 1);
  if (count !== data.length) {
    throw new RangeError(`data.length ${data.length} does not match shape [${shape.join(', ')}]`);
  }
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '<f2', 'fortran_order': False, 'shape': (${dims}), }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((preamble + dict.length + 1) / 64) * 64 - preamble;
  const header = `${dict.padEnd(padded - 1, ' ')}\n`;
  const out = new Uint8Array(preamble + padded + 2 * count);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  const view = new DataView(out.buffer);
  view.setUint16(8, padded, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  const base = preamble + padded;
  for (let i = 0; i < count; i++) view.setUint16(base + 2 * i, toFloat16Bits(data[i]!), true);
  return out;
}
