/** Small deterministic image helpers: PNG → 8-bit channels, centre crop, area resampling. */
import { convertIndexedToRgb, decode } from 'fast-png';

/** An 8-bit image, interleaved channels, row-major. */
export interface Image8 {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/**
 * Decodes a PNG into 8-bit gray (1 channel) or RGB (3 channels); alpha is dropped, palettes are
 * expanded (a palette whose entries are all gray becomes 1 channel), 16-bit samples keep their
 * high byte.
 */
export function decodePng8(bytes: Uint8Array): Image8 {
  const png = decode(bytes);
  const { width, height } = png;
  let src: ArrayLike<number> = png.data;
  let channels = png.channels;
  let shift = png.depth === 16 ? 8 : 0;
  if (png.palette) {
    src = convertIndexedToRgb(png);
    channels = png.palette[0]?.length ?? 3;
    shift = 0;
  }
  const colour = channels >= 3;
  const out = new Uint8Array(width * height * (colour ? 3 : 1));
  let grayOnly = true;
  for (let i = 0, n = width * height; i < n; i++) {
    if (colour) {
      for (let k = 0; k < 3; k++) out[3 * i + k] = src[channels * i + k]! >> shift;
      if (out[3 * i] !== out[3 * i + 1] || out[3 * i] !== out[3 * i + 2]) grayOnly = false;
    } else {
      out[i] = src[channels * i]! >> shift;
    }
  }
  if (colour && grayOnly && png.palette) {
    const gray = new Uint8Array(width * height);
    for (let i = 0; i < gray.length; i++) gray[i] = out[3 * i]!;
    return { width, height, channels: 1, data: gray };
  }
  return { width, height, channels: colour ? 3 : 1, data: out };
}

/** Replicates a gray image into three equal channels. */
export function toRgb(img: Image8): Image8 {
  if (img.channels === 3) return img;
  const data = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < img.data.length; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = img.data[i]!;
  return { ...img, channels: 3, data };
}

/**
 * The largest centred window of `img` whose aspect ratio is `aspect` (width / height), rounded to
 * whole pixels; offsets are floored.
 */
export function centreCrop(img: Image8, aspect: number): Image8 {
  let w = img.width;
  let h = img.height;
  if (w / h > aspect) w = Math.round(h * aspect);
  else h = Math.round(w / aspect);
  const x0 = Math.floor((img.width - w) / 2);
  const y0 = Math.floor((img.height - h) / 2);
  const c = img.channels;
  const data = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * img.width + x0) * c;
    data.set(img.data.subarray(from, from + w * c), y * w * c);
  }
  return { width: w, height: h, channels: c, data };
}

/** Per output index: first source index and the overlap weights of the source pixels. */
function areaWeights(src: number, dst: number): { start: Int32Array; weights: Float64Array[] } {
  const scale = src / dst;
  const start = new Int32Array(dst);
  const weights: Float64Array[] = [];
  for (let o = 0; o < dst; o++) {
    const a = o * scale;
    const b = (o + 1) * scale;
    const i0 = Math.floor(a);
    const i1 = Math.min(src, Math.ceil(b));
    const w = new Float64Array(i1 - i0);
    for (let i = i0; i < i1; i++) w[i - i0] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
    start[o] = i0;
    weights.push(w);
  }
  return { start, weights };
}

/**
 * Resamples to `width` × `height` by area averaging (each output pixel is the mean of the source
 * area it covers, the box filter that does not alias when shrinking); values rounded to 8 bits.
 */
export function resizeArea(img: Image8, width: number, height: number): Image8 {
  const c = img.channels;
  const hx = areaWeights(img.width, width);
  const hy = areaWeights(img.height, height);
  const rows = new Float64Array(img.height * width * c); // horizontal pass
  for (let y = 0; y < img.height; y++) {
    for (let o = 0; o < width; o++) {
      const w = hx.weights[o]!;
      const i0 = hx.start[o]!;
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let j = 0; j < w.length; j++) s += w[j]! * img.data[(y * img.width + i0 + j) * c + k]!;
        rows[(y * width + o) * c + k] = s;
      }
    }
  }
  const data = new Uint8Array(width * height * c);
  for (let o = 0; o < height; o++) {
    const w = hy.weights[o]!;
    const i0 = hy.start[o]!;
    for (let x = 0; x < width * c; x++) {
      let s = 0;
      for (let j = 0; j < w.length; j++) s += w[j]! * rows[(i0 + j) * width * c + x]!;
      data[o * width * c + x] = Math.min(255, Math.max(0, Math.round(s)));
    }
  }
  return { width, height, channels: c, data };
}
