import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { fromNdarray } from '../../src/adapters/ndarray';
import { rankseg, solve } from '../../src/index';
import { realisticProbs } from '../helpers/random';

const list = (x: ArrayLike<number>) => Array.from(x);

/** The view's values in C order, read with ndarray's own get(). */
function valuesOf(view: ndarray.NdArray): number[] {
  const out: number[] = [];
  const index = new Array<number>(view.dimension).fill(0);
  for (let k = 0; k < view.size; k++) {
    out.push(view.get(...index));
    for (let d = view.dimension - 1; d >= 0; d--) {
      if (++index[d]! < view.shape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

describe('rankseg/ndarray: fromNdarray on real scijs ndarray views', () => {
  const [B, C, H, W] = [2, 3, 5, 4];
  const probs = realisticProbs(12, B, C, [H, W], { cell: 2 });

  it('returns the very same array for a C-contiguous Float32Array view with offset 0', () => {
    const view = ndarray(probs, [B, C, H, W]);
    const converted = fromNdarray(view);
    expect(converted.data).toBe(probs);
    expect(converted.shape).toEqual([B, C, H, W]);
    expect(list(rankseg(converted).data)).toEqual(list(rankseg({ data: probs, shape: [B, C, H, W] }).data));
  });

  it('shares memory (a subarray) for a contiguous view with an offset', () => {
    const second = ndarray(probs, [B, C, H, W]).lo(1, 0, 0, 0); // image 1 alone: offset C·H·W
    const converted = fromNdarray(second);
    expect(converted.data.buffer).toBe(probs.buffer);
    expect(converted.data.byteOffset).toBe(C * H * W * 4);
    expect(list(converted.data)).toEqual(valuesOf(second));
  });

  it('gathers a transposed channels-last view; masks equal the core reading channels-last', () => {
    const nhwc = new Float32Array(B * H * W * C);
    for (let b = 0; b < B; b++)
      for (let c = 0; c < C; c++)
        for (let i = 0; i < H * W; i++) nhwc[(b * H * W + i) * C + c] = probs[(b * C + c) * H * W + i]!;
    const view = ndarray(nhwc, [B, H, W, C]).transpose(0, 3, 1, 2);
    const converted = fromNdarray(view);
    expect(converted.data).toBeInstanceOf(Float32Array);
    expect(converted.shape).toEqual([B, C, H, W]);
    expect(list(converted.data)).toEqual(list(probs));
    const core = solve({ data: nhwc, shape: [B, H, W, C] }, { layout: 'channels-last' });
    expect(list(solve(converted).mask.data)).toEqual(list(core.mask.data));
  });

  it("gathers stepped and reversed views in ndarray's own order", () => {
    const base = ndarray(probs, [B, C, H, W]);
    for (const view of [
      base.step(1, 1, -1, 2),
      base.hi(2, 3, 4, 3).lo(0, 1, 1, 0),
      base.step(-1, -1, 1, -1),
    ]) {
      const converted = fromNdarray(view);
      expect(converted.shape).toEqual(view.shape);
      expect(list(converted.data)).toEqual(valuesOf(view));
    }
  });

  it('copies number[] and other element types into a Float64Array', () => {
    const plain = ndarray(Array.from(probs.subarray(0, C * H * W)), [1, C, H, W]);
    const converted = fromNdarray(plain);
    expect(converted.data).toBeInstanceOf(Float64Array);
    expect(list(converted.data)).toEqual(list(probs.subarray(0, C * H * W)));
    const bytes = fromNdarray(ndarray(new Uint8Array([0, 1, 1, 0]), [1, 1, 2, 2]));
    expect(bytes.data).toBeInstanceOf(Float64Array);
  });

  it('never writes the data', () => {
    const copy = probs.slice();
    fromNdarray(ndarray(copy, [B, H, W, C]).transpose(0, 3, 1, 2));
    expect(list(copy)).toEqual(list(probs));
  });

  it('refuses non-ndarrays, mismatched shape/stride, and views that reach outside their data', () => {
    expect(() => fromNdarray({} as never)).toThrow(TypeError);
    expect(() => fromNdarray({ shape: [1, 2], stride: [2], offset: 0, data: new Float32Array(2) })).toThrow(
      RangeError,
    );
    expect(() =>
      fromNdarray({ shape: [1, 1, 4], stride: [4, 4, 1], offset: 2, data: new Float32Array(4) }),
    ).toThrow(/reaches outside its data of length 4/);
    expect(() =>
      fromNdarray({ shape: [1, 1, 2], stride: [2, 2, 1], offset: 0, data: 'ab' as never }),
    ).toThrow(TypeError);
  });
});
