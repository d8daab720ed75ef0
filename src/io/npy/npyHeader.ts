/**
 * The NPY header: a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
 * (NEP 1 / numpy.lib.format), parsed and written.
 *
 * @module
 */

import type { Dtype } from '../dtype';

/** The three keys of an NPY header, decoded. */
export interface NpyHeader {
  /** Element type. */
  dtype: Dtype;
  /** Byte order of multi-byte elements (`true` for 1-byte dtypes). */
  littleEndian: boolean;
  /** Data stored column-major (first axis fastest). */
  fortranOrder: boolean;
  /** Dimensions; `[]` for a 0-d array. */
  shape: number[];
}

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/** numpy's type codes → our dtypes (`?` is numpy's other spelling of bool). */
const CODES: Record<string, Dtype> = {
  b1: 'bool',
  '?': 'bool',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
};

const DESCR_CODE: Record<Dtype, string> = {
  bool: 'b1',
  int8: 'i1',
  uint8: 'u1',
  int16: 'i2',
  uint16: 'u2',
  int32: 'i4',
  uint32: 'u4',
  int64: 'i8',
  uint64: 'u8',
  float16: 'f2',
  float32: 'f4',
  float64: 'f8',
};

/**
 * Parses the header text. Problems are reported as plain `Error`s whose messages the caller puts
 * into an `IoFormatError`; an unsupported dtype message starts with `unsupported dtype`.
 */
export function parseNpyHeader(text: string, nativeLittleEndian: boolean): NpyHeader {
  const value = new PyParser(text).parseTop();
  if (!(value instanceof Map)) throw new Error('header is not a dict');
  const keys = [...value.keys()].sort();
  if (keys.join(',') !== 'descr,fortran_order,shape') {
    throw new Error(`header keys must be descr, fortran_order, shape; found ${keys.join(', ') || 'none'}`);
  }
  const descr = value.get('descr')!;
  if (typeof descr !== 'string') {
    throw new Error(`unsupported dtype: structured (record) dtype ${pyRepr(descr)}`);
  }
  const m = /^([<>|=]?)(.+)$/.exec(descr)!;
  const order = m[1]!;
  const dtype = CODES[m[2]!];
  if (dtype === undefined) throw new Error(`unsupported dtype '${descr}'`);
  const multiByte = dtype !== 'bool' && dtype !== 'int8' && dtype !== 'uint8';
  if (multiByte && (order === '|' || order === '')) {
    throw new Error(`dtype '${descr}' has no byte order`);
  }
  const littleEndian = order === '<' || (order === '=' && nativeLittleEndian) || !multiByte;
  const fortran = value.get('fortran_order')!;
  if (typeof fortran !== 'boolean')
    throw new Error(`fortran_order must be True or False, got ${pyRepr(fortran)}`);
  const shapeValue = value.get('shape')!;
  if (!Array.isArray(shapeValue)) throw new Error(`shape must be a tuple, got ${pyRepr(shapeValue)}`);
  const shape: number[] = [];
  for (const d of shapeValue) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new Error(`shape entries must be non-negative integers, got ${pyRepr(shapeValue)}`);
    }
    shape.push(d);
  }
  return { dtype, littleEndian: multiByte ? littleEndian : true, fortranOrder: fortran, shape };
}

/**
 * The header dict text numpy writes, including numpy's spare spaces after `}` that let the
 * growing axis gain digits in place (21 − digits of shape[0], or of shape[-1] in Fortran order).
 * Padding to the 64-byte boundary and the final newline are added by the caller.
 */
export function formatNpyHeader(
  dtype: Dtype,
  littleEndian: boolean,
  fortranOrder: boolean,
  shape: readonly number[],
): string {
  const size = DESCR_CODE[dtype];
  const order = size.endsWith('1') ? '|' : littleEndian ? '<' : '>';
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let text = `{'descr': '${order}${size}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${tuple}, }`;
  if (shape.length > 0) {
    const growth = shape[fortranOrder ? shape.length - 1 : 0]!;
    text += ' '.repeat(Math.max(0, 21 - String(growth).length));
  }
  return text;
}

function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `(${v.map(pyRepr).join(', ')})`;
  return `{${[...v].map(([k, x]) => `'${k}': ${pyRepr(x)}`).join(', ')}}`;
}

/** A recursive-descent parser for the literal subset numpy headers use. */
class PyParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseTop(): PyValue {
    const v = this.value();
    this.ws();
    if (this.pos !== this.text.length) this.fail('unexpected text after the dict');
    return v;
  }

  private fail(what: string): never {
    throw new Error(`malformed header at character ${this.pos}: ${what}`);
  }

  private ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private value(): PyValue {
    this.ws();
    const ch = this.text[this.pos];
    if (ch === '{') return this.dict();
    if (ch === '(') return this.sequence(')');
    if (ch === '[') return this.sequence(']');
    if (ch === "'" || ch === '"') return this.str();
    if (ch !== undefined && /[-+\d]/.test(ch)) return this.int();
    for (const [word, v] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(ch === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(ch)}`);
  }

  private dict(): Map<string, PyValue> {
    this.pos++; // '{'
    const out = new Map<string, PyValue>();
    for (;;) {
      this.ws();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const key = this.value();
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      if (out.has(key)) this.fail(`duplicate key '${key}'`);
      out.set(key, this.value());
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') this.fail("expected ',' or '}'");
    }
  }

  private sequence(close: string): PyValue[] {
    this.pos++;
    const out: PyValue[] = [];
    for (;;) {
      this.ws();
      if (this.text[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close) this.fail(`expected ',' or '${close}'`);
    }
  }

  private str(): string {
    const quote = this.text[this.pos]!;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\') this.pos++; // escaped character kept as is
      out += this.text[this.pos] ?? '';
      this.pos++;
    }
    if (this.pos >= this.text.length) this.fail('unterminated string');
    this.pos++;
    return out;
  }

  private int(): number {
    const m = /^[-+]?\d+L?/.exec(this.text.slice(this.pos)); // Python 2 numpy wrote longs as 3L
    if (m === null) return this.fail('expected an integer');
    this.pos += m[0].length;
    return Number.parseInt(m[0], 10);
  }
}
