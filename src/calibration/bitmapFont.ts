/**
 * A 5 × 7 bitmap font of our own for the labels of the pictures we draw: the digits, `. = : , - ( )`
 * and the letters our captions use.
 *
 * @module
 */

/** Glyph cell: 5 columns, 7 rows, drawn with one column of space after each character. */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

// Per character, 7 rows top to bottom as two hex digits each; bit 4 is the leftmost column.
const GLYPHS: Readonly<Record<string, string>> = {
  '0': '0e11131519110e',
  '1': '040c040404040e',
  '2': '0e11010204081f',
  '3': '1f02040201110e',
  '4': '02060a121f0202',
  '5': '1f101e0101110e',
  '6': '0608101e11110e',
  '7': '1f010204080808',
  '8': '0e11110e11110e',
  '9': '0e11110f01020c',
  '.': '00000000000c0c',
  '=': '00001f001f0000',
  ':': '000c0c000c0c00',
  ',': '000000000c0408',
  '-': '0000001f000000',
  '(': '02040808080402',
  ')': '08040202020408',
  a: '00000e010f110f',
  b: '1010161911111e',
  c: '00000e1010110e',
  d: '01010d1311110f',
  e: '00000e111f100e',
  f: '0609081c080808',
  g: '00000f110f010e',
  h: '10101619111111',
  i: '04000c0404040e',
  k: '10101214181412',
  l: '0c04040404040e',
  m: '00001a15151111',
  n: '00001619111111',
  o: '00000e1111110e',
  p: '001e11111e1010',
  r: '00001619101010',
  s: '00000f100e011e',
  t: '08081c08080906',
  u: '0000111111130d',
  v: '00001111110a04',
  w: '0000111115150a',
  x: '0000110a040a11',
  y: '000011110f010e',
  A: '0e11111f111111',
  C: '0e11101010110e',
  E: '1f10101e10101f',
  L: '1010101010101f',
  N: '11111915131111',
  S: '0f10100e01011e',
  T: '1f040404040404',
};

/**
 * Whether pixel (column x, row y) of character `ch`'s glyph is ink; a space has none.
 *
 * @throws {RangeError} for a character the font does not have.
 * @example
 * ```ts
 * glyphInk('1', 2, 0); // true: the top of the stem
 * ```
 */
export function glyphInk(ch: string, x: number, y: number): boolean {
  if (ch === ' ') return false;
  const rows = GLYPHS[ch];
  if (rows === undefined) throw new RangeError(`the bitmap font has no glyph for ${JSON.stringify(ch)}`);
  const row = Number.parseInt(rows.slice(2 * y, 2 * y + 2), 16);
  return ((row >> (GLYPH_WIDTH - 1 - x)) & 1) === 1;
}

/**
 * Whether the font can draw every character of `text`.
 *
 * @example
 * ```ts
 * canDraw('ECE 0.12'); // true
 * ```
 */
export function canDraw(text: string): boolean {
  for (const ch of text) if (ch !== ' ' && GLYPHS[ch] === undefined) return false;
  return true;
}
