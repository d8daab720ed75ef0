import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, type PngImage } from '../../src/io/index';
import { fixture, fixturePath } from '../helpers/ioFixtures';

/** Samples Pillow/pypng were given, per file (tests/io/fixtures/png/make_png_fixtures.py). */
const expected = JSON.parse(readFileSync(fixturePath('png/expected.json'), 'utf8')) as Record<
  string,
  { width: number; height: number; channels: number; bitDepth: number; data: number[]; palette?: number[][] }
>;

describe('decodePng reads what Pillow and pypng wrote (oracle files)', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: ${want.width}×${want.height}, ${want.channels} channel(s), ${want.bitDepth}-bit`, () => {
      const img = decodePng(fixture(`png/${name}`));
      expect({
        width: img.width,
        height: img.height,
        channels: img.channels,
        bitDepth: img.bitDepth,
      }).toEqual({
        width: want.width,
        height: want.height,
        channels: want.channels,
        bitDepth: want.bitDepth,
      });
      expect(img.data).toBeInstanceOf(want.bitDepth === 16 ? Uint16Array : Uint8Array);
      expect(Array.from(img.data)).toEqual(want.data);
      expect(img.palette).toEqual(want.palette);
    });
  }

  it('an Adam7 file decodes to the same samples as its non-interlaced twin', () => {
    for (const depth of [1, 2, 4]) {
      expect(decodePng(fixture(`png/gray${depth}_adam7.png`))).toEqual(
        decodePng(fixture(`png/gray${depth}.png`)),
      );
    }
  });

  it('every oracle file re-encoded by encodePng (8/16-bit) decodes to the same samples', () => {
    for (const name of [
      'pil_l8.png',
      'pil_la8.png',
      'pil_rgb8.png',
      'pil_rgba8.png',
      'pil_gray16.png',
      'adam7_rgb16.png',
    ]) {
      const img = decodePng(fixture(`png/${name}`));
      const back = decodePng(encodePng(img as PngImage));
      expect(back).toEqual(img);
    }
  });
});
