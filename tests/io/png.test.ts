import { describe, expect, it } from 'vitest';
import {
  decodePng,
  encodePng,
  IoFormatError,
  labelPalette,
  labelsToPng,
  maskDifference,
  maskToPng,
  overlayLabels,
  overlayMask,
  type PngImage,
  pngToProbabilities,
  probabilitiesToPng,
  sideBySide,
  toRgb,
} from '../../src/io/index';
import { fixture } from '../helpers/ioFixtures';

/** IHDR fields read straight from the bytes (PNG spec: 8-byte signature, then the IHDR chunk). */
function ihdr(png: Uint8Array) {
  const v = new DataView(png.buffer, png.byteOffset);
  return {
    type: String.fromCharCode(...png.subarray(12, 16)),
    width: v.getUint32(16),
    height: v.getUint32(20),
    depth: png[24],
    colorType: png[25],
  };
}

/** Names of the chunks of a PNG, in order. */
function chunks(png: Uint8Array): string[] {
  const v = new DataView(png.buffer, png.byteOffset);
  const out: string[] = [];
  for (let o = 8; o < png.length; o += 12 + v.getUint32(o))
    out.push(String.fromCharCode(...png.subarray(o + 4, o + 8)));
  return out;
}

function expectPngError(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IoFormatError);
    expect((e as IoFormatError).format).toBe('png');
    expect((e as IoFormatError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an IoFormatError');
}

const gray = (data: number[], width: number, height: number): PngImage => ({
  data: Uint8Array.from(data),
  width,
  height,
  channels: 1,
  bitDepth: 8,
});

describe('decodePng reads hand-assembled PNGs (fixtures)', () => {
  it('8-bit and 16-bit grayscale, one sample per element', () => {
    expect(decodePng(fixture('gray8.png'))).toEqual({
      data: new Uint8Array([0, 128, 255, 1, 2, 254]),
      width: 3,
      height: 2,
      channels: 1,
      bitDepth: 8,
    });
    const g16 = decodePng(fixture('gray16.png'));
    expect(g16.data).toEqual(new Uint16Array([0, 65535, 32768, 1, 256, 1000]));
    expect(g16.bitDepth).toBe(16);
  });
  it('1-bit grayscale and 4-bit palette rows are unpacked, high bits first', () => {
    const g1 = decodePng(fixture('gray1.png'));
    expect(Array.from(g1.data)).toEqual([1, 0, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect(g1.bitDepth).toBe(1);
    const p4 = decodePng(fixture('palette4.png'));
    expect(Array.from(p4.data)).toEqual([0, 1, 2, 3, 4, 4, 4, 3, 2, 1]);
    expect(p4.palette).toEqual([
      [0, 0, 0],
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 255],
    ]);
  });
  it('RGB and RGBA photos, and an 8-bit palette label map keeps its indices', () => {
    const rgb = decodePng(fixture('rgb8.png'));
    expect([rgb.channels, rgb.width, rgb.height]).toEqual([3, 2, 2]);
    expect(Array.from(rgb.data)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
    expect(Array.from(decodePng(fixture('rgba8.png')).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const labels = decodePng(fixture('palette8.png'));
    expect(Array.from(labels.data)).toEqual([0, 1, 2, 255, 1, 0]);
    expect(labels.palette?.length).toBe(256);
  });
});

describe('pngToProbabilities maps samples to [0, 1]', () => {
  it('8-bit by /255 and 16-bit by /65535, shape [1, 1, H, W]', () => {
    const p8 = pngToProbabilities(decodePng(fixture('gray8.png')));
    expect(p8.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(p8.data)).toEqual([0, 128, 255, 1, 2, 254].map((v) => Math.fround(v * (1 / 255))));
    const p16 = pngToProbabilities(decodePng(fixture('gray16.png')));
    expect(p16.data[1]).toBe(1);
    expect(p16.data[2]).toBe(Math.fround(32768 / 65535));
  });
  it('one image per class stacks to [1, C, H, W]; a channel of an RGB image can be chosen', () => {
    const a = gray([0, 255], 2, 1);
    const b = gray([255, 0], 2, 1);
    expect(pngToProbabilities([a, b])).toEqual({ data: new Float32Array([0, 1, 1, 0]), shape: [1, 2, 1, 2] });
    const rgb = decodePng(fixture('rgb8.png'));
    expect(Array.from(pngToProbabilities(rgb, { channel: 1 }).data)).toEqual([
      0,
      1,
      0,
      Math.fround(20 / 255),
    ]);
  });
  it('rejects palette images, different sizes, a missing channel, an empty list', () => {
    expect(() => pngToProbabilities(decodePng(fixture('palette8.png')))).toThrow(/indexed \(palette\) image/);
    expect(() => pngToProbabilities([gray([0, 0], 2, 1), gray([0], 1, 1)])).toThrow(
      /images\[1\] is 1×1, images\[0\] is 2×1/,
    );
    expect(() => pngToProbabilities(gray([0], 1, 1), { channel: 1 })).toThrow(/options\.channel/);
    expect(() => pngToProbabilities([])).toThrow(RangeError);
    expect(() => pngToProbabilities([{ data: 1 } as never])).toThrow(TypeError);
  });
  it('probabilitiesToPng → encodePng → decodePng → pngToProbabilities returns p within half a step', () => {
    const p = Float32Array.from({ length: 64 }, (_, i) => (Math.sin(i) + 1) / 2);
    for (const bitDepth of [8, 16] as const) {
      const back = pngToProbabilities(
        decodePng(encodePng(probabilitiesToPng({ data: p, shape: [1, 1, 8, 8] }, { bitDepth }))),
      );
      const step = 1 / (2 ** bitDepth - 1);
      for (let i = 0; i < 64; i++)
        expect(Math.abs(back.data[i]! - p[i]!)).toBeLessThanOrEqual(step / 2 + 1e-7);
    }
    expect(Array.from(probabilitiesToPng({ data: [0, 0.5, 1], shape: [1, 3] }).data)).toEqual([0, 128, 255]);
    expect(() => probabilitiesToPng({ data: [1.5], shape: [1, 1] })).toThrow(
      /probs\.data\[0\] = 1\.5 is not a probability/,
    );
    expect(() => probabilitiesToPng({ data: [Number.NaN], shape: [1, 1] })).toThrow(RangeError);
  });
});

describe('labelsToPng writes palette PNGs that read back as the labels', () => {
  const labels = { data: new Uint8Array([0, 1, 2, 255, 20, 0]), shape: [1, 2, 3] };
  it('the file is 8-bit indexed (colour type 3) with a PLTE chunk of 256 entries', () => {
    const png = encodePng(labelsToPng(labels));
    expect(ihdr(png)).toEqual({ type: 'IHDR', width: 3, height: 2, depth: 8, colorType: 3 });
    expect(chunks(png)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    const back = decodePng(png);
    expect(back.data).toEqual(labels.data);
    expect(back.palette).toEqual(labelPalette());
  });
  it('void (255) is white by default, black on request', () => {
    expect(labelsToPng(labels).palette?.[255]).toEqual([255, 255, 255]);
    expect(labelsToPng(labels, { voidColor: 'black' }).palette?.[255]).toEqual([0, 0, 0]);
  });
  it('rejects labels outside [0, 255] and shapes that are not one image', () => {
    expect(() => labelsToPng({ data: [256], shape: [1, 1] })).toThrow(
      /labels\.data\[0\] = 256 is not a label in \[0, 255\]/,
    );
    expect(() => labelsToPng({ data: [1.5], shape: [1, 1] })).toThrow(RangeError);
    expect(() => labelsToPng({ data: [1, 2], shape: [2, 1, 1] })).toThrow(/must be \[H, W\]/);
    expect(() => labelsToPng({ data: [1], shape: [1] })).toThrow(/must be \[H, W\]/);
  });
});

describe('labelPalette is the VOC colour map with a white or black void', () => {
  it('hand-worked first entries: bits of the label dealt to r, g, b from the top bit down', () => {
    expect(labelPalette().slice(0, 9)).toEqual([
      [0, 0, 0],
      [128, 0, 0],
      [0, 128, 0],
      [128, 128, 0],
      [0, 0, 128],
      [128, 0, 128],
      [0, 128, 128],
      [128, 128, 128],
      [64, 0, 0],
    ]);
  });
  it('labels 0…254 all get different colours', () => {
    const keys = new Set(
      labelPalette()
        .slice(0, 255)
        .map((c) => c.join(',')),
    );
    expect(keys.size).toBe(255);
    expect(() => labelPalette('grey' as 'white')).toThrow(RangeError);
  });
});

describe('maskToPng and encodePng', () => {
  it('a binary mask becomes 8-bit grayscale 0/255 (colour type 0)', () => {
    const img = maskToPng({ data: new Uint8Array([0, 1, 1, 0]), shape: [1, 1, 2, 2] });
    expect(Array.from(img.data)).toEqual([0, 255, 255, 0]);
    const png = encodePng(img);
    expect(ihdr(png)).toMatchObject({ depth: 8, colorType: 0 });
    expect(decodePng(png).data).toEqual(new Uint8Array([0, 255, 255, 0]));
    expect(() => maskToPng({ data: [0, 2], shape: [1, 2] })).toThrow(
      /mask\.data\[1\] = 2; a binary mask holds only 0 and 1/,
    );
  });
  it('round-trips gray 8/16-bit, gray+alpha, RGB and RGBA', () => {
    const cases: PngImage[] = [
      { data: new Uint8Array([0, 7, 255, 9]), width: 2, height: 2, channels: 1, bitDepth: 8 },
      { data: new Uint16Array([0, 65535, 300, 9]), width: 4, height: 1, channels: 1, bitDepth: 16 },
      { data: new Uint8Array([1, 2, 3, 4]), width: 2, height: 1, channels: 2, bitDepth: 8 },
      { data: new Uint16Array([1, 2, 3, 4, 5, 65535]), width: 2, height: 1, channels: 3, bitDepth: 16 },
      { data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), width: 1, height: 2, channels: 4, bitDepth: 8 },
    ];
    for (const c of cases) expect(decodePng(encodePng(c))).toEqual(c);
    const colorTypes = cases.map((c) => ihdr(encodePng(c)).colorType);
    expect(colorTypes).toEqual([0, 0, 4, 2, 6]);
  });
  it('accepts plain number arrays with integer samples', () => {
    const back = decodePng(
      encodePng({ data: [0, 65535] as never, width: 2, height: 1, channels: 1, bitDepth: 16 }),
    );
    expect(back.data).toEqual(new Uint16Array([0, 65535]));
  });
  it('rejects bad images with RangeError/TypeError naming the field', () => {
    const base = gray([0, 0], 2, 1);
    expect(() => encodePng({ ...base, bitDepth: 4 })).toThrow(/image\.bitDepth must be 8 or 16/);
    expect(() => encodePng({ ...base, channels: 5 as 1 })).toThrow(/image\.channels/);
    expect(() => encodePng({ ...base, width: 3 })).toThrow(
      /image\.data\.length \(2\) must be width · height · channels = 3/,
    );
    expect(() => encodePng({ ...base, width: 0 })).toThrow(/image\.width must be a positive integer/);
    expect(() => encodePng({ ...base, data: new Uint16Array([256, 0]) })).toThrow(
      /image\.data\[0\] = 256 is not an integer in \[0, 255\]/,
    );
    expect(() => encodePng({ ...base, palette: [[0, 0, 0]], data: new Uint8Array([0, 1]) })).toThrow(
      /palette index in \[0, 0\]/,
    );
    expect(() => encodePng({ ...base, palette: [[0, 0, 0, 9]] })).toThrow(
      /image\.palette\[0\] must be \[r, g, b\]/,
    );
    expect(() => encodePng({ ...base, data: 'ab' as never })).toThrow(TypeError);
  });
});

describe('toRgb, overlays, strips and difference views', () => {
  it('toRgb looks up palettes, repeats gray, scales 16-bit and 1-bit samples to 0…255', () => {
    expect(Array.from(toRgb(decodePng(fixture('palette4.png'))).data.subarray(0, 6))).toEqual([
      0, 0, 0, 255, 0, 0,
    ]);
    expect(Array.from(toRgb(decodePng(fixture('gray16.png'))).data.subarray(0, 9))).toEqual([
      0, 0, 0, 255, 255, 255, 128, 128, 128,
    ]);
    expect(Array.from(toRgb(decodePng(fixture('gray1.png'))).data.subarray(0, 6))).toEqual([
      255, 255, 255, 0, 0, 0,
    ]);
    expect(Array.from(toRgb(decodePng(fixture('rgba8.png'))).data)).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it('overlayLabels blends (1 − α)·photo + α·colour except on skipped labels (hand-worked)', () => {
    const photo: PngImage = {
      data: new Uint8Array([100, 100, 100, 100, 100, 100, 100, 100, 100]),
      width: 3,
      height: 1,
      channels: 3,
      bitDepth: 8,
    };
    const out = overlayLabels(photo, { data: [0, 1, 255], shape: [1, 1, 3] });
    expect(Array.from(out.data)).toEqual([100, 100, 100, 114, 50, 50, 178, 178, 178]);
    const all = overlayLabels(photo, { data: [0, 1, 255], shape: [1, 3] }, { alpha: 1, skip: [] });
    expect(Array.from(all.data)).toEqual([0, 0, 0, 128, 0, 0, 255, 255, 255]);
    expect(photo.data[3]).toBe(100); // input untouched
    expect(() => overlayLabels(photo, { data: [0, 1], shape: [1, 2] })).toThrow(
      /labels are 2×1 but the photo is 3×1/,
    );
    expect(() => overlayLabels(photo, { data: [0, 1, 2], shape: [1, 3] }, { alpha: 2 })).toThrow(
      /options\.alpha must be a number in \[0, 1\]; got 2/,
    );
  });

  it('overlayMask colours only the mask pixels, over a 16-bit gray photo', () => {
    const photo: PngImage = {
      data: new Uint16Array([0, 65535]),
      width: 2,
      height: 1,
      channels: 1,
      bitDepth: 16,
    };
    const out = overlayMask(
      photo,
      { data: [1, 0], shape: [2 / 2, 2] },
      { alpha: 0.25, color: [0, 200, 255] },
    );
    expect(Array.from(out.data)).toEqual([0, 50, 64, 255, 255, 255]);
    expect(() => overlayMask(photo, { data: [1, 3], shape: [1, 2] })).toThrow(/mask\.data\[1\] = 3/);
    expect(() => overlayMask(photo, { data: [1, 0], shape: [1, 2] }, { color: [0, 0] as never })).toThrow(
      /options\.color/,
    );
  });

  it('sideBySide places images left to right, top-aligned, with background gaps', () => {
    const a: PngImage = { data: new Uint8Array([10, 20]), width: 2, height: 1, channels: 1, bitDepth: 8 };
    const b: PngImage = {
      data: new Uint8Array([1, 2, 3, 4, 5, 6]),
      width: 1,
      height: 2,
      channels: 3,
      bitDepth: 8,
    };
    const out = sideBySide([a, b], { gap: 1, background: [9, 9, 9] });
    expect([out.width, out.height, out.channels]).toEqual([4, 2, 3]);
    // row 0: a(10) a(20) gap b(1,2,3); row 1: below a, gap, b(4,5,6)
    expect(Array.from(out.data)).toEqual([
      10, 10, 10, 20, 20, 20, 9, 9, 9, 1, 2, 3, 9, 9, 9, 9, 9, 9, 9, 9, 9, 4, 5, 6,
    ]);
    expect(sideBySide([a]).width).toBe(2);
    expect(() => sideBySide([])).toThrow(RangeError);
    expect(() => sideBySide([a], { gap: -1 })).toThrow(/options\.gap/);
  });

  it('maskDifference colours only-A, only-B, both and neither', () => {
    const out = maskDifference(
      { data: [1, 1, 0, 0], shape: [2, 2] },
      { data: new Uint8Array([1, 0, 1, 0]), shape: [1, 2, 2] },
    );
    expect(Array.from(out.data)).toEqual([255, 255, 255, 230, 60, 60, 40, 120, 230, 0, 0, 0]);
    const custom = maskDifference(
      { data: [1], shape: [1, 1] },
      { data: [0], shape: [1, 1] },
      { onlyA: [1, 2, 3] },
    );
    expect(Array.from(custom.data)).toEqual([1, 2, 3]);
    expect(() => maskDifference({ data: [1], shape: [1, 1] }, { data: [1, 0], shape: [1, 2] })).toThrow(
      /a is 1×1 but b is 2×1/,
    );
    expect(() => maskDifference({ data: [2], shape: [1, 1] }, { data: [1], shape: [1, 1] })).toThrow(
      /a\.data\[0\] = 2/,
    );
  });

  it('a "photo | argmax | RankSEG | difference" strip encodes to a valid RGB PNG', () => {
    const photo = decodePng(fixture('rgb8.png'));
    const argmax = { data: new Uint8Array([0, 1, 1, 0]), shape: [1, 2, 2] };
    const ours = { data: new Uint8Array([0, 1, 1, 1]), shape: [1, 2, 2] };
    const strip = sideBySide([
      photo,
      overlayLabels(photo, argmax),
      overlayLabels(photo, ours),
      maskDifference(argmax, ours),
    ]);
    const back = decodePng(encodePng(strip));
    expect([back.width, back.height, back.channels]).toEqual([4 * 2 + 3 * 4, 2, 3]);
  });
});

describe('decodePng rejects bad files with an IoFormatError', () => {
  it('wrong signature', () => {
    expectPngError(
      () => decodePng(fixture('le_f4.npy')),
      /not PNG data: wrong signature "\\x93NUMPY\\x01\\x00", expected/,
    );
    expectPngError(() => decodePng(new Uint8Array(0)), /wrong signature ""/);
  });
  it('truncated data', () => {
    const png = fixture('palette8.png');
    expectPngError(
      () => decodePng(png.subarray(0, png.length - 40)),
      /PNG data is truncated: 813 bytes, the next chunk starts at byte 813 \(no IEND\)/,
    );
    expectPngError(() => decodePng(png.subarray(0, 20)), /PNG data is truncated: chunk IHDR at byte 8/);
  });
  it('a corrupted chunk (CRC mismatch)', () => {
    const png = fixture('gray8.png').slice();
    png[45] = png[45]! ^ 0xff; // inside the IDAT payload
    expectPngError(
      () => decodePng(png),
      /PNG chunk IDAT at byte 33 is corrupt: CRC-32 0x[0-9a-f]{8}, the data gives/,
    );
  });
});
