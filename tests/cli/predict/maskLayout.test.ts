import { describe, expect, it } from 'vitest';
import type { StoredArray } from '../../../src/cli/common/readProbabilities';
import { maskAsStored } from '../../../src/cli/predict/maskLayout';

const stored = (shape: number[], classAxis: number | undefined, batched: boolean): StoredArray => ({
  values: () => new Float32Array(0),
  shape,
  classAxis,
  batched,
  axes: 'array',
});
const iota = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

describe('maskAsStored: outputs keep the input layout, no axes added', () => {
  it.each([
    ['(H, W) one class', [4, 5], undefined, false, [1, 4, 5], [4, 5]],
    ['(C, H, W) classes on axis 0', [3, 4, 5], 0, false, [1, 4, 5], [4, 5]],
    ['nnU-Net (C, Z, Y, X)', [3, 2, 4, 5], 0, false, [1, 2, 4, 5], [2, 4, 5]],
    ['(1, C, H, W)', [1, 3, 4, 5], 1, true, [1, 4, 5], [1, 4, 5]],
    ['(1, H, W, C) channels last', [1, 4, 5, 3], 3, true, [1, 4, 5], [1, 4, 5]],
    ['(B, H, C, W)', [2, 4, 3, 5], 2, true, [2, 4, 5], [2, 4, 5]],
  ] as const)('labels of %s', (_, shape, axis, batched, maskShape, expected) => {
    const data = iota(maskShape.reduce((a: number, b: number) => a * b, 1));
    const out = maskAsStored({ data, shape: [...maskShape] }, stored([...shape], axis, batched), false);
    expect(out.shape).toEqual(expected);
    expect(out.data).toBe(data); // labels are already in the stored order: no copy
  });

  it('masks of a channels-first input keep its shape and data', () => {
    const data = iota(2 * 3 * 4);
    const out = maskAsStored({ data, shape: [2, 3, 4] }, stored([2, 3, 4], 1, true), true);
    expect(out).toEqual({ data, shape: [2, 3, 4] });
    const one = maskAsStored({ data, shape: [1, 2, 3, 4] }, stored([2, 3, 4], 0, false), true);
    expect(one).toEqual({ data, shape: [2, 3, 4] });
  });

  it('masks of a channels-last input go back to channels last: out[b, i, c] = mask[b, c, i]', () => {
    const [B, C, P] = [2, 3, 4];
    const data = iota(B * C * P);
    const out = maskAsStored({ data, shape: [B, C, 2, 2] }, stored([B, 2, 2, C], 3, true), true);
    expect(out.shape).toEqual([B, 2, 2, C]);
    for (let b = 0; b < B; b++)
      for (let c = 0; c < C; c++)
        for (let i = 0; i < P; i++) expect(out.data[(b * P + i) * C + c]).toBe(data[(b * C + c) * P + i]);
  });

  it('masks of a middle class axis go back to it: [B, H, C, W]', () => {
    const [B, H, C, W] = [2, 3, 4, 5];
    const data = iota(B * C * H * W);
    const out = maskAsStored({ data, shape: [B, C, H, W] }, stored([B, H, C, W], 2, true), true);
    expect(out.shape).toEqual([B, H, C, W]);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let c = 0; c < C; c++)
          for (let w = 0; w < W; w++)
            expect(out.data[((b * H + h) * C + c) * W + w]).toBe(data[((b * C + c) * H + h) * W + w]);
  });
});
